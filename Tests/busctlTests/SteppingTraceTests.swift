import Foundation
import XCTest

/// Stepping through a cascade with the real binary (LANGUAGE.md §6, issue
/// 5): each `next` shows what it dispatched, the handlers that ran with
/// their results, and what joined the queue; `queue` lists the waiting
/// messages; `run` and the last `next` finish the cascade.
final class SteppingTraceTests: XCTestCase {
    static let shop = """
        command PlaceOrder(order_id: Int)
        event OrderPlaced(order_id: Int)
        handle PlaceOrder as place_order { emit OrderPlaced(order_id: msg.order_id); return "accepted" }
        on OrderPlaced as mailer { print "mail \\(msg.order_id)" }
        on OrderPlaced as biller { return 12 }
        """

    func testNextShowsEachDispatchAsItRuns() throws {
        let run = try runBusctl(args: ["--deterministic", "-e", Self.shop + """

            step PlaceOrder(order_id: 7)
            queue
            next
            queue
            next
            """])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, """
            queued PlaceOrder #1; `next` dispatches it, `run` finishes the cascade
            #  MESSAGE     CAUSE  FIELDS
            1  PlaceOrder  -      order_id: 7
            → PlaceOrder #1 (order_id: 7)
              place_order ✓ "accepted"
              + #2 OrderPlaced by place_order
            queued OrderPlaced #2; 1 waiting
            #  MESSAGE      CAUSE  FIELDS
            2  OrderPlaced  #1     order_id: 7
            → OrderPlaced #2 (order_id: 7) ← #1
              » mail 7
              mailer ✓
              biller ✓ 12
            ✓ 2 messages, 3 handlers, 0 errors in 0 ms

            """)
    }

    func testRunFinishesTheCascadeInTheFlatAndJSONTraces() throws {
        let flat = try runBusctl(args: ["--deterministic", "--trace", "flat", "-e", Self.shop + "\nstep PlaceOrder(order_id: 1)\nrun\nassert last.handlers == 3"])
        XCTAssertEqual(flat.status, 0, flat.stderr)
        XCTAssertTrue(flat.stdout.hasSuffix("✓ 2 messages, 3 handlers, 0 errors in 0 ms\n"), flat.stdout)

        let json = try runBusctl(args: ["--deterministic", "--trace", "json", "-e", Self.shop + "\nstep PlaceOrder(order_id: 1)\nnext\nrun"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let kinds = try json.stdoutLines.map { line -> String in
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], line)
            return try XCTUnwrap(object["t"] as? String)
        }
        XCTAssertEqual(kinds, ["text", "dispatch", "handler", "emit", "text", "dispatch", "print", "handler", "handler", "summary"])
    }

    func testNextWithoutACascadeIsAnError() throws {
        let run = try runBusctl(args: ["-e", "next"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("no cascade is open; start one with `step T(…)`"), run.stderr)
    }

    func testLastShowsTheCascadeAgainInTheCurrentTraceMode() throws {
        let run = try runBusctl(args: ["--deterministic", "-e", Self.shop + """

            send PlaceOrder(order_id: 3)
            set trace off
            print "---"
            set trace flat
            last
            """])
        XCTAssertEqual(run.status, 0, run.stderr)
        let replay = run.stdout.components(separatedBy: "---\n").last
        XCTAssertEqual(replay, """
            → PlaceOrder #1 (order_id: 3)
              place_order ✓ "accepted"
              + #2 OrderPlaced by place_order
            → OrderPlaced #2 (order_id: 3) ← #1
              » mail 3
              mailer ✓
              biller ✓ 12
            ✓ 2 messages, 3 handlers, 0 errors in 0 ms
            ["result": "accepted", "ok": true, "errors": 0, "messages": 2, "handlers": 3]

            """)
    }
}
