@testable import busctl
import Foundation
import MessageBusPostgres
import PostgresNIO
import XCTest

/// With `--postgres`, relays and sessions share the context: each unit of
/// work (a relay's message, a session's statement) reads it fresh and
/// commits under one PostgreSQL lock, so read-modify-write handlers
/// (`ctx.shipped = ctx.shipped + [id]`) lose no one's update. Each test
/// works in a fresh schema of `MESSAGEBUS_POSTGRES_URL` (skipped without it).
final class SharedContextTests: PostgresTestCase {
    private static let handlers = """
        command ShipOrder(order_id: Int)
        handle ShipOrder as ship { ctx.shipped = (ctx.shipped ?? []) + [msg.order_id] }
        outbox handler relay { dispatch }
        """

    private func startRelay(_ url: String, _ file: URL, name: String) throws -> RelayProcess {
        let relay = try RelayProcess(arguments: ["relay", "--postgres", url, "--handlers", file.path, "--name", name, "--batch-size", "5"])
        relays.append(relay)
        return relay
    }

    private func processed(_ relays: [RelayProcess]) -> Int {
        relays.reduce(0) { $0 + $1.stdoutLines.count(where: { $0.hasSuffix(": processed") }) }
    }

    private func waitUntilProcessed(_ count: Int, by relays: [RelayProcess]) throws {
        let deadline = Date().addingTimeInterval(60)
        while processed(relays) < count {
            guard Date() < deadline else {
                throw HelperError(description: "\(processed(relays)) of \(count) processed:\n" + relays.map { $0.stdout + $0.stderr }.joined(separator: "\n"))
            }
            usleep(50_000)
        }
    }

    func testTwoRelaysAppendingToOneContextKeyLoseNoEntry() throws {
        let url = try freshSchema().url
        let file = try writeScript(Self.handlers, named: "ship.bus")
        let pair = [try startRelay(url, file, name: "relay-1"), try startRelay(url, file, name: "relay-2")]
        let add = try runBusctl(args: ["--trace", "off", "--postgres", url, "-e", "load \"\(file.path)\"", "-e", "for i in range(100) { outbox add ShipOrder(order_id: i) }"])
        XCTAssertEqual(add.status, 0, add.stderr)
        try waitUntilProcessed(100, by: pair)
        for relay in pair { XCTAssertEqual(try relay.terminate(), 0, relay.stderr) }
        XCTAssertGreaterThan(pair[0].stdoutLines.count(where: { $0.hasSuffix(": processed") }), 0, "both relays took part")
        XCTAssertGreaterThan(pair[1].stdoutLines.count(where: { $0.hasSuffix(": processed") }), 0, "both relays took part")
        let check = try runBusctl(args: ["--postgres", url, "-e", """
        assert len(ctx.shipped) == 100, "\\(len(ctx.shipped)) entries"
        assert sort(ctx.shipped) == range(100)
        """])
        XCTAssertEqual(check.status, 0, check.stderr)
    }

    /// A session reads the context again before each statement: it neither
    /// overwrites what the relay stored meanwhile nor has its own updates
    /// overwritten by the relay.
    func testASessionInterleavedWithARelayLosesNothing() throws {
        let url = try freshSchema().url
        let file = try writeScript(Self.handlers, named: "ship.bus")
        let relay = try startRelay(url, file, name: "relay-s")
        // Each line is a statement of its own: register a message, then
        // append to the list the relay's handler appends to; every fifth
        // pair is a transaction, which holds the lock from begin to commit.
        var input = "load \"\(file.path)\"\n"
        for i in 0..<50 {
            let pair = "outbox add ShipOrder(order_id: \(i))\nctx.shipped = (ctx.shipped ?? []) + [\(1000 + i)]\n"
            input += i % 5 == 0 ? "begin\n\(pair)commit\n" : pair
        }
        let session = try runBusctl(args: ["--trace", "off", "--postgres", url], stdin: input, timeout: 60)
        XCTAssertEqual(session.status, 0, session.stderr)
        try waitUntilProcessed(50, by: [relay])
        XCTAssertEqual(try relay.terminate(), 0, relay.stderr)
        let check = try runBusctl(args: ["--postgres", url, "-e", """
        assert len(ctx.shipped) == 100, "\\(len(ctx.shipped)) entries"
        assert sort(ctx.shipped) == range(50) + range(1000, 1050)
        """])
        XCTAssertEqual(check.status, 0, check.stderr)
    }

    /// A wait on the lock's connection that is cut short (Ctrl-C, a relay's
    /// stop) leaves its transaction running there. An unlock queued behind
    /// it would free the lock before that transaction ends, and another
    /// process could read the context it is about to change: the lock's
    /// connection is closed instead, and the lock comes free only once the
    /// server has ended the transaction.
    func testAnInterruptedWaitOnTheLocksConnectionClosesItInsteadOfUnlocking() throws {
        let schema = try freshSchema()
        try PostgresSessionStore(url: schema.url).close() // creates busctl_context, the lock's key
        let logger = RunningPostgresClient.quietLogger
        let lock = ContextLock(url: try PostgresURL(schema.url), logger: logger)
        defer { lock.close() }
        try lock.lock()
        let pid = try lock.withHeldConnection { connection in
            var pid: Int32 = 0
            for try await found in try await connection.query("SELECT pg_backend_pid()", logger: logger).decode(Int32.self) {
                pid = found
            }
            return pid
        }

        let previous = BlockingBridge.interruption.withLock { $0 }
        let since = ContinuousClock.now
        BlockingBridge.interruption.withLock { $0 = { .after(.milliseconds(300), since: since) } }
        // Cut short during the first sleep; the unlock of old would then run
        // between the two sleeps, inside the transaction.
        XCTAssertThrowsError(try lock.withHeldConnection { connection in
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.query("INSERT INTO busctl_context (key, value) VALUES ('n', '1')", logger: logger)
                try await connection.query("SELECT pg_sleep(1)", logger: logger)
                try await connection.query("SELECT pg_sleep(1)", logger: logger)
            }
        }) { XCTAssertTrue($0 is BlockingBridgeInterrupted, "\($0)") }
        BlockingBridge.interruption.withLock { $0 = previous }

        lock.unlock()
        XCTAssertFalse(lock.hasConnection, "the lock's connection was kept (unlocked) instead of closed")
        let deadline = Date().addingTimeInterval(10)
        while try schema.texts("SELECT count(*)::text FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = \(pid)") != ["0"] {
            guard Date() < deadline else { return XCTFail("the lock was not released") }
            usleep(20_000)
        }
        XCTAssertEqual(try schema.texts("SELECT count(*)::text FROM pg_stat_activity WHERE pid = \(pid) AND xact_start IS NOT NULL"), ["0"], "the lock came free while its connection's transaction was still open")
        XCTAssertEqual(try schema.texts("SELECT count(*)::text FROM busctl_context"), ["0"], "the interrupted transaction was committed")
    }
}
