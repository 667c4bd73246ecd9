import Foundation
import XCTest

/// Ctrl-C and stop signals while busctl waits for a PostgreSQL that does not
/// answer: a session's statement stops with "interrupted", a relay stops
/// promptly, and claimed messages are given back. The database "hangs" by
/// holding the shared context's lock (a test connection sleeps with it), or
/// by not answering at all (``SilentListener``). Skipped without
/// `MESSAGEBUS_POSTGRES_URL`.
final class PostgresInterruptTests: PostgresTestCase {
    override func freshSchema() throws -> PostgresTestSchema {
        let made = try super.freshSchema()
        // The tables (and so the context lock's key) exist from here on.
        let prepare = try runBusctl(args: ["--trace", "off", "--postgres", made.url, "-e", "command Ping(n: Int)\noutbox add Ping(n: 1)"])
        XCTAssertEqual(prepare.status, 0, prepare.stderr)
        return made
    }

    /// Holds the shared context's lock for `seconds` on a connection of the
    /// test's, in the background; returns once it is held.
    private func holdContextLock(_ schema: PostgresTestSchema, seconds: Int) throws {
        DispatchQueue.global().async {
            try? schema.execute("SELECT pg_advisory_lock((x'42555343'::bigint << 32) | 'busctl_context'::regclass::oid::bigint), pg_sleep(\(seconds))")
        }
        // Wait until the background statement holds it.
        let deadline = Date().addingTimeInterval(10)
        // Held by anyone in this database is enough (an exclusive lock has one
        // holder); other databases may hold the same key for tables of theirs.
        while try schema.texts("SELECT count(*)::text FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND classid = x'42555343'::bigint::oid AND objid = 'busctl_context'::regclass::oid") == ["0"] {
            guard Date() < deadline else { throw HelperError(description: "the test could not take the context lock") }
            usleep(50_000)
        }
    }

    func testCtrlCInterruptsAStatementWaitingForTheDatabase() throws {
        let schema = try freshSchema()
        try holdContextLock(schema, seconds: 8)
        let started = Date()
        let run = try runBusctl(args: ["--trace", "off", "--postgres", schema.url, "-e", "ctx.n = 1"], interruptAfter: 1, timeout: 20)
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(run.status, 130, run.stderr)
        XCTAssertTrue(run.stderr.contains("interrupted"), run.stderr)
        XCTAssertLessThan(elapsed, 4, "Ctrl-C did not cut the wait short")
    }

    func testCtrlCDuringOutboxRunGivesTheClaimBack() throws {
        let schema = try freshSchema()
        let run = try runBusctl(args: ["--trace", "off", "--postgres", schema.url, "-e", """
        set step_limit 1000000000
        command Ping(n: Int)
        outbox handler forever { while true { } }
        outbox run
        """], interruptAfter: 1.5, timeout: 20)
        XCTAssertEqual(run.status, 130, run.stderr)
        XCTAssertTrue(run.stderr.contains("gave back 1 claimed message"), run.stderr)
        XCTAssertEqual(try schema.texts("SELECT coalesce(claimed_by, 'none') FROM outbox"), ["none"])
    }

    func testTheOutboxSaysWhoHoldsAClaimedMessage() throws {
        let schema = try freshSchema()
        try schema.execute("UPDATE outbox SET claimed_by = 'relay-elsewhere', claimed_until = now() + interval '5 minutes'")
        let run = try runBusctl(args: ["--trace", "off", "--postgres", schema.url, "-e", "outbox\noutbox show outbox.messages[0].id"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("pending (claimed by relay-elsewhere)"), run.stdout)
        XCTAssertTrue(run.stdout.contains("claimed   by relay-elsewhere until"), run.stdout)
    }

    private func startRelay(_ url: String, _ extra: [String] = []) throws -> RelayProcess {
        let file = try writeScript("""
            command Ping(n: Int)
            handle Ping as count { ctx.pings = (ctx.pings ?? 0) + 1 }
            outbox handler relay { dispatch }
            """, named: "handlers.bus")
        let relay = try RelayProcess(arguments: ["relay", "--postgres", url, "--handlers", file.path, "--name", "r1"] + extra)
        relays.append(relay)
        return relay
    }

    func testARelayStopsWhileItConnects() throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let relay = try startRelay("postgres://me@127.0.0.1:\(listener.port)/shop?sslmode=disable&connect_timeout=30")
        usleep(800_000)
        let started = Date()
        XCTAssertEqual(try relay.terminate(timeout: 10), 0, relay.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 3)
        XCTAssertTrue(relay.stdout.contains("stopped before it connected"), relay.stdout + relay.stderr)
    }

    func testARelayBlockedOnTheDatabaseStopsPromptly() throws {
        let schema = try freshSchema()
        try holdContextLock(schema, seconds: 10)
        let relay = try startRelay(schema.url)
        // The relay claims the message and waits for the context's lock.
        usleep(2_000_000)
        let started = Date()
        XCTAssertEqual(try relay.terminate(timeout: 10), 0, relay.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
        XCTAssertTrue(relay.stdout.contains("interrupted by the stop"), relay.stdout + relay.stderr)
    }

    func testASecondSignalEndsARelayAtOnce() throws {
        let schema = try freshSchema()
        try holdContextLock(schema, seconds: 10)
        let relay = try startRelay(schema.url)
        usleep(1_500_000)
        relay.send(SIGTERM)
        usleep(200_000)
        relay.send(SIGTERM)
        XCTAssertEqual(try relay.waitForExit(timeout: 3), 143, relay.stderr)
        XCTAssertTrue(relay.stderr.contains("SIGTERM again: exiting at once"), relay.stderr)
        XCTAssertTrue(relay.stderr.contains("claimed again when their leases expire"), relay.stderr)
    }

    /// A database error lasting several tries is one line when it starts and
    /// one when it ends, not one line per try.
    func testARelaySaysOnceWhenTheDatabaseFailsAndWhenItWorksAgain() throws {
        let schema = try freshSchema()
        // It looks every 0.2 s, so it meets the missing table at once.
        let relay = try startRelay(schema.url, ["--poll-interval", "0.2"])
        try relay.waitForLines(containing: "processed", count: 1, timeout: 15)
        try schema.execute("ALTER TABLE outbox RENAME TO outbox_away")
        usleep(3_000_000)
        try schema.execute("ALTER TABLE outbox_away RENAME TO outbox")
        let deadline = Date().addingTimeInterval(10)
        while !relay.stderr.contains("again after"), Date() < deadline { usleep(50_000) }
        XCTAssertEqual(try relay.terminate(timeout: 10), 0, relay.stderr)
        let lines = relay.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count { $0.contains("database error (") }, 1, relay.stderr)
        XCTAssertTrue(relay.stderr.contains("retrying every 1 s"), relay.stderr)
        XCTAssertEqual(lines.count { $0.contains("database working again after") }, 1, relay.stderr)
    }
}
