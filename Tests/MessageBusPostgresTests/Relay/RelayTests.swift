import Foundation
import Logging
import MessageBus
import MessageBusPostgres
import OutboxTestSupport
import PostgresNIO
import XCTest

/// One relay: claiming, outcomes, backoff, dead letters, leases, stopping.
final class RelayTests: XCTestCase {
    private func relay(
        _ database: PostgresTestDatabase,
        name: String = "relay-1",
        configuration: PostgresOutboxRelay.Configuration = .init(),
        logger: Logger = .quiet,
        handler: @escaping PostgresOutboxRelay.Handler
    ) -> PostgresOutboxRelay {
        PostgresOutboxRelay(client: database.client, name: name, configuration: configuration, logger: logger, handler: handler)
    }

    /// The lease columns of a record: (claimed_by, seconds until claimed_until, seconds until next_attempt_at).
    private func lease(of id: UUID, in database: PostgresTestDatabase) async throws -> (String?, Double?, Double) {
        let row = try await database.rows("""
            SELECT claimed_by,
                   EXTRACT(EPOCH FROM claimed_until - now())::float8,
                   EXTRACT(EPOCH FROM next_attempt_at - now())::float8
            FROM outbox WHERE id = \(id)
            """).first
        return try XCTUnwrap(row).decode((String?, Double?, Double).self)
    }

    func testDueMessagesAreProcessedOldestFirstInBatches() async throws {
        try await withTestDatabase { database in
            let outbox = PostgresOutboxRepository(database.client)
            let third = try await registerOutboxMessage(outbox, ShipOrder(orderID: 3), at: Clock.at(3))
            let first = try await registerOutboxMessage(outbox, ShipOrder(orderID: 1), at: Clock.at(1))
            let second = try await registerOutboxMessage(outbox, ShipOrder(orderID: 2), at: Clock.at(2))
            let seen = Lines()
            let relay = relay(database, configuration: .init(batchSize: 2)) { record in
                seen.append("ship \(record.orderID) attempt \(record.attempts)")
            }

            let report = try await relay.processDueMessages()

            XCTAssertEqual(seen.all, ["ship 1 attempt 1", "ship 2 attempt 1", "ship 3 attempt 1"])
            XCTAssertEqual(report.processed, [first.id, second.id, third.id])
            XCTAssertEqual(report.attempted, 3)
            let stored = try await outbox.records()
            XCTAssertEqual(stored.map(\.status), [.processed, .processed, .processed])
            XCTAssertEqual(stored.map(\.attempts), [1, 1, 1])
            let (claimedBy, claimedUntil, _) = try await lease(of: first.id, in: database)
            XCTAssertNil(claimedBy)
            XCTAssertNil(claimedUntil)
            let again = try await relay.processDueMessages()
            XCTAssertEqual(again, OutboxReport())
        }
    }

    func testAFailedAttemptWaitsForItsBackoffAndTheIdleRelayWakesWhenItIsDue() async throws {
        try await withTestDatabase { database in
            let outbox = PostgresOutboxRepository(database.client)
            let record = try await registerOutboxMessage(outbox, ShipOrder(orderID: 10), at: Clock.start)
            var configuration = PostgresOutboxRelay.Configuration(pollInterval: .seconds(60), migratesSchemaOnStart: false)
            configuration.backoff = OutboxBackoff(initialDelay: .seconds(2), multiplier: 2, maximumDelay: .seconds(10))
            let attempts = Lines()
            let relay = relay(database, configuration: configuration) { record in
                attempts.append("attempt \(record.attempts)")
                if record.attempts == 1 {
                    throw Boom(text: "broker unavailable")
                }
            }

            let first = try await relay.processDueMessages()
            XCTAssertEqual(first.failed, [OutboxFailure(id: record.id, name: "ShipOrder", attempts: 1, error: "broker unavailable")])
            let failed = try await outbox.record(id: record.id)
            XCTAssertEqual(failed?.status, .pending)
            XCTAssertEqual(failed?.lastError, "broker unavailable")
            let (claimedBy, _, dueIn) = try await lease(of: record.id, in: database)
            XCTAssertNil(claimedBy)
            XCTAssertGreaterThan(dueIn, 1, "the next attempt waits for the backoff")
            XCTAssertLessThanOrEqual(dueIn, 2)
            let notYet = try await relay.processDueMessages()
            XCTAssertEqual(notYet, OutboxReport(), "not due during the backoff")

            // Polling every 60 s, the relay still wakes when the message is due.
            let running = Task { try await relay.run() }
            try await waitUntil("the second attempt", timeout: .seconds(15)) {
                try await outbox.record(id: record.id)?.status == .processed
            }
            relay.stop()
            try await value(of: running, within: .seconds(15), "the relay to stop")

            let processed = try await outbox.record(id: record.id)
            XCTAssertEqual(processed?.attempts, 2)
            XCTAssertEqual(processed?.lastError, "broker unavailable", "kept as history, as in the SQLite store")
            XCTAssertEqual(attempts.all, ["attempt 1", "attempt 2"])
        }
    }

