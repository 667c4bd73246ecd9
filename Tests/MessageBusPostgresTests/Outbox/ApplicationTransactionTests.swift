import Foundation
import Logging
import MessageBus
import MessageBusPostgres
import OutboxTestSupport
import PostgresNIO
import XCTest

/// The outbox pattern on PostgreSQL: the application's own rows and its
/// outbox messages are written in one transaction on one connection,
/// committed together or not at all.
final class ApplicationTransactionTests: XCTestCase {
    private func makeShop(_ database: PostgresTestDatabase) async throws {
        try await database.rows("CREATE TABLE orders (id integer PRIMARY KEY, sku text NOT NULL, qty integer NOT NULL)")
    }

    private func orderIDs(_ database: PostgresTestDatabase) async throws -> [Int] {
        try await database.rows("SELECT id FROM orders ORDER BY id").map { try $0.decode(Int.self) }
    }

    private func outboxOrderIDs(_ database: PostgresTestDatabase) async throws -> [Int] {
        try await PostgresOutboxRepository(database.client).records().map(\.orderID)
    }

    func testTheOrderAndItsMessageCommitTogether() async throws {
        try await withTestDatabase { database in
            try await makeShop(database)
            let record = try await database.client.withTransaction(logger: .quiet) { connection in
                try await connection.query("INSERT INTO orders (id, sku, qty) VALUES (\(7), \("LAMP"), \(2))", logger: .quiet)
                let record = try await registerOutboxMessage(connection, message: ShipOrder(orderID: 7), meta: ["source": "web"])
                let ownWrites = try await PostgresOutbox(connection).pendingRecords()
                XCTAssertEqual(ownWrites, [record], "the transaction reads its own writes")
                let outside = try await PostgresOutboxRepository(database.client).records()
                XCTAssertEqual(outside, [], "nothing is visible outside before the commit")
                return record
            }
            let orders = try await orderIDs(database)
            XCTAssertEqual(orders, [7])
            let stored = try await PostgresOutboxRepository(database.client).records()
            XCTAssertEqual(stored, [record])
        }
    }

    func testWhenTheTransactionFailsNeitherIsStored() async throws {
        try await withTestDatabase { database in
            try await makeShop(database)
            try await database.client.withTransaction(logger: .quiet) { connection in
                try await connection.query("INSERT INTO orders (id, sku, qty) VALUES (7, 'LAMP', 2)", logger: .quiet)
                try await registerOutboxMessage(connection, message: ShipOrder(orderID: 7))
            }

            do {
                try await database.client.withTransaction(logger: .quiet) { connection in
                    try await connection.query("INSERT INTO orders (id, sku, qty) VALUES (8, 'DESK', 1)", logger: .quiet)
                    try await registerOutboxMessage(connection, message: ShipOrder(orderID: 8))
                    throw Boom(text: "payment declined")
                }
                XCTFail("the transaction did not fail")
            } catch let error as PostgresTransactionError {
                XCTAssertEqual(error.closureError as? Boom, Boom(text: "payment declined"))
            }
            do {
                try await database.client.withTransaction(logger: .quiet) { connection in
                    try await registerOutboxMessage(connection, message: ShipOrder(orderID: 9))
                    try await connection.query("INSERT INTO orders (id, sku, qty) VALUES (7, 'LAMP', 1)", logger: .quiet) // duplicate order id
                }
                XCTFail("the duplicate order was stored")
            } catch let error as PostgresTransactionError {
                XCTAssertEqual((error.closureError as? PSQLError)?.serverInfo?[.sqlState], "23505")
            }

            let orders = try await orderIDs(database)
            XCTAssertEqual(orders, [7])
            let outbox = try await outboxOrderIDs(database)
            XCTAssertEqual(outbox, [7])
        }
    }

    func testADuplicateIDIsCaughtAndTheTransactionGoesOn() async throws {
        try await withTestDatabase { database in
            try await makeShop(database)
            let id = UUID()
            try await database.client.withTransaction(logger: .quiet) { connection in
                try await registerOutboxMessage(connection, message: ShipOrder(orderID: 1), id: id)
                do {
                    try await registerOutboxMessage(connection, message: ShipOrder(orderID: 2), id: id)
                    XCTFail("a duplicate id was stored")
                } catch {
                    XCTAssertEqual(error as? OutboxError, .duplicateID(id))
                }
                try await connection.query("INSERT INTO orders (id, sku, qty) VALUES (3, 'LAMP', 1)", logger: .quiet)
                try await registerOutboxMessage(connection, message: ShipOrder(orderID: 3))
            }
            let outbox = try await outboxOrderIDs(database)
            XCTAssertEqual(outbox, [1, 3])
            let orders = try await orderIDs(database)
            XCTAssertEqual(orders, [3])
        }
    }

    func testExplicitTransactionsOnALongLivedConnection() async throws {
        // A tool that keeps one connection open (busctl) sends BEGIN and
        // COMMIT itself; outside a transaction, every call commits alone.
        try await withTestDatabase { database in
            try await makeShop(database)
            let connection = try await database.connect()
            do {
                try await registerOutboxMessage(connection, message: ShipOrder(orderID: 1))

                try await connection.query("BEGIN", logger: .quiet)
                try await registerOutboxMessage(connection, message: ShipOrder(orderID: 2))
                try await connection.query("INSERT INTO orders (id, sku, qty) VALUES (2, 'DESK', 1)", logger: .quiet)
                let inside = try await PostgresOutbox(connection).count(status: .pending)
                XCTAssertEqual(inside, 2)
                try await connection.query("ROLLBACK", logger: .quiet)

                try await connection.query("BEGIN", logger: .quiet)
                try await registerOutboxMessage(connection, message: ShipOrder(orderID: 3), metaJSON: Data(#"{"attempt":1,"tags":["a"]}"#.utf8))
                try await connection.query("INSERT INTO orders (id, sku, qty) VALUES (3, 'LAMP', 1)", logger: .quiet)
                try await connection.query("COMMIT", logger: .quiet)
                try await connection.close()
            } catch {
                try? await connection.close()
                throw error
            }
            let outbox = try await PostgresOutboxRepository(database.client).records()
            XCTAssertEqual(outbox.map(\.orderID), [1, 3])
            XCTAssertEqual(outbox.last?.metaText, #"{"attempt":1,"tags":["a"]}"#)
            let orders = try await orderIDs(database)
            XCTAssertEqual(orders, [3])
        }
    }
}
