import Foundation
import GRDB

/// A small ordered key-value table, `context`, for an application's shared
/// state next to its outbox (busctl keeps its `ctx` there).
///
/// ``sql
/// CREATE TABLE context (key TEXT PRIMARY KEY, value TEXT NOT NULL, position INTEGER);
/// ``
///
/// Values are opaque text (busctl stores typed JSON). Keys keep the order in
/// which they were first set: updating a key keeps its position; removing it
/// and setting it again moves it to the end.
///
/// The static methods take the `Database` of an open access and join its
/// transaction, so that context changes and outbox registrations
/// (``SQLiteOutbox``) commit or roll back together. The instance methods
/// each run in a transaction of their own on a writer.
///
/// ``swift
/// try dbQueue.write { db in
///     try SQLiteKeyValueStore.set(db, key: "orders", value: "[7]")
///     try registerOutboxMessage(SQLiteOutbox(db), message: OrderPlaced(orderID: 7))
/// }
/// ``
///
/// ## Topics
/// ### Migrating
/// - ``migrate(_:)``
/// - ``registerMigrations(in:)``
/// - ``migrationIdentifier``
/// - ``tableName``
/// ### Inside a transaction
/// - ``all(_:)``
/// - ``value(_:key:)``
/// - ``set(_:key:value:)``
/// - ``remove(_:key:)``
/// - ``removeAll(_:)``
/// ### On a writer
/// - ``init(_:)``
/// - ``all()``
/// - ``value(key:)``
/// - ``set(key:value:)``
/// - ``remove(key:)``
/// - ``removeAll()``
public final class SQLiteKeyValueStore: Sendable {
    /// The table's name: `context`.
    public static let tableName = "context"

    /// The identifier of the migration that creates the table, as GRDB
    /// records it in `grdb_migrations`.
    public static let migrationIdentifier = "messagebus.context.v1"

    /// The database of the instance methods.
    public let writer: any DatabaseWriter

    /// Creates a store whose methods each commit on `writer`.
    ///
    /// - Parameter writer: A `DatabaseQueue` or `DatabasePool` whose `context`
    ///   table exists (see ``migrate(_:)``).
    public init(_ writer: any DatabaseWriter) {
        self.writer = writer
    }

    // MARK: Schema

    /// Registers the migration that creates the `context` table in `migrator`.
    ///
    /// - Parameter migrator: The application's migrator.
    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration(migrationIdentifier) { db in
            try db.execute(sql: """
                CREATE TABLE context (key TEXT PRIMARY KEY, value TEXT NOT NULL, position INTEGER);
                CREATE INDEX context_position ON context (position);
                """)
        }
    }

    /// Creates the `context` table if it does not exist yet.
    ///
    /// - Parameter writer: A `DatabaseQueue` or `DatabasePool`.
    /// - Throws: The database's errors.
    public static func migrate(_ writer: some DatabaseWriter) throws {
        var migrator = DatabaseMigrator()
        registerMigrations(in: &migrator)
        try migrator.migrate(writer)
    }

    // MARK: Inside a transaction

    /// Every key and its value, in the order the keys were first set.
    ///
    /// - Parameter db: An open database access.
    /// - Throws: The database's errors.
    public static func all(_ db: Database) throws -> [(key: String, value: String)] {
        var pairs: [(key: String, value: String)] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT key, value FROM context ORDER BY position, rowid")
        while let row = try rows.next() {
            pairs.append((key: try row.decode(String.self, forColumn: "key"), value: try row.decode(String.self, forColumn: "value")))
        }
        return pairs
    }

    /// The value of `key`, or `nil` when it is not set.
    ///
    /// - Parameters:
    ///   - db: An open database access.
    ///   - key: The key.
    /// - Throws: The database's errors.
    public static func value(_ db: Database, key: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM context WHERE key = ?", arguments: [key])
    }

    /// Sets `key` to `value`. A new key goes last; an existing one keeps its position.
    ///
    /// - Parameters:
    ///   - db: An open database access (joins its transaction).
    ///   - key: The key.
    ///   - value: The value, stored as given.
    /// - Throws: The database's errors.
    public static func set(_ db: Database, key: String, value: String) throws {
        try db.execute(
            sql: """
                INSERT INTO context (key, value, position)
                VALUES (?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM context))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """,
            arguments: [key, value]
        )
    }

    /// Removes `key`.
    ///
    /// - Parameters:
    ///   - db: An open database access (joins its transaction).
    ///   - key: The key.
    /// - Returns: Whether the key was set.
    /// - Throws: The database's errors.
    @discardableResult
    public static func remove(_ db: Database, key: String) throws -> Bool {
        try db.execute(sql: "DELETE FROM context WHERE key = ?", arguments: [key])
        return db.changesCount > 0
    }

    /// Removes every key.
    ///
    /// - Parameter db: An open database access (joins its transaction).
    /// - Throws: The database's errors.
    public static func removeAll(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM context")
    }

    // MARK: On a writer

    /// Every key and its value, in the order the keys were first set.
    ///
    /// - Throws: The database's errors.
    public func all() throws -> [(key: String, value: String)] {
        try writer.read { db in try Self.all(db) }
    }

    /// The value of `key`, or `nil`.
    ///
    /// - Parameter key: The key.
    /// - Throws: The database's errors.
    public func value(key: String) throws -> String? {
        try writer.read { db in try Self.value(db, key: key) }
    }

    /// Sets `key` to `value` and commits.
    ///
    /// - Parameters:
    ///   - key: The key.
    ///   - value: The value.
    /// - Throws: The database's errors.
    public func set(key: String, value: String) throws {
        try writer.write { db in try Self.set(db, key: key, value: value) }
    }

    /// Removes `key` and commits.
    ///
    /// - Parameter key: The key.
    /// - Returns: Whether the key was set.
    /// - Throws: The database's errors.
    @discardableResult
    public func remove(key: String) throws -> Bool {
        try writer.write { db in try Self.remove(db, key: key) }
    }

    /// Removes every key and commits.
    ///
    /// - Throws: The database's errors.
    public func removeAll() throws {
        try writer.write { db in try Self.removeAll(db) }
    }
}
