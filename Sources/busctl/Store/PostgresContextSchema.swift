import Logging
import MessageBusPostgres
import PostgresNIO

/// The table in which `busctl --postgres` keeps the session's context, next
/// to the outbox of `MessageBusPostgres`:
///
/// ```sql
/// CREATE TABLE busctl_context (
///     position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- insertion order
///     key      text NOT NULL UNIQUE,
///     value    text NOT NULL                                      -- the value in busctl's storage text
/// );
/// ```
///
/// Keys keep the order in which they were first set, as in the SQLite
/// store: updating a key keeps its position; removing it and setting it
/// again moves it to the end. The migration is recorded as
/// ``migrationIdentifier`` in the outbox's `messagebus_migrations` table, so
/// the outbox schema is migrated first; it runs under an advisory lock (a
/// session and relays starting together do not race) and does nothing when
/// it already ran. The table goes in the first schema of the connection's
/// `search_path`, like the outbox.
enum PostgresContextSchema {
    /// The table's name.
    static let tableName = "busctl_context"

    /// The migration's name in `messagebus_migrations`.
    static let migrationIdentifier = "busctl.context.v1"

    /// The advisory lock that serialises concurrent migrations ("BUSCTL_C").
    private static let advisoryLockKey: Int64 = 0x4255_5343_544C_5F43

    /// Creates the outbox table and the context table if their migrations
    /// have not run yet, after checking that neither exists without having
    /// been created by them (see ``PostgresTableOwnership``): then nothing
    /// is created.
    ///
    /// - Throws: ``ForeignTableError`` for a table that is not busctl's; the
    ///   database's errors (for example when the user may not create tables).
    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withConnection { connection in
            try await PostgresTableOwnership.check(connection, logger: logger)
        }
        try await PostgresOutboxSchema.migrate(client, logger: logger)
        try await client.withConnection { connection in
            if try await isApplied(on: connection, logger: logger) { return }
            try await connection.query("BEGIN", logger: logger)
            do {
                try await connection.query("SELECT pg_advisory_xact_lock(\(advisoryLockKey))", logger: logger)
                if try await !isApplied(on: connection, logger: logger) {
                    try await connection.query("""
                        CREATE TABLE busctl_context (
                            position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                            key text NOT NULL UNIQUE,
                            value text NOT NULL
                        )
                        """, logger: logger)
                    try await connection.query("INSERT INTO messagebus_migrations (identifier) VALUES (\(migrationIdentifier))", logger: logger)
                }
                try await connection.query("COMMIT", logger: logger)
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    private static func isApplied(on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query(
            "SELECT 1 FROM messagebus_migrations WHERE identifier = \(migrationIdentifier)",
            logger: logger
        ).collect()
        return !rows.isEmpty
    }

    // MARK: Statements

    /// Every key and its value, in insertion order.
    static func all(_ connection: PostgresConnection, logger: Logger) async throws -> [(key: String, text: String)] {
        var pairs: [(key: String, text: String)] = []
        let rows = try await connection.query("SELECT key, value FROM busctl_context ORDER BY position", logger: logger)
        for try await (key, value) in rows.decode((String, String).self) {
            pairs.append((key: key, text: value))
        }
        return pairs
    }

    /// Sets `key`; a new key goes last, an existing one keeps its place.
    static func set(_ connection: PostgresConnection, key: String, value: String, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO busctl_context (key, value) VALUES (\(key), \(value))
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
            """, logger: logger)
    }

    /// Removes `key` (nothing happens when it is not set).
    static func remove(_ connection: PostgresConnection, key: String, logger: Logger) async throws {
        try await connection.query("DELETE FROM busctl_context WHERE key = \(key)", logger: logger)
    }
}
