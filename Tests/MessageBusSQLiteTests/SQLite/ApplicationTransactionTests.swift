import Foundation
import GRDB
import MessageBus
import MessageBusSQLite
import OutboxTestSupport
import XCTest

/// The outbox pattern on GRDB: the application's own rows and its outbox
/// messages are written in one `write {}` transaction, committed together or
/// not at all.
final class ApplicationTransactionTests: XCTestCase {
    private func makeShopDatabase() throws -> DatabaseQueue {
        let dbQueue = try DatabaseQueue()
        var migrator = DatabaseMigrator()
        migrator.registerMigration("orders") { db in
            try db.execute(sql: "CREATE TABLE orders (id INTEGER PRIMARY KEY, sku TEXT NOT NULL, qty INTEGER NOT NULL)")
        }
        OutboxSchema.registerMigrations(in: &migrator)
        SQLiteKeyValueStore.registerMigrations(in: &migrator)
        try migrator.migrate(dbQueue)
        return dbQueue
    }

    private func orderIDs(_ dbQueue: DatabaseQueue) throws -> [Int] {
        try dbQueue.read { db in try Int.fetchAll(db, sql: "SELECT id FROM orders ORDER BY id") }
    }

    private func outboxOrderIDs(_ dbQueue: DatabaseQueue) throws -> [Int] {
        try SQLiteOutboxRepository(dbQueue).records().map(\.orderID)
    }

    func testTheOrderAndItsMessageCommitTogether() throws {
        let dbQueue = try makeShopDatabase()
        let record = try dbQueue.write { db in
            try db.execute(sql: "INSERT INTO orders (id, sku, qty) VALUES (?, ?, ?)", arguments: [7, "LAMP", 2])
            let record = try registerOutboxMessage(SQLiteOutbox(db), message: ShipOrder(orderID: 7), meta: ["source": "web"])
            XCTAssertEqual(try SQLiteOutbox(db).pendingRecords(), [record]) // the transaction reads its own writes
            return record
        }
        XCTAssertEqual(try orderIDs(dbQueue), [7])
        XCTAssertEqual(try SQLiteOutboxRepository(dbQueue).records(), [record])
    }

    func testWhenTheTransactionThrowsNeitherIsStored() throws {
        let dbQueue = try makeShopDatabase()
        try dbQueue.write { db in
            try db.execute(sql: "INSERT INTO orders (id, sku, qty) VALUES (7, 'LAMP', 2)")
            try registerOutboxMessage(SQLiteOutbox(db), message: ShipOrder(orderID: 7))
        }

        XCTAssertThrowsError(try dbQueue.write { db in
            try db.execute(sql: "INSERT INTO orders (id, sku, qty) VALUES (8, 'DESK', 1)")
            try registerOutboxMessage(SQLiteOutbox(db), message: ShipOrder(orderID: 8))
            throw Boom(text: "payment declined")
        }) { error in
            XCTAssertEqual(error as? Boom, Boom(text: "payment declined"))
        }
        XCTAssertThrowsError(try dbQueue.write { db in
            try registerOutboxMessage(SQLiteOutbox(db), message: ShipOrder(orderID: 9))
            try db.execute(sql: "INSERT INTO orders (id, sku, qty) VALUES (7, 'LAMP', 1)") // duplicate order id
        }) { error in
            XCTAssertEqual((error as? DatabaseError)?.resultCode, .SQLITE_CONSTRAINT)
        }

        XCTAssertEqual(try orderIDs(dbQueue), [7])
        XCTAssertEqual(try outboxOrderIDs(dbQueue), [7])
    }

    /// `add` is one INSERT without a savepoint: a duplicate id must undo
    /// only that statement, so the caller can catch it and go on.
    func testADuplicateIDLeavesTheTransactionUsable() throws {
        let dbQueue = try makeShopDatabase()
        let first = try OutboxRecord(message: ShipOrder(orderID: 1))
        try dbQueue.write { db in
            let outbox = SQLiteOutbox(db)
            try outbox.add(first)
            XCTAssertThrowsError(try outbox.add(first)) { error in
                XCTAssertEqual(error as? OutboxError, .duplicateID(first.id))
            }
            try db.execute(sql: "INSERT INTO orders (id, sku, qty) VALUES (2, 'DESK', 1)")
            try registerOutboxMessage(outbox, message: ShipOrder(orderID: 2))
        }
        XCTAssertEqual(try orderIDs(dbQueue), [2])
        XCTAssertEqual(try outboxOrderIDs(dbQueue), [1, 2])
    }

    func testContextAndOutboxShareTheTransaction() throws {
        let dbQueue = try makeShopDatabase()
        XCTAssertThrowsError(try dbQueue.write { db in
            try SQLiteKeyValueStore.set(db, key: "orders", value: "[10, 11]")
            try registerOutboxMessage(SQLiteOutbox(db), message: ShipOrder(orderID: 11))
            throw Boom(text: "rollback")
        })
        try dbQueue.write { db in
            try SQLiteKeyValueStore.set(db, key: "orders", value: "[10]")
            try registerOutboxMessage(SQLiteOutbox(db), message: ShipOrder(orderID: 10))
        }
        XCTAssertEqual(try SQLiteKeyValueStore(dbQueue).all().map { "\($0.key)=\($0.value)" }, ["orders=[10]"])
        XCTAssertEqual(try outboxOrderIDs(dbQueue), [10])
    }

    func testExplicitTransactionsOnALongLivedConnection() throws {
        // A tool that keeps one connection open (busctl) opens and ends
        // transactions itself; outside them, every outbox call commits alone.
        let dbQueue = try makeShopDatabase()
        let bus = makeBus()
        bus.addOutboxHandler(RegisteredOutboxHandler(name: "relay") { _, _ in })
        try dbQueue.writeWithoutTransaction { db in
            let outbox = SQLiteOutbox(db)
            try registerOutboxMessage(outbox, message: ShipOrder(orderID: 1))
            XCTAssertFalse(db.isInsideTransaction)

            try db.execute(sql: "BEGIN IMMEDIATE")
            try registerOutboxMessage(outbox, message: ShipOrder(orderID: 2))
            try SQLiteKeyValueStore.set(db, key: "orders", value: "[2]")
            XCTAssertEqual(try outbox.count(status: .pending), 2)
            try db.execute(sql: "ROLLBACK")

            try db.execute(sql: "BEGIN IMMEDIATE")
            try registerOutboxMessage(outbox, message: ShipOrder(orderID: 3))
            try db.execute(sql: "COMMIT")

            XCTAssertEqual(try bus.processOutbox(outbox).processed.count, 2)
        }
        XCTAssertEqual(try SQLiteOutboxRepository(dbQueue).records().map(\.orderID), [1, 3])
        XCTAssertEqual(try SQLiteOutboxRepository(dbQueue).count(status: .processed), 2)
        XCTAssertEqual(try SQLiteKeyValueStore(dbQueue).all().count, 0)
    }
}
