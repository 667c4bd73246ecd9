import Foundation
import MessageBus
import MessageBusPostgres
import OutboxTestSupport
import PostgresNIO
import XCTest

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Relays in processes of their own (`PostgresRelayFixture`), as they run in
/// production: started, stopped with SIGTERM, killed with SIGKILL.
final class RelayProcessTests: XCTestCase {
    /// Three relay processes over 10,000 messages: every message is
    /// processed, and delivered once (the handler writes one row per
    /// delivery to `deliveries`), so no message was processed by two relays
    /// at once. The total time is printed.
    func testThreeRelayProcessesProcessTenThousandMessagesEachOnce() async throws {
        try await withTestDatabase { database in
            let count = 10_000
            try await database.createDeliveries()
            try await database.insertOrders(count)
            let url = try database.urlText()

            let start = ContinuousClock.now
            let relays = try (1...3).map { try RelayProcess(url: url, name: "process-\($0)", arguments: ["--batch-size", "100", "--poll-ms", "200"]) }
            do {
                try await waitUntil("every message to be processed", timeout: .seconds(120)) {
                    try await database.count(.processed) == count
                }
            } catch {
                relays.forEach { $0.send(SIGKILL) }
                throw WaitTimeout(description: "\(error)\n" + relays.map { "\($0.name):\n\($0.output)" }.joined(separator: "\n"))
            }
            let elapsed = ContinuousClock.now - start

            relays.forEach { $0.send(SIGTERM) }
            for relay in relays {
                let status = try await relay.waitForExit()
                XCTAssertEqual(status, 0, "\(relay.name) stops cleanly on SIGTERM:\n\(relay.output)")
                XCTAssertFalse(relay.wasKilledBySignal, relay.name)
            }
            let perRelay = try await database.rows("SELECT relay, count(*) FROM deliveries GROUP BY relay ORDER BY relay")
                .map { try $0.decode((String, Int).self) }
            print("3 relay processes processed \(count) messages in \(elapsed) (from their start): \(perRelay.map { "\($0.0) \($0.1)" }.joined(separator: ", "))")

            let deliveries = try await database.rows("SELECT count(*), count(DISTINCT message_id) FROM deliveries").first?.decode((Int, Int).self)
            XCTAssertEqual(deliveries?.0, count, "one delivery per message: none was processed by two relays")
            XCTAssertEqual(deliveries?.1, count)
            let outbox = try await database.rows("""
                SELECT count(*) FILTER (WHERE status = 'processed'), max(attempts), count(*) FILTER (WHERE claimed_by IS NOT NULL)
                FROM outbox
                """).first?.decode((Int, Int, Int).self)
            XCTAssertEqual(outbox?.0, count)
            XCTAssertEqual(outbox?.1, 1)
            XCTAssertEqual(outbox?.2, 0, "no lease left behind")
            XCTAssertEqual(perRelay.count, 3, "every relay took part")
        }
    }

    /// A relay killed with SIGKILL in the middle of a batch: once its leases
    /// expire, the other relays process the messages it held, and nothing is lost.
    func testTheMessagesOfARelayKilledMidBatchAreProcessedByTheOthers() async throws {
        try await withTestDatabase { database in
            let count = 2_000
            try await database.createDeliveries()
            try await database.rows("CREATE TABLE stalls (message_id uuid NOT NULL, relay text NOT NULL)")
            try await database.insertOrders(count)
            let url = try database.urlText()

            // The victim claims 200, processes 50, then hangs on the 51st.
            let victim = try RelayProcess(url: url, name: "victim", arguments: ["--batch-size", "200", "--lease-ms", "2000", "--stall-after", "50"])
            do {
                try await waitUntil("the victim to hang mid-batch", timeout: .seconds(60)) {
                    try await !database.rows("SELECT 1 FROM stalls").isEmpty
                }
            } catch {
                victim.send(SIGKILL)
                throw WaitTimeout(description: "\(error)\nvictim:\n\(victim.output)")
            }
            victim.send(SIGKILL)
            try await victim.waitForExit()
            XCTAssertTrue(victim.wasKilledBySignal)

            let held = try await database.rows("SELECT id, attempts FROM outbox WHERE claimed_by = 'victim' AND status = 'pending'")
                .map { try $0.decode((UUID, Int).self) }
            let stalled = try await database.rows("SELECT message_id FROM stalls").map { try $0.decode(UUID.self) }
            XCTAssertEqual(held.count, 150, "killed with 150 messages of its batch claimed: the one in hand and 149 not started")
            XCTAssertEqual(held.map(\.1), Array(repeating: 1, count: held.count), "each counted one attempt")
            XCTAssertEqual(stalled.count, 1)
            XCTAssertTrue(held.map(\.0).contains(stalled.first ?? UUID()), "the message in hand is one of them")

            let start = ContinuousClock.now
            let survivors = try (1...2).map { try RelayProcess(url: url, name: "survivor-\($0)", arguments: ["--batch-size", "50", "--poll-ms", "200"]) }
            do {
                try await waitUntil("every message to be processed", timeout: .seconds(60)) {
                    try await database.count(.processed) == count
                }
            } catch {
                survivors.forEach { $0.send(SIGKILL) }
                throw WaitTimeout(description: "\(error)\n" + survivors.map { "\($0.name):\n\($0.output)" }.joined(separator: "\n"))
            }
            print("2 surviving relay processes finished \(count) messages, 150 of them after the victim's leases expired, in \(ContinuousClock.now - start)")
            survivors.forEach { $0.send(SIGTERM) }
            for survivor in survivors {
                let status = try await survivor.waitForExit()
                XCTAssertEqual(status, 0, survivor.output)
            }

            let heldIDs = held.map(\.0)
            let retaken = try await database.rows("""
                SELECT o.attempts, o.status, d.relay
                FROM outbox o JOIN deliveries d ON d.message_id = o.id
                WHERE o.id = ANY(\(heldIDs))
                """).map { try $0.decode((Int, String, String).self) }
            XCTAssertEqual(retaken.count, 150, "every message the victim held was delivered, once")
            XCTAssertTrue(retaken.allSatisfy { $0.0 == 2 && $0.1 == "processed" && $0.2.hasPrefix("survivor") }, "processed by the survivors on attempt 2")
            let deliveries = try await database.rows("SELECT count(*), count(DISTINCT message_id), count(*) FILTER (WHERE relay = 'victim') FROM deliveries")
                .first?.decode((Int, Int, Int).self)
            XCTAssertEqual(deliveries?.0, count, "nothing lost, nothing delivered twice")
            XCTAssertEqual(deliveries?.1, count)
            XCTAssertEqual(deliveries?.2, 50)
            let left = try await database.rows("SELECT count(*) FROM outbox WHERE status <> 'processed' OR claimed_by IS NOT NULL").first?.decode(Int.self)
            XCTAssertEqual(left, 0)
        }
    }
}
