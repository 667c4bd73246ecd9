import Foundation
import Logging
import MessageBus
import PostgresNIO

/// The outbox as seen from one `PostgresConnection`: every call joins the
/// transaction open on that connection, if any.
///
/// This is how an application stores its own rows and registers outbox
/// messages in one transaction, the point of the outbox pattern: inside a
/// `withTransaction` (or between your own `BEGIN` and `COMMIT`), the record
/// commits with the application's rows, and a rollback removes both.
///
/// ```swift
/// try await client.withTransaction(logger: logger) { connection in
///     try await connection.query("INSERT INTO orders (id, sku) VALUES (\(7), \("LAMP"))", logger: logger)
///     try await registerOutboxMessage(connection, message: OrderPlaced(orderID: 7))
/// }
/// ```
///
/// Registering a pending message sends a notification that wakes idle
/// relays; PostgreSQL delivers it when the transaction commits, and drops it
/// on rollback.
///
/// Each method is a single statement. A method that fails with a database
/// error (not an `OutboxError`, which is found without a failing statement)
/// aborts the caller's transaction, as any failed statement does in
/// PostgreSQL: roll it back. Outside a transaction, each call commits on its own.
///
/// Do not use the connection elsewhere while a call runs. To process the
/// outbox, use ``PostgresOutboxRelay`` or ``PostgresOutboxRepository``.
public final class PostgresOutbox: AsyncOutboxRepository {
    /// The connection whose transaction this outbox joins.
    public let connection: PostgresConnection

    /// The claimant name that ``claim(id:)`` writes.
    public let name: String

    private let statements: OutboxStatements

    /// Creates the outbox of `connection`.
    ///
    /// - Parameters:
    ///   - connection: An open connection, for example the one given to a
    ///     `withTransaction` closure.
    ///   - name: The claimant name for ``claim(id:)``. Default: unique to this object.
    ///   - leaseDuration: How long a claim by ``claim(id:)`` holds a record. Default: 5 minutes.
    ///   - logger: Where postgres-nio logs the statements. Default: nowhere.
    public init(
        _ connection: PostgresConnection,
        name: String = PostgresOutboxRelay.uniqueName(prefix: "connection"),
        leaseDuration: Duration = .seconds(300),
        logger: Logger = PostgresOutboxRepository.silentLogger
    ) {
        self.connection = connection
        self.name = name
        statements = OutboxStatements(connection: connection, logger: logger, claimant: name, lease: leaseDuration)
    }

    /// Inserts `record` in the connection's transaction; a pending record
    /// notifies idle relays when the transaction commits.
    ///
    /// - Throws: `OutboxError.duplicateID` (the transaction stays usable);
    ///   `OutboxError.encodingFailed`; ``PostgresOutboxError``.
    public func add(_ record: OutboxRecord) async throws {
        try await statements.add(record)
    }

    /// The record with id `id`, or `nil`; the transaction reads its own writes.
    ///
    /// - Throws: `OutboxError.invalidStoredRecord`; ``PostgresOutboxError``.
    public func record(id: UUID) async throws -> OutboxRecord? {
        try await statements.record(id: id)
    }

    /// Every record, oldest first.
    ///
    /// - Throws: `OutboxError.invalidStoredRecord`; ``PostgresOutboxError``.
    public func records() async throws -> [OutboxRecord] {
        try await statements.records()
    }

    /// The pending records, oldest first.
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

    /// Increments the attempts of a pending record and leases it to ``name``
    /// (see ``PostgresOutboxRepository/claim(id:)``).
    ///
    /// - Throws: `OutboxError.invalidStoredRecord`; ``PostgresOutboxError``.
    public func claim(id: UUID) async throws -> OutboxRecord? {
        try await statements.claim(id: id)
    }

    /// Marks a record processed and ends its lease.
    ///
    /// - Throws: `OutboxError.notFound`; ``PostgresOutboxError``.
    public func markProcessed(id: UUID, at date: Date) async throws {
        try await statements.markProcessed(id: id, at: date)
    }

    /// Records a failed attempt and ends its lease.
    ///
    /// - Throws: `OutboxError.notFound`; ``PostgresOutboxError``.
    public func recordFailure(id: UUID, error: String, dead: Bool) async throws {
        try await statements.recordFailure(id: id, error: error, dead: dead)
    }

    /// Puts a dead record back to pending with no attempts and no error.
    ///
    /// - Throws: `OutboxError.notFound`, `OutboxError.notDead`; ``PostgresOutboxError``.
    public func retry(id: UUID) async throws {
        try await statements.retry(id: id)
    }

    /// Deletes the processed records.
    ///
    /// - Returns: How many were deleted.
    /// - Throws: ``PostgresOutboxError``.
    @discardableResult
    public func purgeProcessed() async throws -> Int {
        try await statements.purgeProcessed()
    }
}
