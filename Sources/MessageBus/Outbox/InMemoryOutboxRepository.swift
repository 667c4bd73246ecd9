#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// An outbox repository that keeps its records in memory: for tests, examples
/// and tools that need no durability.
///
/// Every call takes effect at once (there is no transaction to join), and the
/// repository is safe to use from several threads and tasks. To see the
/// outbox pattern's "all or nothing" without a database, wrap registrations
/// in ``transaction(_:)``: if its body throws, every change made to this
/// repository during it is undone.
///
/// ```swift
/// let outbox = InMemoryOutboxRepository()
/// try registerOutboxMessage(outbox, message: PlaceOrder(orderID: 7, sku: "LAMP"))
/// try bus.processOutbox(outbox)
/// ```
///
/// It conforms to ``OutboxRepository`` and, with the same synchronous methods,
/// to ``AsyncOutboxRepository``.
///
/// - Complexity: Reads that return several records sort them: O(*n* log *n*)
///   for *n* records. Single-record calls are O(1) on average, except
///   ``purgeProcessed()``, which is O(*n*).
public final class InMemoryOutboxRepository: OutboxRepository, AsyncOutboxRepository {
    private struct Entry: Sendable {
        var sequence: Int
        var record: OutboxRecord
    }

    private struct State: Sendable {
        var entries: [UUID: Entry] = [:]
        var nextSequence = 1
    }

    private let state = Mutex(State())

    /// Creates an empty repository.
    public init() {}

    /// Creates a repository holding `records`, added in order.
    ///
    /// - Parameter records: The records; a later record with the id of an
    ///   earlier one replaces it.
    public init(records: [OutboxRecord]) {
        state.withLock { state in
            for record in records {
                state.entries[record.id] = Entry(sequence: state.nextSequence, record: Self.normalized(record))
                state.nextSequence += 1
            }
        }
    }

    /// Runs `body` and, if it throws, undoes every change made to this
    /// repository since `body` started, then rethrows.
    ///
    /// This imitates a database transaction for tests; it does not isolate
    /// `body` from other threads (their changes made meanwhile are undone too).
    ///
    /// - Parameter body: The work to do; it is given this repository.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    @discardableResult
    public func transaction<T>(_ body: (InMemoryOutboxRepository) throws -> T) rethrows -> T {
        let snapshot = state.withLock { $0 }
        do {
            return try body(self)
        } catch {
            state.withLock { $0 = snapshot }
            throw error
        }
    }

    /// Stores `record` (its dates rounded to the microsecond).
    ///
    /// - Throws: ``OutboxError/duplicateID(_:)`` when the id is taken.
    public func add(_ record: OutboxRecord) throws {
        try state.withLock { state in
            guard state.entries[record.id] == nil else { throw OutboxError.duplicateID(record.id) }
            state.entries[record.id] = Entry(sequence: state.nextSequence, record: Self.normalized(record))
            state.nextSequence += 1
        }
    }

    /// The record with id `id`, or `nil`.
    public func record(id: UUID) -> OutboxRecord? {
        state.withLock { $0.entries[id]?.record }
    }

    /// Every record, oldest first.
    public func records() -> [OutboxRecord] {
        sorted(where: { _ in true })
    }

    /// The pending records, oldest first.
    public func pendingRecords() -> [OutboxRecord] {
        sorted(where: { $0.status == .pending })
    }

    /// The oldest pending record, or `nil`.
    public func oldestPendingRecord() -> OutboxRecord? {
        state.withLock { state in
            state.entries.values
                .filter { $0.record.status == .pending }
                .min(by: Self.isOlder)?
                .record
        }
    }

    /// How many records have status `status`.
    public func count(status: OutboxStatus) -> Int {
        state.withLock { $0.entries.values.count { $0.record.status == status } }
    }

    /// Increments the attempts of a pending record.
    ///
    /// - Returns: The updated record, or `nil` when it is not pending (or absent).
    public func claim(id: UUID) -> OutboxRecord? {
        state.withLock { state in
            guard var entry = state.entries[id], entry.record.status == .pending else { return nil }
            entry.record.attempts += 1
            state.entries[id] = entry
            return entry.record
        }
    }

    /// Marks a record processed at `date` (rounded to the microsecond).
    ///
    /// - Throws: ``OutboxError/notFound(_:)``.
    public func markProcessed(id: UUID, at date: Date) throws {
        try update(id) { record in
            record.status = .processed
            record.processedAt = OutboxCoding.roundedToMicrosecond(date)
        }
    }

    /// Records a failed attempt's error; `dead` makes the record a dead letter.
    ///
    /// - Throws: ``OutboxError/notFound(_:)``.
    public func recordFailure(id: UUID, error: String, dead: Bool) throws {
        try update(id) { record in
            record.lastError = error
            if dead {
                record.status = .dead
            }
        }
    }

    /// Puts a dead record back to pending with no attempts and no error.
    ///
    /// - Throws: ``OutboxError/notFound(_:)``, ``OutboxError/notDead(_:)``.
    public func retry(id: UUID) throws {
        try update(id) { record in
            guard record.status == .dead else { throw OutboxError.notDead(id) }
            record.status = .pending
            record.attempts = 0
            record.lastError = nil
        }
    }

    /// Deletes the processed records.
    ///
    /// - Returns: How many were deleted.
    @discardableResult
    public func purgeProcessed() -> Int {
        state.withLock { state in
            let before = state.entries.count
            state.entries = state.entries.filter { $0.value.record.status != .processed }
            return before - state.entries.count
        }
    }

    /// Deletes every record (for tests that reuse a repository).
    public func removeAll() {
        state.withLock { $0.entries.removeAll() }
    }

    // MARK: Helpers

    private func update(_ id: UUID, _ change: (inout OutboxRecord) throws -> Void) throws {
        try state.withLock { state in
            guard var entry = state.entries[id] else { throw OutboxError.notFound(id) }
            try change(&entry.record)
            state.entries[id] = entry
        }
    }

    private func sorted(where include: (OutboxRecord) -> Bool) -> [OutboxRecord] {
        state.withLock { state in
            state.entries.values
                .filter { include($0.record) }
                .sorted(by: Self.isOlder)
                .map(\.record)
        }
    }

    private static func isOlder(_ lhs: Entry, _ rhs: Entry) -> Bool {
        if lhs.record.createdAt != rhs.record.createdAt {
            return lhs.record.createdAt < rhs.record.createdAt
        }
        return lhs.sequence < rhs.sequence
    }

    private static func normalized(_ record: OutboxRecord) -> OutboxRecord {
        var record = record
        record.createdAt = OutboxCoding.roundedToMicrosecond(record.createdAt)
        record.processedAt = record.processedAt.map(OutboxCoding.roundedToMicrosecond)
        return record
    }
}
