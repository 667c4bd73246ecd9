import Foundation
import MessageBus
import MessageBusPostgres
import OutboxTestSupport
import PostgresNIO
import XCTest

/// The migration: creates the table once, from any number of processes at
/// once, and says clearly what is wrong.
final class PostgresOutboxSchemaTests: XCTestCase {
    func testTheMigrationCreatesTheTableOnceAndIsIdempotent() async throws {
        try await withTestDatabase(migrate: false) { database in
            // Three clients migrating at the same time, as relays starting together do.
            let clients = (1...3).map { _ in database.makeClient() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for running in clients {
                    group.addTask { try await PostgresOutboxSchema.migrate(running.client) }
                }
                try await group.waitForAll()
            }
            for running in clients { await running.shutdown() }
            try await PostgresOutboxSchema.migrate(database.client)
            let connection = try await database.connect()
            try await PostgresOutboxSchema.migrate(connection)
            try await connection.close()

            let migrations = try await database.rows("SELECT identifier FROM messagebus_migrations").map { try $0.decode(String.self) }
            XCTAssertEqual(migrations, [PostgresOutboxSchema.migrationIdentifier])
            let columns = try await database.rows("""
                SELECT column_name, data_type FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = 'outbox' ORDER BY ordinal_position
                """).map { try $0.decode((String, String).self) }
            XCTAssertEqual(columns.map(\.0), [
                "sequence", "id", "type", "name", "payload", "meta", "created_at", "attempts", "last_error",
                "status", "processed_at", "next_attempt_at", "claimed_by", "claimed_until",
            ])
            XCTAssertEqual(columns.first { $0.0 == "payload" }?.1, "json")
            XCTAssertEqual(columns.first { $0.0 == "created_at" }?.1, "timestamp with time zone")
        }
    }

    func testAForeignOutboxTableIsAClearError() async throws {
        try await withTestDatabase(migrate: false) { database in
            try await database.rows("CREATE TABLE outbox (something integer)")
            do {
                try await PostgresOutboxSchema.migrate(database.client)
                XCTFail("the migration ran over a foreign table")
            } catch let error as PostgresOutboxError {
                XCTAssertEqual(error.sqlState, "42P07")
                XCTAssertEqual(error.description, #"cannot migrate the outbox schema: relation "outbox" already exists (SQLSTATE 42P07)"#)
            }
            let recorded = try await database.rows("SELECT to_regclass('messagebus_migrations') IS NOT NULL").first?.decode(Bool.self)
            XCTAssertEqual(recorded, false, "a failed migration leaves nothing behind")
        }
    }

    func testUsingTheOutboxBeforeMigratingSaysWhatIsMissing() async throws {
        try await withTestDatabase(migrate: false) { database in
            let outbox = PostgresOutboxRepository(database.client)
            do {
                _ = try await outbox.pendingRecords()
                XCTFail("read a table that does not exist")
            } catch let error as PostgresOutboxError {
                XCTAssertEqual(error.sqlState, "42P01")
                XCTAssertEqual(error.description, #"cannot read pending outbox messages: relation "outbox" does not exist (SQLSTATE 42P01)"#)
            }
        }
    }

    func testAPayloadThatIsNotJSONIsRefusedByTheDatabase() async throws {
        try await withTestDatabase { database in
            let outbox = PostgresOutboxRepository(database.client)
            let record = OutboxRecord(id: UUID(), type: .event, name: "Broken", payload: Data("not json".utf8), createdAt: Clock.start)
            do {
                try await outbox.add(record)
                XCTFail("stored a payload that is not JSON")
            } catch let error as PostgresOutboxError {
                XCTAssertEqual(error.sqlState, "22P02")
                XCTAssertTrue(error.description.hasPrefix("cannot add outbox message \(record.id.uuidString.lowercased()): invalid input syntax for type json"), error.description)
            }
            let count = try await outbox.records().count
            XCTAssertEqual(count, 0)
        }
    }
}
