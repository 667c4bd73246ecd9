import Foundation
import XCTest

/// With `--postgres`, relays and sessions share the context: each unit of
/// work (a relay's message, a session's statement) reads it fresh and
/// commits under one PostgreSQL lock, so read-modify-write handlers
/// (`ctx.shipped = ctx.shipped + [id]`) lose no one's update. Each test
/// works in a fresh schema of `MESSAGEBUS_POSTGRES_URL` (skipped without it).
final class SharedContextTests: XCTestCase {
    private var schema: PostgresTestSchema?
    private var relays: [RelayProcess] = []

    override func tearDown() {
        for relay in relays { relay.kill() }
        relays = []
        schema?.drop()
        schema = nil
    }

    private func freshSchema() throws -> PostgresTestSchema {
        let made = try PostgresTestSchema.make()
        schema = made
        return made
    }

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
}