    func testAMessageBecomesDeadAtMaxAttemptsAndRetryBringsItBack() async throws {
        try await withTestDatabase { database in
            let outbox = PostgresOutboxRepository(database.client)
            let record = try await registerOutboxMessage(outbox, ShipOrder(orderID: 13), at: Clock.start)
            let failing = Flag()
            failing.set()
            let relay = relay(database, configuration: .init(maxAttempts: 3, backoff: .none)) { record in
                if failing.isSet {
                    throw Boom(text: "malformed order")
                }
            }

            let report = try await relay.processDueMessages()

            XCTAssertEqual(report.results.map(\.outcome), [.failed("malformed order"), .failed("malformed order"), .dead("malformed order")])
            XCTAssertEqual(report.results.map(\.attempts), [1, 2, 3])
            XCTAssertEqual(report.dead, [record.id])
            var expected = record
            expected.attempts = 3
            expected.lastError = "malformed order"
            expected.status = .dead
            let dead = try await outbox.record(id: record.id)
            XCTAssertEqual(dead, expected)
            let nothing = try await relay.processDueMessages()
            XCTAssertEqual(nothing, OutboxReport())

            try await outbox.retry(id: record.id)
            let retried = try await outbox.record(id: record.id)
            XCTAssertEqual(retried, record)
            failing.reset()
            let again = try await relay.processDueMessages()
            XCTAssertEqual(again.processed, [record.id])
            XCTAssertEqual(again.results.map(\.attempts), [1])
        }
    }

    func testAMessageWhoseAttemptsReachedTheMaximumIsGivenUpWithoutRunning() async throws {
        try await withTestDatabase { database in
            let outbox = PostgresOutboxRepository(database.client)
            var record = try OutboxRecord(message: ShipOrder(orderID: 12), createdAt: Clock.start)
            record.attempts = 3 // three relays died holding it
            try await outbox.add(record)
            let ran = Flag()
            let relay = relay(database, configuration: .init(maxAttempts: 3)) { _ in ran.set() }

            let report = try await relay.processDueMessages()

            XCTAssertEqual(report, OutboxReport(
                dead: [record.id],
                results: [OutboxRecordResult(id: record.id, name: "ShipOrder", attempts: 3, outcome: .dead("gave up after 3 attempts"))]
            ))
            XCTAssertFalse(ran.isSet)
            let stored = try await outbox.record(id: record.id)
            XCTAssertEqual(stored?.status, .dead)
            XCTAssertEqual(stored?.attempts, 3)
            XCTAssertEqual(stored?.lastError, "gave up after 3 attempts")
        }
    }

    func testMessagesLeasedByADeadRelayAreClaimedAgainWhenTheLeaseExpires() async throws {
        try await withTestDatabase { database in
            let outbox = PostgresOutboxRepository(database.client)
            let ids = try await database.registerOrders(3)
            // A relay claimed them (one attempt each) and died: its leases run for two more seconds.
            try await database.rows("""
                UPDATE outbox SET attempts = attempts + 1, claimed_by = 'dead-relay', claimed_until = now() + interval '2 seconds'
                """)
            let relay = relay(database, name: "survivor") { _ in }

            let during = try await relay.processDueMessages()
            XCTAssertEqual(during, OutboxReport(), "leased messages are not due")
            var processed: [UUID] = []
            try await waitUntil("the leases to expire", timeout: .seconds(15)) {
                processed += try await relay.processDueMessages().processed
                return processed.count == 3
            }

            XCTAssertEqual(processed, ids)
            let stored = try await outbox.records()
            XCTAssertEqual(stored.map(\.attempts), [2, 2, 2], "the dead relay's attempt counts")
            XCTAssertEqual(stored.map(\.status), [.processed, .processed, .processed])
        }
    }

