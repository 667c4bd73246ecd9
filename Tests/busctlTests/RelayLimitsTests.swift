import Foundation
import XCTest

/// `busctl relay --step-limit`, and stored payloads that are not a
/// message's object, as a relay process reports them. Each test works in a
/// fresh schema of `MESSAGEBUS_POSTGRES_URL` (skipped without it).
final class RelayLimitsTests: PostgresTestCase {
    private static let handlers = """
        command Ship(order_id: Int)
        handle Ship as ship { ctx.shipped = msg.order_id }
        outbox handler relay {
          let i = 0
          while i < message.payload.order_id { i = i + 1 }
          dispatch
        }
        """

    private func start(_ url: String, _ extra: [String]) throws -> RelayProcess {
        let file = try writeScript(Self.handlers, named: "handlers.bus")
        let relay = try RelayProcess(arguments: ["relay", "--postgres", url, "--handlers", file.path, "--name", "relay-l", "--max-attempts", "1"] + extra)
        relays.append(relay)
        return relay
    }

    func testTheStepLimitFlagAppliesAndTheHintNamesIt() throws {
        let made = try freshSchema()
        let add = try runBusctl(args: ["--trace", "off", "--postgres", made.url, "-e", "command Ship(order_id: Int)\noutbox add Ship(order_id: 5)\noutbox add Ship(order_id: 5000)"])
        XCTAssertEqual(add.status, 0, add.stderr)
        let relay = try start(made.url, ["--step-limit", "1000"])
        try relay.waitForLines(containing: ": dead: ", count: 1)
        try relay.waitForLines(containing: ": processed", count: 1)
        XCTAssertEqual(try relay.terminate(), 0, relay.stderr)
        let dead = relay.stdoutLines.first { $0.contains(": dead: ") } ?? ""
        XCTAssertTrue(dead.contains("step limit: more than 1000 steps"), dead)
        XCTAssertTrue(dead.contains("--step-limit N"), dead)
        XCTAssertFalse(dead.contains("set step_limit"), dead)
    }

    func testPayloadsThatAreNotAMessagesObjectSaySo() throws {
        let made = try freshSchema()
        let add = try runBusctl(args: ["--trace", "off", "--postgres", made.url, "-e", "print 1"])
        XCTAssertEqual(add.status, 0, add.stderr)
        for (index, payload) in [#"{"order_id":1e400}"#, "[1,2]"].enumerated() {
            try made.execute("""
                INSERT INTO outbox (id, type, name, payload, created_at)
                VALUES ('00000000-0000-0000-0000-00000000000\(index + 1)', 'COMMAND', 'Ship', '\(payload)', now() + interval '\(index) second')
                """)
        }
        let file = try writeScript("command Ship(order_id: Int)\noutbox handler relay { dispatch }", named: "plain.bus")
        let relay = try RelayProcess(arguments: ["relay", "--postgres", made.url, "--handlers", file.path, "--name", "relay-p", "--max-attempts", "1"])
        relays.append(relay)
        try relay.waitForLines(containing: ": dead: ", count: 2)
        XCTAssertEqual(try relay.terminate(), 0, relay.stderr)
        let lines = relay.stdoutLines.joined(separator: "\n")
        XCTAssertTrue(lines.contains("the stored payload of Ship cannot be read as JSON: Number 1e400 is not representable"), lines)
        XCTAssertTrue(lines.contains("the stored payload of Ship is not a JSON object but List [1, 2]"), lines)
    }
}
