import Foundation
import XCTest

/// `busctl relay --postgres URL --handlers FILE` (issue 8): a long-lived
/// relay process that runs the outbox handlers of a script on the messages
/// other busctl sessions register, logs one line per message, and stops with
/// status 0 on SIGTERM. Each test works in a fresh schema of the server
/// named by `MESSAGEBUS_POSTGRES_URL`, and is skipped without it; the usage
/// errors need no server.
final class RelayCommandTests: PostgresTestCase {
    /// Ships orders; the outbox handler fails for order 13, always.
    static let handlers = """
        command ShipOrder(order_id: Int)
        event OrderShipped(order_id: Int)

        handle ShipOrder as ship {
          ctx.shipped = (ctx.shipped ?? []) + [msg.order_id]
          emit OrderShipped(order_id: msg.order_id)
        }
        on OrderShipped as count { ctx.deliveries = (ctx.deliveries ?? 0) + 1 }

        outbox handler relay {
          if message.payload.order_id == 13 { fail "malformed order" }
          dispatch
        }

        # Not a definition: a relay does not run it.
        ctx.started = true
        """

    private func startRelay(_ url: String, name: String, _ extra: [String] = []) throws -> RelayProcess {
        let file = try writeScript(Self.handlers, named: "handlers.bus")
        let relay = try RelayProcess(arguments: ["relay", "--postgres", url, "--handlers", file.path, "--name", name] + extra)
        relays.append(relay)
        return relay
    }

    private func addOrders(_ ids: some Sequence<Int>, url: String) throws {
        let list = ids.map(String.init).joined(separator: ", ")
        let run = try runBusctl(args: ["--trace", "off", "--postgres", url, "-e", """
        command ShipOrder(order_id: Int)
        for id in [\(list)] { outbox add ShipOrder(order_id: id) }
        """])
        XCTAssertEqual(run.status, 0, run.stderr)
    }

