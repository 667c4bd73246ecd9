import Foundation
import GRDB
import MessageBus
import MessageBusSQLite
import OutboxTestSupport
import XCTest

/// The README's outbox example, compiled and run as it is printed there
/// (between the BEGIN and END lines), with `path` pointing into a temporary folder.
final class ReadmeExampleTests: XCTestCase {
    func testTheReadmeExampleRuns() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("shop.sqlite").path

        // BEGIN README EXAMPLE
        let dbQueue = try DatabaseQueue(path: path)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("orders") { try $0.execute(sql: "CREATE TABLE orders (id INTEGER PRIMARY KEY, sku TEXT NOT NULL)") }
        OutboxSchema.registerMigrations(in: &migrator)
        try migrator.migrate(dbQueue)
        try dbQueue.write { db in // the order and its event commit together, or not at all
            try db.execute(sql: "INSERT INTO orders (id, sku) VALUES (?, ?)", arguments: [7, "LAMP"])
            try registerOutboxMessage(SQLiteOutbox(db), message: OrderPlaced(orderID: 7, sku: "LAMP"))
        }
        let bus = MessageBus(context: [String]()) // later, in a relay: each message delivered at least once
        bus.addOutboxHandler(RegisteredOutboxHandler(name: "publish") { record, handling in
            let event = try record.decodePayload(as: OrderPlaced.self)
            handling.context.append("published order \(event.orderID)")
        })
        try bus.processOutbox(SQLiteOutboxRepository(dbQueue))
        // END README EXAMPLE

        XCTAssertEqual(bus.context, ["published order 7"])
        XCTAssertEqual(try dbQueue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM orders") }, 1)
        XCTAssertEqual(try SQLiteOutboxRepository(dbQueue).count(status: .processed), 1)
    }
}

/// The README example's event.
private struct OrderPlaced: Event { var orderID: Int; var sku: String }
