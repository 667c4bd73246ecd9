import Foundation
import GRDB
import MessageBus
import MessageBusSQLite
import OutboxTestSupport
import XCTest

/// The outbox table, its migration, and what happens when the stored rows
/// are not what the outbox wrote.
final class OutboxSchemaTests: XCTestCase {
    func testTheMigrationCreatesTheTableOnce() throws {
        let dbQueue = try DatabaseQueue()
        try migrateOutbox(dbQueue)
        try registerOutboxMessage(SQLiteOutboxRepository(dbQueue), message: ShipOrder(orderID: 1))
        try migrateOutbox(dbQueue)

        try dbQueue.read { db in
            XCTAssertEqual(try db.columns(in: "outbox").map(\.name), [
                "sequence", "id", "type", "name", "payload", "meta", "created_at", "attempts", "last_error", "status", "processed_at",
            ])
            XCTAssertEqual(try db.indexes(on: "outbox").first { $0.name == "outbox_status_order" }?.columns, ["status", "created_at", "sequence"])
            XCTAssertEqual(try OutboxSchema.migrator.appliedIdentifiers(db), ["messagebus.outbox.v1"])
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox"), 1)
        }
    }

    func testRowsReadWellInTheSQLiteShell() throws {
        let dbQueue = try DatabaseQueue()
        try migrateOutbox(dbQueue)
        let id = UUID(uuidString: "1F3C0000-0000-4000-8000-000000000007") ?? UUID()
        try registerOutboxMessage(SQLiteOutboxRepository(dbQueue), message: ShipOrder(orderID: 7), id: id, meta: ["source": "web"], createdAt: Clock.at(0.5))
        let row = try XCTUnwrap(try dbQueue.read { db in try Row.fetchOne(db, sql: "SELECT * FROM outbox") })
        XCTAssertEqual(row["sequence"], 1)
        XCTAssertEqual(row["id"], "1f3c0000-0000-4000-8000-000000000007")
        XCTAssertEqual(row["type"], "COMMAND")
        XCTAssertEqual(row["name"], "ShipOrder")
        XCTAssertEqual(row["payload"], #"{"orderID":7}"#)
        XCTAssertEqual(row["meta"], #"{"source":"web"}"#)
        XCTAssertEqual(row["created_at"], "2026-11-29T10:15:00.500000Z")
        XCTAssertEqual(row["attempts"], 0)
        XCTAssertEqual(row["status"], "pending")
        XCTAssertNil(row["last_error"] as String?)
        XCTAssertNil(row["processed_at"] as String?)
    }

    func testCorruptRowsAreErrorsNotCrashes() throws {
        let dbQueue = try DatabaseQueue()
        try migrateOutbox(dbQueue)
        let outbox = SQLiteOutboxRepository(dbQueue)
        let cases: [(sql: String, error: String)] = [
            ("INSERT INTO outbox (id, type, name, payload, created_at) VALUES ('not-a-uuid', 'EVENT', 'X', '{}', '2026-11-29T10:15:00Z')",
             "invalid outbox record in the store: id not-a-uuid is not a UUID"),
            ("INSERT INTO outbox (id, type, name, payload, created_at) VALUES ('1f3c0000-0000-4000-8000-000000000007', 'EVENT', 'X', '{}', 'yesterday')",
             "invalid outbox record in the store: 1f3c0000-0000-4000-8000-000000000007: created_at yesterday is not an ISO 8601 timestamp"),
        ]
        for (sql, text) in cases {
            try dbQueue.write { db in
                try db.execute(sql: "DELETE FROM outbox")
                try db.execute(sql: sql)
            }
            XCTAssertThrowsError(try outbox.records()) { error in
                XCTAssertEqual("\(error)", text)
            }
        }
        try dbQueue.write { db in
            try db.execute(sql: "DELETE FROM outbox")
            try db.execute(sql: "INSERT INTO outbox (id, type, name, payload, created_at, attempts) VALUES ('1f3c0000-0000-4000-8000-000000000007', 'EVENT', 'X', '{}', '2026-11-29', 'many')")
        }
        XCTAssertThrowsError(try outbox.pendingRecords()) { error in
            guard case OutboxError.invalidStoredRecord = error else {
                return XCTFail("unexpected \(error)")
            }
        }
        let bus = makeBus()
        bus.addOutboxHandler(RegisteredOutboxHandler(name: "relay") { _, _ in })
        XCTAssertThrowsError(try bus.processOutbox(outbox))
    }

    func testAForeignOutboxTableIsAnError() throws {
        let dbQueue = try DatabaseQueue()
        try dbQueue.write { db in try db.execute(sql: "CREATE TABLE outbox (anything TEXT)") }
        XCTAssertThrowsError(try migrateOutbox(dbQueue)) { error in
            XCTAssertTrue(error is DatabaseError, "\(error)")
        }
    }
}
