import Logging
import PostgresNIO

/// The PostgreSQL schema of the outbox: one table, `outbox`, created by an
/// idempotent, versioned migration.
///
/// ```sql
/// CREATE TABLE outbox (
///     sequence        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- insertion order
///     id              uuid NOT NULL UNIQUE,
///     type            text NOT NULL,                   -- COMMAND or EVENT
///     name            text NOT NULL,                   -- the message's routing name
///     payload         json NOT NULL,                   -- the message's JSON, kept as written
///     meta            json NOT NULL DEFAULT '{}',      -- a JSON object
///     created_at      timestamptz NOT NULL,
///     attempts        integer NOT NULL DEFAULT 0,
///     last_error      text,
///     status          text NOT NULL DEFAULT 'pending', -- pending, processed or dead
///     processed_at    timestamptz,
///     next_attempt_at timestamptz NOT NULL DEFAULT now(), -- not due before (backoff)
///     claimed_by      text,                            -- the relay that holds the lease
///     claimed_until   timestamptz                      -- when its lease expires
/// );
/// CREATE INDEX outbox_pending_order ON outbox (created_at, sequence) WHERE status = 'pending';
/// CREATE INDEX outbox_status ON outbox (status);
/// ```
///
/// The columns up to `processed_at` are those of the SQLite outbox (see
/// `MessageBusSQLite`'s `OutboxSchema`); the last three serve concurrent
/// relays. Payload and meta use the `json` type, which keeps the exact text
/// it was given (`jsonb` would reorder keys) and can still be queried
/// (`payload->>'orderID'`). Times are `timestamptz`, to the microsecond, and
/// leases and backoff use the server's clock (`now()`), never a relay's.
///
/// Run ``migrate(_:logger:)-(PostgresClient,_)`` once before using the outbox, from
/// a deployment step or when the application starts; ``PostgresOutboxRelay``
/// runs it on start unless told not to
/// (``PostgresOutboxRelay/Configuration/migratesSchemaOnStart``). The
/// migration is recorded in a table `messagebus_migrations`, runs under an
/// advisory lock (so relays starting together do not race) and does
/// nothing when it already ran. Tables are created in the first schema of
/// the connection's `search_path`.
///
/// ## Topics
/// ### Migrating
/// - ``migrate(_:logger:)-(PostgresClient,_)``
/// - ``migrate(_:logger:)-(PostgresConnection,_)``
/// ### Names
/// - ``tableName``
/// - ``migrationsTableName``
/// - ``migrationIdentifier``
/// - ``notificationChannel``
public enum PostgresOutboxSchema {
    /// The outbox table's name: `outbox`.
    public static let tableName = "outbox"

    /// The table that records which migrations ran: `messagebus_migrations`.
    public static let migrationsTableName = "messagebus_migrations"

    /// The identifier of the migration that creates the outbox table, as
    /// recorded in ``migrationsTableName``.
    public static let migrationIdentifier = "messagebus.outbox.v1"

    /// The channel on which registering a pending message sends a
    /// notification (`pg_notify`), delivered when its transaction commits:
    /// `messagebus_outbox`. Idle relays `LISTEN` on it.
    public static let notificationChannel = "messagebus_outbox"

    /// A number that identifies the migration's advisory lock.
    static let advisoryLockKey: Int64 = 0x4D42_5F4F_5554_424F // "MB_OUTBO"

    static let createStatements: [PostgresQuery] = [
        """
        CREATE TABLE outbox (
            sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id uuid NOT NULL UNIQUE,
            type text NOT NULL CHECK (type IN ('COMMAND', 'EVENT')),
            name text NOT NULL,
            payload json NOT NULL,
            meta json NOT NULL DEFAULT '{}',
            created_at timestamptz NOT NULL,
            attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            last_error text,
            status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processed', 'dead')),
            processed_at timestamptz,
            next_attempt_at timestamptz NOT NULL DEFAULT now(),
            claimed_by text,
            claimed_until timestamptz
        )
        """,
        "CREATE INDEX outbox_pending_order ON outbox (created_at, sequence) WHERE status = 'pending'",
        "CREATE INDEX outbox_status ON outbox (status)",
    ]

    /// Creates the outbox table if its migration has not run yet, on a
    /// connection of `client`, in a transaction of its own.
    ///
    /// Idempotent: safe to run on every start, from several processes at once.
    ///
    /// - Parameters:
    ///   - client: A running `PostgresClient` (its `run()` is active).
    ///   - logger: Where postgres-nio logs the statements. Default: nowhere.
    /// - Throws: ``PostgresOutboxError`` with the server's code and message
    ///   (for example when a table named `outbox` that the migration did not
    ///   create exists already, or the user may not create tables).
    public static func migrate(_ client: PostgresClient, logger: Logger = PostgresOutboxRepository.silentLogger) async throws {
        try await PostgresOutboxError.during("migrate the outbox schema") {
            try await client.withConnection { connection in
                try await migrate(on: connection, logger: logger)
            }
        }
    }

    /// Creates the outbox table if its migration has not run yet, on
    /// `connection`, in a transaction of its own.
    ///
    /// Call it outside any transaction of `connection`.
    ///
    /// - Parameters:
    ///   - connection: An open connection.
    ///   - logger: Where postgres-nio logs the statements. Default: nowhere.
    /// - Throws: ``PostgresOutboxError`` with the server's code and message.
    public static func migrate(_ connection: PostgresConnection, logger: Logger = PostgresOutboxRepository.silentLogger) async throws {
        try await PostgresOutboxError.during("migrate the outbox schema") {
            try await migrate(on: connection, logger: logger)
        }
    }

    private static func migrate(on connection: PostgresConnection, logger: Logger) async throws {
        // Nothing to do, and no DDL rights needed, when the migration ran.
        if try await isApplied(on: connection, logger: logger) {
            return
        }
        try await connection.query("BEGIN", logger: logger)
        do {
            try await connection.query("SELECT pg_advisory_xact_lock(\(advisoryLockKey))", logger: logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS messagebus_migrations (
                    identifier text PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, logger: logger)
            if try await !isApplied(on: connection, logger: logger) {
                for statement in createStatements {
                    try await connection.query(statement, logger: logger)
                }
                try await connection.query("INSERT INTO messagebus_migrations (identifier) VALUES (\(migrationIdentifier))", logger: logger)
            }
            try await connection.query("COMMIT", logger: logger)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    private static func isApplied(on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let exists = try await connection.query("SELECT to_regclass('messagebus_migrations') IS NOT NULL", logger: logger).collect()
        guard try exists.first?.decode(Bool.self) == true else { return false }
        let rows = try await connection.query(
            "SELECT 1 FROM messagebus_migrations WHERE identifier = \(migrationIdentifier)",
            logger: logger
        ).collect()
        return !rows.isEmpty
    }
}
