#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Storage for outbox records: the seed's `OutBoxRepoABC`, with the methods
/// that processing needs.
///
/// Every method acts in the repository's own transaction scope. A repository
/// built on a caller's open transaction (`SQLiteOutbox` over the GRDB
/// `Database` of a `write {}`) joins it: the record commits or rolls back with
/// the caller's own rows, which is the point of the outbox pattern. A
/// repository built on a database connection or pool (`SQLiteOutboxRepository`)
/// commits each call on its own, which is what processing needs: a claimed
/// attempt is durable before any handler runs.
///
/// Implementations keep records in insertion order: "oldest first" means by
/// ``OutboxRecord/createdAt``, then by the order in which they were added.
/// They keep ``OutboxRecord/createdAt`` and ``OutboxRecord/processedAt`` to the
/// microsecond (``OutboxCoding/roundedToMicrosecond(_:)``).
///
/// ## Topics
/// ### Adding and reading
/// - ``add(_:)``
/// - ``record(id:)``
/// - ``records()``
/// - ``pendingRecords()``
/// - ``oldestPendingRecord()``
/// - ``count(status:)``
/// ### Processing
/// - ``claim(id:)``
/// - ``markProcessed(id:at:)``
/// - ``recordFailure(id:error:dead:)``
/// ### Maintenance
/// - ``retry(id:)``
/// - ``purgeProcessed()``
public protocol OutboxRepository: AnyObject {
    /// Stores a new record (the seed's `_add`).
    ///
    /// - Parameter record: The record, usually built by
    ///   ``registerOutboxMessage(_:message:id:meta:createdAt:)``.
    /// - Throws: ``OutboxError/duplicateID(_:)`` when a record with the same id
    ///   exists; the store's own errors.
    func add(_ record: OutboxRecord) throws

    /// The record with id `id`, or `nil` if there is none.
    ///
    /// - Parameter id: The record's id.
    /// - Throws: The store's own errors.
    func record(id: UUID) throws -> OutboxRecord?

    /// Every record, whatever its status, oldest first (by creation time, then
    /// in the order they were added).
    ///
    /// - Throws: The store's own errors.
    func records() throws -> [OutboxRecord]

    /// The pending records, oldest first (the seed's `list_unprocessed`).
    ///
    /// - Throws: The store's own errors.
    func pendingRecords() throws -> [OutboxRecord]

    /// The oldest pending record, or `nil` when none is pending.
    ///
    /// A default implementation returns the first of ``pendingRecords()``.
    ///
    /// - Throws: The store's own errors.
    func oldestPendingRecord() throws -> OutboxRecord?

    /// How many records have status `status`.
    ///
    /// A default implementation counts ``records()``.
    ///
    /// - Parameter status: The status to count.
    /// - Throws: The store's own errors.
    func count(status: OutboxStatus) throws -> Int

    /// Starts an attempt: increments ``OutboxRecord/attempts`` of a pending
    /// record and commits it, before any handler runs, so that a crash during
    /// the attempt still counts it.
    ///
    /// - Parameter id: The record's id.
    /// - Returns: The updated record, or `nil` when the record is not pending
    ///   any more (processed, dead, purged or never added).
    /// - Throws: The store's own errors.
    func claim(id: UUID) throws -> OutboxRecord?

    /// Marks a record processed at `date` (every outbox handler succeeded).
    ///
    /// ``OutboxRecord/lastError`` is kept, as history.
    ///
    /// - Parameters:
    ///   - id: The record's id.
    ///   - date: When it was processed; kept to the microsecond.
    /// - Throws: ``OutboxError/notFound(_:)``; the store's own errors.
    func markProcessed(id: UUID, at date: Date) throws

    /// Records a failed attempt's error.
    ///
    /// - Parameters:
    ///   - id: The record's id.
    ///   - error: The error's text (``OutboxRecord/lastError``).
    ///   - dead: `true` moves the record to ``OutboxStatus/dead``; otherwise
    ///     it stays ``OutboxStatus/pending``.
    /// - Throws: ``OutboxError/notFound(_:)``; the store's own errors.
    func recordFailure(id: UUID, error: String, dead: Bool) throws

    /// Puts a dead record back to pending, with ``OutboxRecord/attempts``
    /// reset to 0 (the next try is attempt 1) and ``OutboxRecord/lastError`` cleared.
    ///
    /// - Parameter id: The record's id.
    /// - Throws: ``OutboxError/notFound(_:)``, ``OutboxError/notDead(_:)`` when
    ///   the record is pending or processed; the store's own errors.
    func retry(id: UUID) throws

    /// Deletes every processed record.
    ///
    /// - Returns: How many records were deleted.
    /// - Throws: The store's own errors.
    @discardableResult
    func purgeProcessed() throws -> Int
}

extension OutboxRepository {
    /// The first of ``pendingRecords()``.
    public func oldestPendingRecord() throws -> OutboxRecord? {
        try pendingRecords().first
    }

    /// Counts the records of ``records()`` whose status is `status`.
    public func count(status: OutboxStatus) throws -> Int {
        try records().count { $0.status == status }
    }
}
