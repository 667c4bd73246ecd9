import Foundation
import Logging
import MessageBus
import MessageBusPostgres
import OutboxTestSupport
import PostgresNIO
import XCTest

/// `PostgresOutboxRepository.retry(id:)` notifies, as a registration does,
/// so that an idle relay takes the message again at once, not at its next poll.
final class RetryNotificationTests: XCTestCase {
    func testARetriedDeadMessageWakesAnIdleRelay() async throws {
        try await withTestDatabase { database in
            let ids = try await database.registerOrders(1)
            let failing = Flag()
            failing.set()
            let running = database.makeClient()
            let relay = PostgresOutboxRelay(
                client: running.client,
                name: "relay-idle",
                // A poll far beyond the test's patience: only a notification wakes it.
                configuration: .init(batchSize: 10, pollInterval: .seconds(600), maxAttempts: 1, migratesSchemaOnStart: false),
                logger: .quiet
            ) { _ in
                if failing.isSet { throw RetryTestFailure() }
            }
            let run = Task { try await relay.run() }
            do {
                try await waitUntil("the message to be dead", timeout: .seconds(20)) {
                    try await database.count(.dead) == 1
                }
                failing.reset()
                // The relay is asleep now, for up to 600 s.
                try await Task.sleep(for: .milliseconds(300))
                try await PostgresOutboxRepository(database.client).retry(id: ids[0])
                try await waitUntil("the retried message to be processed", timeout: .seconds(10)) {
                    try await database.count(.processed) == 1
                }
            } catch {
                relay.stop()
                _ = await run.result
                await running.shutdown()
                throw error
            }
            relay.stop()
            try await value(of: run, within: .seconds(10), "the relay to stop")
            await running.shutdown()
        }
    }
}

private struct RetryTestFailure: Error {}
