import Foundation
import GRDB
import MessageBus

/// The outbox as seen from inside an open GRDB database access: every call
/// joins the caller's transaction.
///
/// This is how an application stores its own rows and registers outbox
/// messages in one transaction, the point of the outbox pattern: inside a
/// `write {}`, the record commits with the application's rows, and if the
/// closure throws, both are rolled back.
///
/// ``swift
/// try dbQueue.write { db in
///     try db.execute(sql: "INSERT INTO orders (id, sku) VALUES (?, ?)", arguments: [7, "LAMP"])
///     try registerOutboxMessage(SQLiteOutbox(db), message: OrderPlaced(orderID: 7))
/// }
/// ``
///
/// Each method is atomic on its own (one statement, or a savepoint around
/// several), and a failing call leaves the caller's transaction as it was. Outside a
/// transaction (in `writeWithoutTransaction {}`), each call commits on its
/// own. Read-only methods also work in `read {}`.
///
/// Use it only during the database access that gave you `db`; do not keep it.
/// To process the outbox, use ``SQLiteOutboxRepository``, whose calls each
/// commit: a claim must be durable before handlers run.
///
/// The table must exist: see ``migrateOutbox(_:)``.
public final class SQLiteOutbox: OutboxRepository {
    /// The database connection whose transaction this outbox joins.
    public let db: Database

    /// Creates the outbox of an open database access.
    ///
    /// - Parameter db: The `Database` given to a `write`, `writeWithoutTransaction`
    ///   or `read` closure.
    public init(_ db: Database) {
        self.db = db
    }

    /// Inserts `record`.
    ///
    /// - Throws: `OutboxError.duplicateID`; `OutboxError.encodingFailed`
    ///   for a date outside years 0–9999; the database's errors.
    public func add(_ record: OutboxRecord) throws {
        let createdAt = try OutboxSQL.text(record.createdAt)
        let processedAt = try record.processedAt.map(OutboxSQL.text)
        // One statement needs no savepoint: SQLite undoes a failing statement
        // and leaves the transaction as it was. The UNIQUE index on `id` finds
        // duplicates, so there is no lookup first (half the cost of W4a).
        do {
            try db.cachedStatement(sql: """
                INSERT INTO outbox (\(OutboxSQL.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [
                    OutboxSQL.key(record.id),
                    record.type.rawValue,
                    record.name,
                    OutboxSQL.jsonValue(record.payload),
                    OutboxSQL.jsonValue(record.meta),
                    createdAt,
                    record.attempts,
                    record.lastError,
                    record.status.rawValue,
                    processedAt,
                ])
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw OutboxError.duplicateID(record.id)
        }
    }

    public func record(id: UUID) throws -> OutboxRecord? {
        try fetchAll("SELECT \(OutboxSQL.columns) FROM outbox WHERE id = ?", [OutboxSQL.key(id)]).first
    }

    /// Every record, oldest first.
    ///
    /// - Throws: `OutboxError.invalidStoredRecord`; the database's errors.
    public func records() throws -> [OutboxRecord] {
        try fetchAll("SELECT \(OutboxSQL.columns) FROM outbox \(OutboxSQL.order)", [])
    }

    /// The pending records, oldest first.
    ///
    /// - Throws: `OutboxError.invalidStoredRecord`; the database's errors.
    public func pendingRecords() throws -> [OutboxRecord] {
        try fetchAll("SELECT \(OutboxSQL.columns) FROM outbox WHERE status = 'pending' \(OutboxSQL.order)", [])
    }

    /// The oldest pending record, or `nil`.
    ///
    /// - Throws: `OutboxError.invalidStoredRecord`; the database's errors.
    public func oldestPendingRecord() throws -> OutboxRecord? {
        try fetchAll("SELECT \(OutboxSQL.columns) FROM outbox WHERE status = 'pending' \(OutboxSQL.order) LIMIT 1", []).first
    }

    /// How many records have status `status`.
    ///
    /// - Throws: The database's errors.
    public func count(status: OutboxStatus) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM outbox WHERE status = ?"), arguments: [status.rawValue]) ?? 0
    }

    /// Increments the attempts of a pending record, in a savepoint (a
    /// transaction of its own when none is open).
    ///
    /// - Returns: The updated record, or `nil` when it is not pending (or absent).
    /// - Throws: `OutboxError.invalidStoredRecord`; the database's errors.
    public func claim(id: UUID) throws -> OutboxRecord? {
        var claimed: OutboxRecord?
        try db.inSavepoint {
            try db.cachedStatement(sql: "UPDATE outbox SET attempts = attempts + 1 WHERE id = ? AND status = 'pending'")
                .execute(arguments: [OutboxSQL.key(id)])
            if db.changesCount > 0 {
                claimed = try record(id: id)
            }
            return .commit
        }
        return claimed
    }

    /// Marks a record processed at `date` (to the microsecond).
    ///
    /// - Throws: `OutboxError.notFound`; the database's errors.
    public func markProcessed(id: UUID, at date: Date) throws {
        let processedAt = try OutboxSQL.text(date)
        try update(id, "UPDATE outbox SET status = 'processed', processed_at = ? WHERE id = ?", [processedAt, OutboxSQL.key(id)])
    }

    /// Records a failed attempt's error; `dead` makes the record a dead letter.
    ///
    /// - Throws: `OutboxError.notFound`; the database's errors.
    public func recordFailure(id: UUID, error: String, dead: Bool) throws {
        if dead {
            try update(id, "UPDATE outbox SET last_error = ?, status = 'dead' WHERE id = ?", [error, OutboxSQL.key(id)])
        } else {
            try update(id, "UPDATE outbox SET last_error = ? WHERE id = ?", [error, OutboxSQL.key(id)])
        }
    }

    /// Puts a dead record back to pending with no attempts and no error.
    ///
    /// - Throws: `OutboxError.notFound`, `OutboxError.notDead`; the database's errors.
    public func retry(id: UUID) throws {
        try db.inSavepoint {
            let key = OutboxSQL.key(id)
            guard let status = try String.fetchOne(db, sql: "SELECT status FROM outbox WHERE id = ?", arguments: [key]) else {
                throw OutboxError.notFound(id)
            }
            guard status == OutboxStatus.dead.rawValue else { throw OutboxError.notDead(id) }
            try db.execute(sql: "UPDATE outbox SET status = 'pending', attempts = 0, last_error = NULL WHERE id = ?", arguments: [key])
            return .commit
        }
    }

    /// Deletes the processed records.
    ///
    /// - Returns: How many were deleted.
    /// - Throws: The database's errors.
    @discardableResult
    public func purgeProcessed() throws -> Int {
        var count = 0
        try db.inSavepoint {
            try db.execute(sql: "DELETE FROM outbox WHERE status = 'processed'")
            count = db.changesCount
            return .commit
        }
        return count
    }

    // MARK: Helpers

    private func fetchAll(_ sql: String, _ arguments: StatementArguments) throws -> [OutboxRecord] {
        try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map(OutboxSQL.record(from:))
    }

    /// Runs an UPDATE of one record in a savepoint.
    ///
    /// - Throws: `OutboxError.notFound` when it changed no row.
    private func update(_ id: UUID, _ sql: String, _ arguments: StatementArguments) throws {
        try db.inSavepoint {
            try db.cachedStatement(sql: sql).execute(arguments: arguments)
            guard db.changesCount > 0 else { throw OutboxError.notFound(id) }
            return .commit
        }
    }
}
