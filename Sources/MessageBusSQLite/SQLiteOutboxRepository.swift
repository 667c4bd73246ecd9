import Foundation
import GRDB
import MessageBus

/// The outbox of a SQLite database, for processing: every call runs in a
/// write transaction of its own and commits.
///
/// Give it to `MessageBus.processOutbox(_:now:)`: the claim of an
/// attempt is committed before the outbox handlers run, and a record is marked
/// processed only after they all succeeded, so a process killed at any moment
/// loses no committed message and never marks one processed whose handlers did
/// not all succeed (delivery is at-least-once).
///
/// ``swift
/// let dbPool = try DatabasePool(path: "/path/to/app.sqlite")
/// try migrateOutbox(dbPool)
/// let outbox = SQLiteOutboxRepository(dbPool)
/// try bus.processOutbox(outbox)
/// ``
///
/// Register messages inside the application's own transactions with
/// ``SQLiteOutbox`` instead (this type's ``add(_:)`` commits on its own).
///
/// Calls use the writer's `write` and `read`, which GRDB does not allow inside
/// another access of the same writer: do not call it from inside a
/// `write {}` or `read {}` of `writer` (use ``SQLiteOutbox`` there). Outbox
/// handlers run outside any access, so they may use `writer` freely.
///
/// It conforms to `OutboxRepository` and `AsyncOutboxRepository`; the
/// `async` methods await the database without blocking a thread.
public final class SQLiteOutboxRepository: OutboxRepository, AsyncOutboxRepository {
    /// The database.
    public let writer: any DatabaseWriter

    /// Creates the outbox repository of a database whose outbox table exists
    /// (see ``migrateOutbox(_:)``).
    ///
    /// - Parameter writer: A `DatabaseQueue` or `DatabasePool`.
    public init(_ writer: any DatabaseWriter) {
        self.writer = writer
    }

    // MARK: Synchronous

    /// Inserts `record` and commits. See ``SQLiteOutbox/add(_:)``.
    public func add(_ record: OutboxRecord) throws {
        try writer.write { db in try SQLiteOutbox(db).add(record) }
    }

    /// The record with id `id`, or `nil`.
    public func record(id: UUID) throws -> OutboxRecord? {
        try writer.read { db in try SQLiteOutbox(db).record(id: id) }
    }

    /// Every record, oldest first.
    public func records() throws -> [OutboxRecord] {
        try writer.read { db in try SQLiteOutbox(db).records() }
    }

    /// The pending records, oldest first.
    public func pendingRecords() throws -> [OutboxRecord] {
        try writer.read { db in try SQLiteOutbox(db).pendingRecords() }
    }

    /// The oldest pending record, or `nil`.
    public func oldestPendingRecord() throws -> OutboxRecord? {
        try writer.read { db in try SQLiteOutbox(db).oldestPendingRecord() }
    }

    /// How many records have status `status`.
    public func count(status: OutboxStatus) throws -> Int {
        try writer.read { db in try SQLiteOutbox(db).count(status: status) }
    }

    /// Increments the attempts of a pending record and commits.
    ///
    /// - Returns: The updated record, or `nil` when it is not pending (or absent).
    public func claim(id: UUID) throws -> OutboxRecord? {
        try writer.write { db in try SQLiteOutbox(db).claim(id: id) }
    }

    /// Marks a record processed and commits.
    ///
    /// - Throws: `OutboxError.notFound`; the database's errors.
    public func markProcessed(id: UUID, at date: Date) throws {
        try writer.write { db in try SQLiteOutbox(db).markProcessed(id: id, at: date) }
    }

    /// Records a failed attempt and commits.
    ///
    /// - Throws: `OutboxError.notFound`; the database's errors.
    public func recordFailure(id: UUID, error: String, dead: Bool) throws {
        try writer.write { db in try SQLiteOutbox(db).recordFailure(id: id, error: error, dead: dead) }
    }

    /// Puts a dead record back to pending and commits.
    ///
    /// - Throws: `OutboxError.notFound`, `OutboxError.notDead`; the database's errors.
    public func retry(id: UUID) throws {
        try writer.write { db in try SQLiteOutbox(db).retry(id: id) }
    }

    /// Deletes the processed records and commits.
    ///
    /// - Returns: How many were deleted.
    @discardableResult
    public func purgeProcessed() throws -> Int {
        try writer.write { db in try SQLiteOutbox(db).purgeProcessed() }
    }

    // MARK: Asynchronous

    /// Inserts `record` and commits. See ``SQLiteOutbox/add(_:)``.
    public func add(_ record: OutboxRecord) async throws {
        try await writer.write { db in try SQLiteOutbox(db).add(record) }
    }

    /// The record with id `id`, or `nil`.
    public func record(id: UUID) async throws -> OutboxRecord? {
        try await writer.read { db in try SQLiteOutbox(db).record(id: id) }
    }

    /// Every record, oldest first.
    public func records() async throws -> [OutboxRecord] {
        try await writer.read { db in try SQLiteOutbox(db).records() }
    }

    /// The pending records, oldest first.
    public func pendingRecords() async throws -> [OutboxRecord] {
        try await writer.read { db in try SQLiteOutbox(db).pendingRecords() }
    }

    /// The oldest pending record, or `nil`.
    public func oldestPendingRecord() async throws -> OutboxRecord? {
        try await writer.read { db in try SQLiteOutbox(db).oldestPendingRecord() }
    }

    /// How many records have status `status`.
    public func count(status: OutboxStatus) async throws -> Int {
        try await writer.read { db in try SQLiteOutbox(db).count(status: status) }
    }

    /// Increments the attempts of a pending record and commits.
    public func claim(id: UUID) async throws -> OutboxRecord? {
        try await writer.write { db in try SQLiteOutbox(db).claim(id: id) }
    }

    /// Marks a record processed and commits.
    public func markProcessed(id: UUID, at date: Date) async throws {
        try await writer.write { db in try SQLiteOutbox(db).markProcessed(id: id, at: date) }
    }

    /// Records a failed attempt and commits.
    public func recordFailure(id: UUID, error: String, dead: Bool) async throws {
        try await writer.write { db in try SQLiteOutbox(db).recordFailure(id: id, error: error, dead: dead) }
    }

    /// Puts a dead record back to pending and commits.
    public func retry(id: UUID) async throws {
        try await writer.write { db in try SQLiteOutbox(db).retry(id: id) }
    }

    /// Deletes the processed records and commits.
    @discardableResult
    public func purgeProcessed() async throws -> Int {
        try await writer.write { db in try SQLiteOutbox(db).purgeProcessed() }
    }
}
