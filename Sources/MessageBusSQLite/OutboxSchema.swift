import Foundation
import GRDB

/// The SQLite schema of the outbox: one table, `outbox`, created by a GRDB
/// migration.
///
/// ``sql
/// CREATE TABLE outbox (
///     sequence     INTEGER PRIMARY KEY AUTOINCREMENT, -- insertion order
///     id           TEXT NOT NULL UNIQUE,              -- lowercase UUID
///     type         TEXT NOT NULL,                     -- COMMAND or EVENT
///     name         TEXT NOT NULL,                     -- the message's routing name
///     payload      TEXT NOT NULL,                     -- the message's JSON
///     meta         TEXT NOT NULL DEFAULT '{}',        -- a JSON object
///     created_at   TEXT NOT NULL,                     -- 2026-11-29T10:15:00.123000Z
///     attempts     INTEGER NOT NULL DEFAULT 0,
///     last_error   TEXT,
///     status       TEXT NOT NULL DEFAULT 'pending',   -- pending, processed or dead
///     processed_at TEXT
/// );
/// CREATE INDEX outbox_status_order ON outbox (status, created_at, sequence);
/// ``
///
/// Times are UTC ISO 8601 text with exactly six fraction digits, so they sort
/// as text and read well in the `sqlite3` shell. The index serves "pending
/// records, oldest first" and the counts per status.
///
/// An application that keeps its own tables in the same database registers
/// the outbox migration in its own migrator, next to its own migrations:
///
/// ``swift
/// var migrator = DatabaseMigrator()
/// migrator.registerMigration("orders") { db in
///     try db.execute(sql: "CREATE TABLE orders (id INTEGER PRIMARY KEY, sku TEXT NOT NULL)")
/// }
/// OutboxSchema.registerMigrations(in: &migrator)
/// try migrator.migrate(dbQueue)
/// ``
///
/// ## Topics
/// ### Migrating
/// - ``migrateOutbox(_:)``
/// - ``registerMigrations(in:)``
/// - ``migrator``
/// - ``migrationIdentifier``
/// - ``tableName``
public enum OutboxSchema {
    /// The outbox table's name: `outbox`.
    public static let tableName = "outbox"

    /// The identifier of the migration that creates the table, as GRDB
    /// records it in `grdb_migrations`.
    public static let migrationIdentifier = "messagebus.outbox.v1"

    /// Registers the outbox migration in `migrator`, after the migrations it already has.
    ///
    /// - Parameter migrator: The application's migrator.
    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration(migrationIdentifier) { db in
            try db.execute(sql: """
                CREATE TABLE outbox (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    type TEXT NOT NULL CHECK (type IN ('COMMAND', 'EVENT')),
                    name TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    meta TEXT NOT NULL DEFAULT '{}',
                    created_at TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                    last_error TEXT,
                    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processed', 'dead')),
                    processed_at TEXT
                );
                CREATE INDEX outbox_status_order ON outbox (status, created_at, sequence);
                """)
        }
    }

    /// A migrator with the outbox migration only.
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        registerMigrations(in: &migrator)
        return migrator
    }
}

/// Creates the outbox table in the database of `writer` if it does not exist
/// yet (runs ``OutboxSchema/migrator``).
///
/// Applications with migrations of their own use
/// ``OutboxSchema/registerMigrations(in:)`` instead.
///
/// - Parameter writer: A `DatabaseQueue` or `DatabasePool`.
/// - Throws: The database's errors (for example when a foreign table named
///   `outbox` exists already).
public func migrateOutbox(_ writer: some DatabaseWriter) throws {
    try OutboxSchema.migrator.migrate(writer)
}
