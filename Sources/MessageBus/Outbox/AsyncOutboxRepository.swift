#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The `async` twin of ``OutboxRepository``, for the async bus and for
/// stores whose calls suspend instead of blocking.
///
/// Each method means exactly what its ``OutboxRepository`` namesake means,
/// transaction scope included. A type can conform to both protocols: a
/// synchronous method also satisfies the `async` requirement
/// (``InMemoryOutboxRepository`` does that); `SQLiteOutboxRepository`
/// implements both, the `async` ones without blocking a thread.
public protocol AsyncOutboxRepository: AnyObject, Sendable {
    /// Stores a new record. See ``OutboxRepository/add(_:)``.
    ///
    /// - Parameter record: The record.
    /// - Throws: ``OutboxError/duplicateID(_:)``; the store's own errors.
    func add(_ record: OutboxRecord) async throws

    /// The record with id `id`, or `nil`. See ``OutboxRepository/record(id:)``.
    ///
    /// - Parameter id: The record's id.
    /// - Throws: The store's own errors.
    func record(id: UUID) async throws -> OutboxRecord?

    /// Every record, oldest first. See ``OutboxRepository/records()``.
    ///
    /// - Throws: The store's own errors.
    func records() async throws -> [OutboxRecord]

    /// The pending records, oldest first. See ``OutboxRepository/pendingRecords()``.
    ///
    /// - Throws: The store's own errors.
    func pendingRecords() async throws -> [OutboxRecord]

    /// The oldest pending record, or `nil`. See ``OutboxRepository/oldestPendingRecord()``.
    ///
    /// A default implementation returns the first of ``pendingRecords()``.
    ///
    /// - Throws: The store's own errors.
    func oldestPendingRecord() async throws -> OutboxRecord?

    /// How many records have status `status`. See ``OutboxRepository/count(status:)``.
    ///
    /// A default implementation counts ``records()``.
    ///
    /// - Parameter status: The status to count.
    /// - Throws: The store's own errors.
    func count(status: OutboxStatus) async throws -> Int

    /// Starts an attempt and commits it. See ``OutboxRepository/claim(id:)``.
    ///
    /// - Parameter id: The record's id.
    /// - Returns: The updated record, or `nil` when it is not pending any more.
    /// - Throws: The store's own errors.
    func claim(id: UUID) async throws -> OutboxRecord?

    /// Marks a record processed. See ``OutboxRepository/markProcessed(id:at:)``.
    ///
    /// - Parameters:
    ///   - id: The record's id.
    ///   - date: When it was processed.
    /// - Throws: ``OutboxError/notFound(_:)``; the store's own errors.
    func markProcessed(id: UUID, at date: Date) async throws

    /// Records a failed attempt. See ``OutboxRepository/recordFailure(id:error:dead:)``.
    ///
    /// - Parameters:
    ///   - id: The record's id.
    ///   - error: The error's text.
    ///   - dead: Whether the record becomes a dead letter.
    /// - Throws: ``OutboxError/notFound(_:)``; the store's own errors.
    func recordFailure(id: UUID, error: String, dead: Bool) async throws

    /// Puts a dead record back to pending. See ``OutboxRepository/retry(id:)``.
    ///
    /// - Parameter id: The record's id.
    /// - Throws: ``OutboxError/notFound(_:)``, ``OutboxError/notDead(_:)``; the store's own errors.
    func retry(id: UUID) async throws

    /// Deletes every processed record. See ``OutboxRepository/purgeProcessed()``.
    ///
    /// - Returns: How many records were deleted.
    /// - Throws: The store's own errors.
    @discardableResult
    func purgeProcessed() async throws -> Int
}

extension AsyncOutboxRepository {
    /// The first of ``pendingRecords()``.
    public func oldestPendingRecord() async throws -> OutboxRecord? {
        try await pendingRecords().first
    }

    /// Counts the records of ``records()`` whose status is `status`.
    public func count(status: OutboxStatus) async throws -> Int {
        try await records().count { $0.status == status }
    }
}
