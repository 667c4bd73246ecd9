import Logging
import MessageBusPostgres
import PostgresNIO

/// A table that busctl would create, or use, in the first schema of the
/// `search_path`, but that exists there without having been created by
/// busctl (or by MessageBus, for the outbox): busctl refuses the schema
/// rather than use or create tables next to someone else's.
struct ForeignTableError: Error, CustomStringConvertible {
    /// The table's name.
    let table: String
    /// The schema it is in.
    let schema: String

    var description: String {
        "table \(table) in schema \(schema) is not busctl's (it exists but was not created by busctl); use another schema (?options=-csearch_path%3D…)"
    }
}

/// Checks, before busctl creates anything, that each table it would create
/// in the first schema of the connection's `search_path` either does not
/// exist or is recorded in `messagebus_migrations` as created by the
/// migrations of busctl and MessageBus. Otherwise creating the others first
/// (and committing them) and then failing on the foreign one would leave
/// half of busctl's tables in a schema that it cannot use.
enum PostgresTableOwnership {
    /// The tables and the migration that creates each.
    static let tables: [(name: String, migration: String)] = [
        (PostgresOutboxSchema.tableName, PostgresOutboxSchema.migrationIdentifier),
        (PostgresContextSchema.tableName, PostgresContextSchema.migrationIdentifier),
    ]

    /// Throws ``ForeignTableError`` for the first table that is not
    /// busctl's; does nothing when the `search_path` names no existing
    /// schema (the migration then says so).
    static func check(_ connection: PostgresConnection, logger: Logger) async throws {
        let schemaRows = try await connection.query("SELECT current_schema()::text", logger: logger).collect()
        guard let schema = try schemaRows.first?.decode(String?.self) else { return }
        let migrationsTable = PostgresOutboxSchema.migrationsTableName
        var present: Set<String> = []
        let names = [migrationsTable] + tables.map(\.name)
        let rows = try await connection.query("""
            SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname::text = \(schema) AND c.relname::text = ANY(\(names))
            """, logger: logger)
        for try await name in rows.decode(String.self) { present.insert(name) }

        var applied: Set<String> = []
        if present.contains(migrationsTable) {
            guard let identifiers = try? await recordedMigrations(connection, logger: logger) else {
                throw ForeignTableError(table: migrationsTable, schema: schema)
            }
            applied = identifiers
        }
        for table in tables where present.contains(table.name) && !applied.contains(table.migration) {
            throw ForeignTableError(table: table.name, schema: schema)
        }
    }

    /// The identifiers in `messagebus_migrations` (the first schema of the
    /// `search_path` holds it, checked above); throws when the table does
    /// not have busctl's columns.
    private static func recordedMigrations(_ connection: PostgresConnection, logger: Logger) async throws -> Set<String> {
        var identifiers: Set<String> = []
        let rows = try await connection.query("SELECT identifier::text FROM messagebus_migrations", logger: logger)
        for try await identifier in rows.decode(String.self) { identifiers.insert(identifier) }
        return identifiers
    }
}
