import Foundation
import XCTest

/// What `busctl relay` writes, and how it refuses bad usage: standard
/// output stays JSON lines with `--trace json`, every line on standard
/// error carries the time and the relay's name, "stopped" is written once.
/// The PostgreSQL tests work in a fresh schema of `MESSAGEBUS_POSTGRES_URL`
/// (skipped without it); the usage errors need no server.
final class RelayOutputTests: PostgresTestCase {
    /// Order 13 always fails in the outbox handler (a session report on
    /// standard error); the others are dispatched.
    private static let handlers = """
        command ShipOrder(order_id: Int)
        handle ShipOrder as ship { ctx.shipped = (ctx.shipped ?? []) + [msg.order_id] }
        outbox handler relay {
          if message.payload.order_id == 13 { fail "malformed order" }
          dispatch
        }
        """

    private func start(_ url: String, name: String, _ extra: [String] = []) throws -> RelayProcess {
        let file = try writeScript(Self.handlers, named: "handlers.bus")
        let relay = try RelayProcess(arguments: ["relay", "--postgres", url, "--handlers", file.path, "--name", name] + extra)
        relays.append(relay)
        return relay
    }

    private func addOrders(_ ids: [Int], url: String) throws {
        let list = ids.map(String.init).joined(separator: ", ")
        let run = try runBusctl(args: ["--trace", "off", "--postgres", url, "-e", """
        command ShipOrder(order_id: Int)
        for id in [\(list)] { outbox add ShipOrder(order_id: id) }
        """])
        XCTAssertEqual(run.status, 0, run.stderr)
    }

    private func waitForStderr(_ relay: RelayProcess, containing text: String, count: Int) throws {
        let deadline = Date().addingTimeInterval(30)
        while relay.stderr.components(separatedBy: "\n").count(where: { $0.contains(text) }) < count {
            guard Date() < deadline else { throw HelperError(description: "no \(count) lines with \(text) on standard error:\n\(relay.stdout)\n\(relay.stderr)") }
            usleep(20_000)
        }
    }

    func testWithTheJSONTraceStandardOutputIsJSONLinesOnly() throws {
        let url = try freshSchema().url
        try addOrders([1, 2], url: url)
        let relay = try start(url, name: "relay-j", ["--trace", "json"])
        try waitForStderr(relay, containing: ": processed", count: 2)
        XCTAssertEqual(try relay.terminate(), 0, relay.stderr)
        XCTAssertFalse(relay.stdoutLines.isEmpty, "the trace of dispatch")
        for line in relay.stdoutLines {
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(line.utf8)), "not JSON: \(line)")
        }
        XCTAssertTrue(relay.stderr.contains("relay-j relays the outbox of postgres://"), relay.stderr)
        XCTAssertTrue(relay.stderr.contains("relay-j stopped"), relay.stderr)
    }

    func testStandardErrorLinesCarryTimeAndNameAndStoppedIsWrittenOnce() throws {
        let url = try freshSchema().url
        try addOrders([13], url: url)
        let relay = try start(url, name: "relay-e", ["--max-attempts", "1"])
        try relay.waitForLines(containing: ": dead: malformed order", count: 1)
        XCTAssertEqual(try relay.terminate(), 0, relay.stderr)
        let errors = relay.stderr.components(separatedBy: "\n").filter { !$0.isEmpty }
        XCTAssertTrue(errors.contains { $0.contains("malformed order") }, "the session's report of the failing handler: \(relay.stderr)")
        for line in errors {
            XCTAssertNotNil(line.range(of: #"^\d{4}-\d\d-\d\dT[0-9:.]+Z relay-e "#, options: .regularExpression), line)
        }
        let stopped = (relay.stdoutLines + errors).filter { $0.hasSuffix(" stopped") }
        XCTAssertEqual(stopped.count, 1, relay.stdout + relay.stderr)
        XCTAssertFalse(relay.stderr.contains(" starting"), relay.stderr)
    }

    func testAMessageOfATypeTheHandlersFileLacksNamesTheHandlersFile() throws {
        let url = try freshSchema().url
        let add = try runBusctl(args: ["--trace", "off", "--postgres", url, "-e", "command Refund(order_id: Int)\noutbox add Refund(order_id: 1)"])
        XCTAssertEqual(add.status, 0, add.stderr)
        let relay = try start(url, name: "relay-u", ["--max-attempts", "1"])
        try relay.waitForLines(containing: ": dead: ", count: 1)
        XCTAssertEqual(try relay.terminate(), 0, relay.stderr)
        XCTAssertTrue(relay.stdout.contains("unknown type `Refund`: the stored message's type is not defined in the relay's --handlers file"), relay.stdout)
        XCTAssertFalse(relay.stdout.contains("in this session"), relay.stdout)
    }

    func testBadUsageIsStatusTwoWithAClearMessage() throws {
        let url = "postgres://me@127.0.0.1:1/shop"
        let cases: [([String], String)] = [
            (["relay", "--postgres", url, "--handlers", "a.bus", "--lease", "-1"], "--lease must be from 1 to 86400 seconds (one day), not -1"),
            (["relay", "--postgres", url, "--handlers", "a.bus", "--lease", "0.5"], "--lease must be from 1 to 86400 seconds (one day), not 0.5"),
            (["relay", "--postgres", url, "--handlers", "a.bus", "--lease", "inf"], "--lease must be from 1 to 86400 seconds (one day), not inf"),
            (["relay", "--postgres", url, "--handlers", "a.bus", "--name", "r1\nforged"], "--name must be printable"),
            (["relay", "--postgres", url, "--postgres", url, "--handlers", "a.bus"], "--postgres given twice; give it once"),
            (["--postgres", url, "--postgres", url, "-e", "print 1"], "busctl: error: --postgres given twice; give it once"),
            (["--postgres", url, "graph", "a.bus"], "busctl: error: `graph` is a subcommand: put it first, as in busctl graph FILE..."),
            (["relay", "--postgres", url, "--handlers", "a.bus", "--handlers", "b.bus"], "--handlers is given 2 times"),
            (["relay", "--postgres", url, "--handlers", "a.bus", "--name", ""], "--name must not be empty"),
            (["relay", "--postgres", url, "--handlers", "a.bus", "--batch-size", "-3"], "--batch-size must be a whole number of at least 1"),
            (["--postgres", url, "relay", "--handlers", "a.bus"], "put it first, as in busctl relay --postgres URL"),
        ]
        for (arguments, expected) in cases {
            let run = try runBusctl(args: arguments)
            XCTAssertEqual(run.status, 2, "\(arguments): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains(expected), "\(arguments): \(run.stderr)")
            XCTAssertEqual(run.stdout, "", "\(arguments)")
        }
    }
}
