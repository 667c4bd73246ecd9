import BusScript
import XCTest

/// A bare `last` at the top level shows the trace of the last finished
/// `send`, `batch` or stepped cascade again, then its value; `last.FIELD`
/// stays a value (LANGUAGE.md §6).
final class LastTraceTests: XCTestCase {
    static let shop = """
    command PlaceOrder(order_id: Int)
    event   OrderPlaced(order_id: Int)
    handle PlaceOrder as place_order { emit OrderPlaced(order_id: msg.order_id); return "accepted" }
    on OrderPlaced as mailer { print "mail \\(msg.order_id)" }
    """

    /// The events after the last `value` event's predecessor statement:
    /// those that `last` produced.
    private func replayed(_ run: ScriptRun, after marker: String) -> [TraceEvent] {
        guard let index = run.output.events.lastIndex(where: { if case .print(_, _, let text) = $0 { text == marker } else { false } }) else {
            XCTFail("no marker \(marker)")
            return []
        }
        return Array(run.output.events[(index + 1)...])
    }

    private func dispatchedIDs(_ events: [TraceEvent]) -> [Int] {
        events.compactMap { if case .dispatch(let trace) = $0 { trace.id } else { nil } }
    }

    func testLastShowsTheSendAgainThenItsValue() throws {
        let run = expectSuccess(Self.shop + """

            send PlaceOrder(order_id: 1)
            send PlaceOrder(order_id: 2)
            print "---"
            last
            assert last.result == "accepted"
            """)
        let events = replayed(run, after: "---")
        XCTAssertEqual(dispatchedIDs(events), [3, 4], "the second send only")
        guard case .cascadeStarted(stepping: false) = try XCTUnwrap(events.first) else { return XCTFail("\(events)") }
        XCTAssertTrue(events.contains { if case .print(_, "mailer", "mail 2") = $0 { true } else { false } })
        XCTAssertTrue(events.contains { if case .summary(2, 2, 0, _) = $0 { true } else { false } })
        XCTAssertEqual(run.output.values.last, #"["result": "accepted", "ok": true, "errors": 0, "messages": 2, "handlers": 2]"#)
    }

    func testLastOfABatchShowsEveryCascadeAndOfAFailedSendNoNewError() {
        let run = expectSuccess(Self.shop + """

            batch [PlaceOrder(order_id: 1), PlaceOrder(order_id: 2)]
            print "---"
            last
            """)
        XCTAssertEqual(dispatchedIDs(replayed(run, after: "---")), [1, 2, 3, 4])

        let failed = runScript(Self.shop + """

            handle PlaceOrder { fail "no stock" }
            expect error send PlaceOrder(order_id: 1)
            print "---"
            last
            """)
        let events = replayed(failed, after: "---")
        XCTAssertEqual(dispatchedIDs(events), [1])
        XCTAssertFalse(events.contains { if case .error = $0 { true } else { false } }, "the statement does not fail again")
        XCTAssertTrue(failed.output.values.last?.contains("\"no stock\"") ?? false)
    }

    func testLastOfASteppedCascadeShowsItWhole() {
        let run = expectSuccess(Self.shop + """

            step PlaceOrder(order_id: 1)
            next
            ctx.seen = true
            next
            print "---"
            last
            """)
        XCTAssertEqual(dispatchedIDs(replayed(run, after: "---")), [1, 2])
    }

    func testOutboxProcessingAndCrashesDoNotChangeWhatLastShows() {
        let run = expectSuccess(Self.shop + """

            send PlaceOrder(order_id: 1)
            outbox handler relay { dispatch }
            outbox add PlaceOrder(order_id: 2)
            outbox run
            print "---"
            last
            """)
        XCTAssertEqual(dispatchedIDs(replayed(run, after: "---")), [1, 2])
    }

    func testLastBeforeAnySendIsNil() {
        let run = expectSuccess("last")
        XCTAssertEqual(run.output.values, ["nil"])
        XCTAssertEqual(run.output.events.count, 1)
        let reset = expectSuccess(Self.shop + "\nsend PlaceOrder(order_id: 1)\nreset\nlast")
        XCTAssertEqual(reset.output.values, ["nil"])
    }
}
