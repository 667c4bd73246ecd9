import Foundation
import Logging
import MessageBus
import PostgresNIO

/// The outbox of a PostgreSQL database, for processing and maintenance:
/// every call runs on a connection of a `PostgresClient` and commits on its own.
///
/// It conforms to `AsyncOutboxRepository` with the semantics of the SQLite
/// store (the same behavioural tests run against both), so
/// `AsyncMessageBus.processOutbox(_:now:)` works with it. To process the
/// outbox with several processes on several machines, run a
/// ``PostgresOutboxRelay`` in each instead: relays claim batches with
/// `FOR UPDATE SKIP LOCKED` and leases, so that no message is processed by two
/// relays at once.
///
/// ```swift
/// let client = PostgresClient(configuration: try PostgresURL("postgres://app@db.local/shop").clientConfiguration())
/// try await withThrowingDiscardingTaskGroup { group in
///     group.addTask { await client.run() }
///     let outbox = PostgresOutboxRepository(client)
///     let dead = try await outbox.count(status: .dead)
///     try await bus.processOutbox(outbox) // one processor; for several, use relays
///     group.cancelAll()
/// }
/// ```
///
/// Register messages inside the application's own transactions with
/// ``registerOutboxMessage(_:message:id:meta:createdAt:logger:)`` on the
/// transaction's `PostgresConnection` (or ``PostgresOutbox``): this type's
/// ``add(_:)`` commits on its own.
///
/// ``claim(id:)`` leases the record to this repository's ``name`` for
/// ``leaseDuration`` and skips records that a relay holds, so that a
/// `processOutbox` pass and running relays never work on one message at the
/// same time. Delivery is at-least-once: an attempt cut short (a crash, a
/// lost connection) runs again after its lease expires.
///
/// ## Topics
/// ### Creating a repository
/// - ``init(_:name:leaseDuration:logger:)``
/// - ``client``
/// - ``name``
/// - ``leaseDuration``
public final class PostgresOutboxRepository: AsyncOutboxRepository {
    /// The client whose connections the repository uses.
    public let client: PostgresClient

    /// The name written to a record's `claimed_by` by ``claim(id:)``.
    public let name: String

    /// How long a lease taken by ``claim(id:)`` lasts before another
    /// claimant may take the record.
    public let leaseDuration: Duration

    let statements: OutboxStatements

    /// A logger that drops everything: the default for postgres-nio's own logging.
    public static let silentLogger = Logger(label: "MessageBusPostgres.silent") { _ in SwiftLogNoOpLogHandler() }

    /// Creates the outbox repository of the database of `client`, whose
    /// outbox table exists (see ``PostgresOutboxSchema``).
    ///
    /// - Parameters:
    ///   - client: A `PostgresClient` whose `run()` is active while the repository is used.
    ///   - name: The claimant name for ``claim(id:)``. Default: unique to this
    ///     repository (host, process id and a random suffix).
    ///   - leaseDuration: How long a claim by ``claim(id:)`` holds a record. Default: 5 minutes.
    ///   - logger: Where postgres-nio logs the statements. Default: nowhere.
    public init(
        _ client: PostgresClient,
        name: String = PostgresOutboxRelay.uniqueName(prefix: "repository"),
        leaseDuration: Duration = .seconds(300),
        logger: Logger = PostgresOutboxRepository.silentLogger
    ) {
        self.client = client
        self.name = name
        self.leaseDuration = leaseDuration
        statements = OutboxStatements(client: client, logger: logger, claimant: name, lease: leaseDuration)
    }

    /// Inserts `record` and commits; a pending record wakes idle relays
    /// (`NOTIFY` on ``PostgresOutboxSchema/notificationChannel``).
    ///
    /// - Throws: `OutboxError.duplicateID`; `OutboxError.encodingFailed` for
    ///   a date outside years 0–9999 or JSON that is not UTF-8;
    ///   ``PostgresOutboxError`` (for example for a payload that is not JSON).
    public func add(_ record: OutboxRecord) async throws {
        try await statements.add(record)
    }

    /// The record with id `id`, or `nil`.
    ///
    /// - Throws: `OutboxError.invalidStoredRecord`; ``PostgresOutboxError``.
    public func record(id: UUID) async throws -> OutboxRecord? {
        try await statements.record(id: id)
    }

    /// Every record, oldest first (by creation time, then insertion order).
    ///
    /// - Throws: `OutboxError.invalidStoredRecord`; ``PostgresOutboxError``.
    public func records() async throws -> [OutboxRecord] {
        try await statements.records()
    }

    /// The pending records, oldest first, whether or not they are due or leased.
    ///
    /// - Throws: `OutboxError.invalidStoredRecord`; ``PostgresOutboxError``.
    public func pendingRecords() async throws -> [OutboxRecord] {
        try await statements.pendingRecords()
    }

    /// The oldest pending record, or `nil`.
    ///
    /// - Throws: `OutboxError.invalidStoredRecord`; ``PostgresOutboxError``.
    public func oldestPendingRecord() async throws -> OutboxRecord? {
        try await statements.oldestPendingRecord()
    }

    /// How many records have status `status`.
    ///
    /// - Throws: ``PostgresOutboxError``.
    public func count(status: OutboxStatus) async throws -> Int {
        try await statements.count(status: status)
    }

    /// Increments the attempts of a pending record, leases it to ``name``
    /// for ``leaseDuration``, and commits.
    ///
    /// - Returns: The updated record, or `nil` when it is not pending (or
    ///   absent), or another claimant (a relay) holds a lease on it that has
    ///   not expired.
    /// - Throws: `OutboxError.invalidStoredRecord`; ``PostgresOutboxError``.
    public func claim(id: UUID) async throws -> OutboxRecord? {
        try await statements.claim(id: id)
    }

    /// Marks a record processed, ends its lease and commits.
    ///
    /// - Throws: `OutboxError.notFound`; ``PostgresOutboxError``.
    public func markProcessed(id: UUID, at date: Date) async throws {
        try await statements.markProcessed(id: id, at: date)
    }

    /// Records a failed attempt (`dead`: as a dead letter), ends its lease and commits.
    ///
    /// The record's next attempt time is unchanged: backoff is the relay's
    /// business (``PostgresOutboxRelay/Configuration/backoff``).
    ///
    /// - Throws: `OutboxError.notFound`; ``PostgresOutboxError``.
    public func recordFailure(id: UUID, error: String, dead: Bool) async throws {
        try await statements.recordFailure(id: id, error: error, dead: dead)
    }

    /// Puts a dead record back to pending, due now, with no attempts and no error, and commits.
    ///
    /// - Throws: `OutboxError.notFound`, `OutboxError.notDead`; ``PostgresOutboxError``.
    public func retry(id: UUID) async throws {
        try await statements.retry(id: id)
    }

    /// Deletes the processed records and commits.
    ///
    /// - Returns: How many were deleted.
    /// - Throws: ``PostgresOutboxError``.
    @discardableResult
    public func purgeProcessed() async throws -> Int {
        try await statements.purgeProcessed()
    }
}
