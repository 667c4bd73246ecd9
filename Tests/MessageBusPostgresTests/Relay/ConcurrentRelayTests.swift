import Foundation
import Logging
import MessageBus
import MessageBusPostgres
import OutboxTestSupport
import PostgresNIO
import XCTest

/// Three relays in this process, each with its own client (its own
/// connections), over one outbox of 10,000 messages that two producers
/// register while the relays run.
final class ConcurrentRelayTests: XCTestCase {
    func testThreeRelaysProcessTenThousandMessagesEachOnceAndNeverTwoAtOnce() async throws {
        try await withTestDatabase { database in
            let count = 10_000
            try await database.createDeliveries()

            let inFlight = InFlight()
            let clients = (1...3).map { _ in database.makeClient() }
            let relays = clients.enumerated().map { index, running in
                let name = "relay-\(index + 1)"
                let client = running.client
                return PostgresOutboxRelay(
                    client: client,
                    name: name,
                    // Polling every 5 seconds: the relays wake on the registrations' notifications.
                    configuration: .init(batchSize: 100, leaseDuration: .seconds(60), pollInterval: .seconds(5), migratesSchemaOnStart: false),
                    logger: loudLogger(name)
                ) { record in
                    inFlight.begin(record.id)
                    defer { inFlight.end(record.id) }
                    try await recordDelivery(of: record, by: name, on: client)
                }
            }

            let start = ContinuousClock.now
            let runs = relays.map { relay in Task { try await relay.run() } }
            // Two producers, each committing 50 transactions of 100 messages.
            let producers = (0..<2).map { producer in
                Task {
                    for transaction in 0..<50 {
                        try await database.registerOrders(100, first: producer * 5_000 + transaction * 100 + 1)
                    }
                }
            }
            do {
                for producer in producers {
                    try await value(of: producer, within: .seconds(120), "the producers")
                }
                try await waitUntil("every message to be processed", timeout: .seconds(120)) {
                    try await database.count(.processed) == count
                }
            } catch {
                relays.forEach { $0.stop() }
                for run in runs { _ = await run.result }
                for client in clients { await client.shutdown() }
                throw error
            }
            let elapsed = ContinuousClock.now - start
            relays.forEach { $0.stop() }
            for run in runs {
                try await value(of: run, within: .seconds(30), "a relay to stop")
            }
            for client in clients { await client.shutdown() }

            let perRelay = try await database.rows("SELECT relay, count(*) FROM deliveries GROUP BY relay ORDER BY relay")
                .map { try $0.decode((String, Int).self) }
            print("3 relays in one process processed \(count) messages, registered meanwhile by 2 producers, in \(elapsed): \(perRelay.map { "\($0.0) \($0.1)" }.joined(separator: ", "))")

            XCTAssertEqual(inFlight.overlaps, [], "no message is handled by two relays at once")
            XCTAssertEqual(inFlight.handled, count)
            let deliveries = try await database.rows("SELECT count(*), count(DISTINCT message_id) FROM deliveries").first?.decode((Int, Int).self)
            XCTAssertEqual(deliveries?.0, count, "every message delivered once")
            XCTAssertEqual(deliveries?.1, count)
            let attempts = try await database.rows("SELECT max(attempts), count(*) FILTER (WHERE claimed_by IS NOT NULL) FROM outbox").first?.decode((Int, Int).self)
            XCTAssertEqual(attempts?.0, 1)
            XCTAssertEqual(attempts?.1, 0, "no lease left behind")
            XCTAssertEqual(perRelay.count, 3, "every relay took part")
        }
    }
}
