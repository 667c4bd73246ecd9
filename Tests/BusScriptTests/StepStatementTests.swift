import BusScript
import XCTest

/// Stepping a cascade (LANGUAGE.md §6): `step` queues, `queue` shows the
/// waiting messages, each `next` dispatches one message (its handlers, their
/// results, what joined the queue), `run` finishes.
final class StepStatementTests: XCTestCase {
    static let shop = """
    command PlaceOrder(order_id: Int)
    event   OrderPlaced(order_id: Int)
    event   Billed(order_id: Int)
    handle PlaceOrder as place_order { emit OrderPlaced(order_id: msg.order_id); return "accepted" }
    on OrderPlaced as mailer { print "mail \\(msg.order_id)" }
    on OrderPlaced as biller { emit Billed(order_id: msg.order_id); return 9 }
    """

    private func events(_ run: ScriptRun, afterText marker: String) -> [TraceEvent] {
        guard let index = run.output.events.firstIndex(where: { if case .text(let text) = $0 { text.hasPrefix(marker) } else { false } }) else {
            XCTFail("no text \(marker)")
            return []
        }
        return Array(run.output.events[(index + 1)...])
    }

    func testStepQueuesNextDispatchesOneMessage() throws {
        let run = expectSuccess(Self.shop + "\nstep PlaceOrder(order_id: 7)\nqueue\nnext")
        XCTAssertTrue(run.output.texts[0].hasPrefix("queued PlaceOrder #1"), "\(run.output.texts)")
        XCTAssertEqual(run.output.texts[1], "#  MESSAGE     CAUSE  FIELDS\n1  PlaceOrder  -      order_id: 7")
        guard let table = run.output.events.firstIndex(where: { if case .table = $0 { true } else { false } }) else { return XCTFail("no table") }
        let shown = Array(run.output.events[(table + 1)...])
        guard shown.count == 4,
              case .dispatch(let dispatch) = shown[0],
              case .handler(let handler) = shown[1],
              case .emit(1, "place_order", 2, "OrderPlaced") = shown[2],
              case .text(let waiting) = shown[3] else { return XCTFail("\(shown)") }
        XCTAssertEqual(dispatch.name, "PlaceOrder")
        XCTAssertEqual(handler.result, .string("accepted"))
        XCTAssertEqual(waiting, "queued OrderPlaced #2; 1 waiting")
    }

    func testEachNextShowsEveryHandlerAndRunFinishes() {
        let run = expectSuccess(Self.shop + """

            step PlaceOrder(order_id: 7)
            next
            next
            queue
            run
            assert last.messages == 3
            assert last.handlers == 3
            """)
        let second = events(run, afterText: "queued OrderPlaced #2")
        let handlers = second.compactMap { if case .handler(let trace) = $0 { trace.handler } else { nil } }
        XCTAssertEqual(Array(handlers.prefix(2)), ["mailer", "biller"])
        XCTAssertTrue(second.contains { if case .print(2, "mailer", "mail 7") = $0 { true } else { false } })
        XCTAssertTrue(second.contains { if case .text("queued Billed #3; 1 waiting") = $0 { true } else { false } })
        XCTAssertTrue(run.output.texts.contains("#  MESSAGE  CAUSE  FIELDS\n3  Billed   #2     order_id: 7"))
        XCTAssertTrue(run.output.events.contains { if case .summary(3, 3, 0, _) = $0 { true } else { false } })
    }

    func testANextThatEmptiesTheQueueFinishesTheCascade() {
        let run = expectSuccess("""
            command Ping()
            handle Ping { }
            step Ping()
            next
            assert last.ok
            expect error "no cascade is open" next
            expect error "no cascade is open" run
            queue
            """)
        XCTAssertEqual(run.output.texts.last, "no cascade is open; `step T(…)` starts one")
    }

    func testWhileSteppingSendIsRefused() {
        expectFailure(Self.shop + "\nstep PlaceOrder(order_id: 1)\nsend PlaceOrder(order_id: 2)", contains: "`send` is refused while the cascade stepped at")
    }
}