    func testARelayProcessesWhatAnotherBusctlRegistersLogsEachAndStopsOnSIGTERM() throws {
        let url = try freshSchema().url
        try addOrders(1...3, url: url) // before the relay starts
        let relay = try startRelay(url, name: "relay-a")
        try relay.waitForLines(containing: ": processed", count: 3)
        try addOrders(4...5, url: url) // while it waits: the notification wakes it
        try relay.waitForLines(containing: ": processed", count: 5)
        let status = try relay.terminate()
        XCTAssertEqual(status, 0, relay.stderr)
        let lines = relay.stdoutLines
        XCTAssertTrue(lines.first?.contains("relay-a relays the outbox of postgres://") == true, relay.stdout)
        XCTAssertTrue(lines.last?.hasSuffix("relay-a stopped") == true, relay.stdout)
        let processed = lines.filter { $0.hasSuffix(": processed") }
        XCTAssertEqual(processed.count, 5, relay.stdout)
        for line in processed {
            XCTAssertNotNil(line.range(of: #"^\S+ relay-a [0-9a-f-]{36} ShipOrder attempt 1: processed$"#, options: .regularExpression), line)
        }
        XCTAssertFalse(relay.stderr.contains("error"), relay.stderr)

        let check = try runBusctl(args: ["--postgres", url, "-e", """
        assert outbox.processed == 5
        assert sort(ctx.shipped) == [1, 2, 3, 4, 5]
        assert ctx.deliveries == 5
        assert ctx.started == nil, "the handlers file's top-level statements do not run"
        """])
        XCTAssertEqual(check.status, 0, check.stderr)
    }

    func testFailuresAreLoggedAndRetriedUntilDead() throws {
        let url = try freshSchema().url
        try addOrders([13], url: url)
        let relay = try startRelay(url, name: "relay-f", ["--max-attempts", "2", "--backoff", "0"])
        try relay.waitForLines(containing: ": dead: ", count: 1)
        XCTAssertEqual(try relay.terminate(), 0, relay.stderr)
        let lines = relay.stdoutLines.filter { $0.contains(" ShipOrder attempt ") }
        XCTAssertEqual(lines.count, 2, relay.stdout)
        XCTAssertTrue(lines.first?.hasSuffix("attempt 1: failed: malformed order") == true, relay.stdout)
        XCTAssertTrue(lines.last?.hasSuffix("attempt 2: dead: malformed order") == true, relay.stdout)
        let check = try runBusctl(args: ["--postgres", url, "-e", "assert outbox.dead == 1\nassert outbox.messages[0].error == \"malformed order\""])
        XCTAssertEqual(check.status, 0, check.stderr)
    }

    func testTwoRelaysProcessEachMessageOnce() throws {
        let url = try freshSchema().url
        try addOrders(100..<140, url: url) // not 13, which always fails
        let first = try startRelay(url, name: "relay-1", ["--batch-size", "2"])
        let second = try startRelay(url, name: "relay-2", ["--batch-size", "2"])
        let deadline = Date().addingTimeInterval(30)
        func processedIDs() -> [String] {
            (first.stdoutLines + second.stdoutLines)
                .filter { $0.hasSuffix(": processed") }
                .compactMap { $0.split(separator: " ").dropFirst(2).first.map(String.init) }
        }
        while processedIDs().count < 40, Date() < deadline {
            usleep(50_000)
        }
        XCTAssertEqual(try first.terminate(), 0, first.stderr)
        XCTAssertEqual(try second.terminate(), 0, second.stderr)
        let ids = processedIDs()
        XCTAssertEqual(ids.count, 40, first.stdout + second.stdout)
        XCTAssertEqual(Set(ids).count, 40, "no message was processed twice")
        let check = try runBusctl(args: ["--postgres", url, "-e", """
        assert outbox.processed == 40
        for m in outbox.messages { assert m.attempts == 1, "claimed once: \\(m.id)" }
        """])
        XCTAssertEqual(check.status, 0, check.stderr)
    }

    /// `crash` in an outbox handler "kills" the relay after the side effect:
    /// it starts again, and the message runs again once its lease expired.
    func testACrashInAnOutboxHandlerRestartsTheRelayAndDeliversAgain() throws {
        let url = try freshSchema().url
        try addOrders([12], url: url)
        let file = try writeScript("""
            command ShipOrder(order_id: Int)
            handle ShipOrder as ship { ctx.shipped = (ctx.shipped ?? []) + [msg.order_id] }
            outbox handler relay_once {
              dispatch
              if ctx.crashed == nil {
                ctx.crashed = true
                crash
              }
            }
            """, named: "crashing.bus")
        let relay = try RelayProcess(arguments: ["relay", "--postgres", url, "--handlers", file.path, "--name", "relay-c", "--lease", "1"])
        relays.append(relay)
        try relay.waitForLines(containing: "attempt 2: processed", count: 1)
        XCTAssertEqual(try relay.terminate(), 0, relay.stderr)
        XCTAssertTrue(relay.stdout.contains("ShipOrder attempt 1: crashed; the relay restarts"), relay.stdout)
        let check = try runBusctl(args: ["--postgres", url, "-e", """
        assert ctx.shipped == [12, 12], "delivered twice"
        assert outbox.processed == 1
        assert outbox.messages[0].attempts == 2
        """])
        XCTAssertEqual(check.status, 0, check.stderr)
    }

    func testARelayNeedsHandlers() throws {
        let run = try runBusctl(args: ["relay", "--postgres", "postgres://me@localhost/shop"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("busctl relay needs --handlers FILE"), run.stderr)

        let noURL = try runBusctl(args: ["relay", "--handlers", "x.bus"])
        XCTAssertEqual(noURL.status, 2)
        XCTAssertTrue(noURL.stderr.contains("busctl relay needs --postgres URL"), noURL.stderr)
    }

    func testAHandlersFileWithoutAnOutboxHandlerIsRefused() throws {
        let url = try freshSchema().url
        let file = try writeScript("command ShipOrder(order_id: Int)\n", named: "types.bus")
        let run = try runBusctl(args: ["relay", "--postgres", url, "--handlers", file.path], timeout: 20)
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("defines no outbox handler"), run.stderr)
    }

    func testRelayHelpReadsWell() throws {
        let run = try runBusctl(args: ["relay", "--help"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("USAGE: busctl relay"), run.stdout)
        XCTAssertTrue(run.stdout.contains("--handlers <file>"), run.stdout)
        XCTAssertTrue(run.stdout.contains("SIGINT or SIGTERM"), run.stdout)
        let main = try runBusctl(args: ["--help"])
        XCTAssertTrue(main.stdout.contains("--postgres <url>"), main.stdout)
        XCTAssertTrue(main.stdout.contains("busctl relay --postgres URL --handlers FILE"), main.stdout)
    }
}
