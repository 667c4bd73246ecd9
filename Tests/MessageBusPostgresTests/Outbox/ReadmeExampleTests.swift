import Foundation
import Logging
import MessageBus
import MessageBusPostgres
import PostgresNIO
import XCTest

/// The README's PostgreSQL example, compiled and run as it is printed there
/// (between the BEGIN and END lines), with `databaseURL` naming the test's schema.
final class PostgresReadmeExampleTests: XCTestCase {
    func testTheReadmeExampleRuns() async throws {
        try await withTestDatabase(migrate: false) { database in
            let databaseURL = try database.urlText()
            let published = Lines()
            @Sendable func print(_ line: String) { published.append(line) }

            // BEGIN README EXAMPLE
            let client = PostgresClient(configuration: try PostgresURL(databaseURL).clientConfiguration())
            let logger = Logger(label: "shop")
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { await client.run() }
                try await PostgresOutboxSchema.migrate(client) // idempotent; relays also run it when they start
                try await client.query("CREATE TABLE IF NOT EXISTS orders (id integer PRIMARY KEY, sku text NOT NULL)")

                // The order and its event commit together, or not at all.
                try await client.withTransaction(logger: logger) { connection in
                    try await connection.query("INSERT INTO orders (id, sku) VALUES (\(7), \("LAMP"))", logger: logger)
                    try await registerOutboxMessage(connection, message: OrderPlaced(orderID: 7, sku: "LAMP"))
                }

                // A relay; run as many as you like, on as many machines. Each message is delivered at least once.
                let relay = PostgresOutboxRelay(client: client, name: "relay-1") { record in
                    let event = try record.decodePayload(as: OrderPlaced.self)
                    print("published order \(event.orderID)")
                }
                try await relay.processDueMessages() // or `try await relay.run()`, until `relay.stop()`
                group.cancelAll()
            }
            // END README EXAMPLE

            XCTAssertEqual(published.all, ["published order 7"])
            let orders = try await database.rows("SELECT count(*) FROM orders").first?.decode(Int.self)
            XCTAssertEqual(orders, 1)
            let processed = try await PostgresOutboxRepository(database.client).count(status: .processed)
            XCTAssertEqual(processed, 1)
        }
    }
}

/// The README example's event.
private struct OrderPlaced: Event { var orderID: Int; var sku: String }