    func testStopFinishesTheMessageInHandAndGivesBackTheRestOfTheBatch() async throws {
        try await withTestDatabase { database in
            let outbox = PostgresOutboxRepository(database.client)
            let ids = try await database.registerOrders(5)
            let started = Flag()
            let release = Flag()
            let relay = relay(database, configuration: .init(batchSize: 5, migratesSchemaOnStart: false)) { record in
                if record.orderID == 2 {
                    started.set()
                    try await waitUntil("the test to release the handler", timeout: .seconds(30)) { release.isSet }
                }
            }

            let running = Task { try await relay.run() }
            try await waitUntil("message 2 to be in hand") { started.isSet }
            relay.stop()
            XCTAssertTrue(relay.isStopRequested)
            release.set()
            try await value(of: running, within: .seconds(15), "the relay to stop")

            let stored = try await outbox.records()
            XCTAssertEqual(stored.map(\.status), [.processed, .processed, .pending, .pending, .pending])
            XCTAssertEqual(stored.map(\.attempts), [1, 1, 0, 0, 0], "the messages not started are given back with their attempts")
            for id in ids.suffix(3) {
                let (claimedBy, claimedUntil, _) = try await lease(of: id, in: database)
                XCTAssertNil(claimedBy)
                XCTAssertNil(claimedUntil)
            }
            // A stopped relay stays stopped.
            try await relay.run()
        }
    }

    func testCancellingTheRunIsAStopThatDoesNotCancelTheHandler() async throws {
        try await withTestDatabase { database in
            let outbox = PostgresOutboxRepository(database.client)
            try await database.registerOrders(3)
            let started = Flag()
            let handlerSawCancellation = Flag()
            let relay = relay(database, configuration: .init(batchSize: 3, migratesSchemaOnStart: false)) { record in
                guard record.orderID == 1 else { return }
                started.set()
                // Work that takes a while; a cancelled handler would end early.
                let clock = ContinuousClock()
                let end = clock.now + .milliseconds(300)
                while clock.now < end {
                    if Task.isCancelled {
                        handlerSawCancellation.set()
                    }
                    try await Task.sleep(for: .milliseconds(10))
                }
            }

            let running = Task { try await relay.run() }
            try await waitUntil("message 1 to be in hand") { started.isSet }
            running.cancel()
            try await value(of: running, within: .seconds(15), "the cancelled relay to stop")

            XCTAssertTrue(relay.isStopRequested)
            XCTAssertFalse(handlerSawCancellation.isSet)
            let stored = try await outbox.records()
            XCTAssertEqual(stored.map(\.status), [.processed, .pending, .pending])
            XCTAssertEqual(stored.map(\.attempts), [1, 0, 0])
        }
    }

    func testAnIdleRelayIsWokenByTheNotificationOfACommittedRegistration() async throws {
        try await withTestDatabase { database in
            let outbox = PostgresOutboxRepository(database.client)
            let name = "listener-\(UUID().uuidString.prefix(8).lowercased())"
            var url = database.url
            url.startupParameters.append(.init(name: "application_name", value: name))
            let relayClient = RunningClient(url.clientConfiguration())
            let handled = Lines()
            // Polling every minute: only a notification can wake it in time.
            let relay = PostgresOutboxRelay(
                client: relayClient.client,
                name: name,
                configuration: .init(pollInterval: .seconds(60), migratesSchemaOnStart: false),
                logger: loudLogger("listener")
            ) { record in
                handled.append("ship \(record.orderID)")
            }
            let running = Task { try await relay.run() }
            do {
                try await waitUntil("the relay to listen") {
                    let rows = try await database.rows("""
                        SELECT 1 FROM pg_stat_activity
                        WHERE application_name = \(name) AND query ILIKE 'LISTEN%' AND state = 'idle'
                        """)
                    return !rows.isEmpty
                }
                try await Task.sleep(for: .milliseconds(200)) // let its first look at the empty outbox end

                let connection = try await database.connect()
                try await connection.query("BEGIN", logger: .quiet)
                try await registerOutboxMessage(connection, message: ShipOrder(orderID: 7))
                try await connection.query("COMMIT", logger: .quiet)
                try await connection.close()

                try await waitUntil("the notified relay to process the message", timeout: .seconds(10)) {
                    try await outbox.count(status: .processed) == 1
                }
                XCTAssertEqual(handled.all, ["ship 7"])
            } catch {
                relay.stop()
                _ = await running.result
                await relayClient.shutdown()
                throw error
            }
            relay.stop()
            try await value(of: running, within: .seconds(15), "the relay to stop")
            await relayClient.shutdown()
        }
    }

