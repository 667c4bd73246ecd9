import Foundation
import Logging
import MessageBus
import MessageBusPostgres
import OutboxTestSupport
import PostgresNIO
import XCTest

/// A relay renews a message's lease just before its handler starts, and
/// skips a message of its batch that another relay took after the batch's
/// leases expired: slow handlers early in a batch never make two relays run
/// one message.
final class LeaseRenewalTests: XCTestCase {
    func testSlowHandlersInABatchNeverMakeTwoRelaysRunOneMessage() async throws {
        try await withTestDatabase { database in
            let ids = try await database.registerOrders(6)
            // With a 2 s lease, claimed at 0: the first message runs to 0.8 s,
            // the second to 2.3 s (within its lease only if renewed at its
            // start), and the rest of the batch is taken by the second relay
            // once the claim's leases expire at 2 s.
            let durations: [UUID: Duration] = [ids[0]: .milliseconds(800), ids[1]: .milliseconds(1500)]
            let runs = Lines()
            let inFlight = InFlight()
            let firstStarted = Flag()
            let clients = [database.makeClient(), database.makeClient()]
            func relay(_ name: String, _ running: RunningClient) -> PostgresOutboxRelay {
                PostgresOutboxRelay(
                    client: running.client,
                    name: name,
                    configuration: .init(batchSize: 10, leaseDuration: .seconds(2), pollInterval: .milliseconds(50), migratesSchemaOnStart: false),
                    logger: .quiet
                ) { record in
                    firstStarted.set()
                    inFlight.begin(record.id)
                    defer { inFlight.end(record.id) }
                    runs.append("\(name) \(record.id)")
                    try await Task.sleep(for: durations[record.id] ?? .milliseconds(100))
                }
            }
            let first = relay("relay-slow", clients[0])
            let second = relay("relay-late", clients[1])
            let firstRun = Task { try await first.run() }
            try await waitUntil("the first relay to start its batch", timeout: .seconds(10)) { firstStarted.isSet }
            let secondRun = Task { try await second.run() }
            do {
                try await waitUntil("every message to be processed", timeout: .seconds(30)) {
                    try await database.count(.processed) == ids.count
                }
                // Let the first relay reach the rest of its batch.
                try await Task.sleep(for: .milliseconds(600))
            } catch {
                first.stop()
                second.stop()
                _ = await firstRun.result
                _ = await secondRun.result
                for client in clients { await client.shutdown() }
                throw error
            }
            first.stop()
            second.stop()
            try await value(of: firstRun, within: .seconds(10), "the first relay to stop")
            try await value(of: secondRun, within: .seconds(10), "the second relay to stop")
            for client in clients { await client.shutdown() }

            let ran = runs.all.map { $0.split(separator: " ")[1] }
            XCTAssertEqual(ran.count, ids.count, "each message ran once: \(runs.all)")
            XCTAssertEqual(Set(ran).count, ids.count, "no message ran on both relays: \(runs.all)")
            XCTAssertEqual(inFlight.overlaps, [])
            XCTAssertTrue(runs.all.contains("relay-slow \(ids[1])"), "the slow relay kept the message whose lease it renewed: \(runs.all)")
        }
    }
}