    func testAnOutcomeIsNotWrittenByARelayThatLostItsLease() async throws {
        try await withTestDatabase { database in
            let outbox = PostgresOutboxRepository(database.client)
            let record = try await registerOutboxMessage(outbox, ShipOrder(orderID: 1), at: Clock.start)
            let runs = Lines()
            let slow = relay(database, name: "slow", configuration: .init(leaseDuration: .seconds(1))) { record in
                runs.append("slow attempt \(record.attempts)")
                // Longer than the lease: meanwhile the other relay takes the message and processes it.
                try await waitUntil("the other relay to process the message", timeout: .seconds(20)) {
                    try await outbox.record(id: record.id)?.status == .processed
                }
            }
            let fast = relay(database, name: "fast") { record in
                runs.append("fast attempt \(record.attempts)")
            }

            let slowRun = Task { try await slow.processDueMessages() }
            try await waitUntil("the slow relay to start") { runs.all.count == 1 }
            try await waitUntil("the slow relay's lease to expire", timeout: .seconds(15)) {
                try await fast.processDueMessages().processed == [record.id]
            }
            let slowReport = try await value(of: slowRun, within: .seconds(30), "the slow relay")

            XCTAssertEqual(runs.all, ["slow attempt 1", "fast attempt 2"], "at-least-once: both ran")
            XCTAssertEqual(slowReport.processed, [], "the slow relay's outcome is not written")
            let stored = try await outbox.record(id: record.id)
            XCTAssertEqual(stored?.status, .processed)
            XCTAssertEqual(stored?.attempts, 2)
        }
    }

    func testAHandlerCrashEndsTheRunUnrecordedAndGivesBackTheRest() async throws {
        try await withTestDatabase { database in
            let outbox = PostgresOutboxRepository(database.client)
            try await database.registerOrders(3)
            let relay = relay(database, configuration: .init(batchSize: 3, migratesSchemaOnStart: false)) { record in
                if record.orderID == 2 {
                    throw Crash()
                }
            }

            do {
                try await relay.run()
                XCTFail("the crash did not end the run")
            } catch {
                XCTAssertEqual(error as? Crash, Crash())
            }

            let stored = try await outbox.records()
            XCTAssertEqual(stored.map(\.status), [.processed, .pending, .pending])
            XCTAssertEqual(stored.map(\.attempts), [1, 1, 0], "the crashed attempt counts; the one not started is given back")
            XCTAssertEqual(stored.map(\.lastError), [nil, nil, nil])
            let (claimedBy, _, _) = try await lease(of: stored[1].id, in: database)
            XCTAssertEqual(claimedBy, "relay-1", "the crashed message stays leased until its lease expires")
        }
    }

    func testRunningTwiceAtOnceIsAnError() async throws {
        try await withTestDatabase { database in
            let outbox = PostgresOutboxRepository(database.client)
            let relay = relay(database, configuration: .init(pollInterval: .milliseconds(50), migratesSchemaOnStart: false)) { _ in }
            let running = Task { try await relay.run() }
            try await database.registerOrders(1)
            try await waitUntil("the relay to run") { try await outbox.count(status: .processed) == 1 }

            do {
                try await relay.run()
                XCTFail("a second run started")
            } catch {
                XCTAssertEqual(error as? PostgresOutboxRelay.RelayError, .alreadyRunning("relay-1"))
            }
            relay.stop()
            try await value(of: running, within: .seconds(15), "the relay to stop")
        }
    }
}

/// Registers `message` created at `date` through a repository.
@discardableResult
func registerOutboxMessage(_ outbox: PostgresOutboxRepository, _ message: any Message, at date: Date) async throws -> OutboxRecord {
    let record = try OutboxRecord(message: message, createdAt: date)
    try await outbox.add(record)
    return record
}
