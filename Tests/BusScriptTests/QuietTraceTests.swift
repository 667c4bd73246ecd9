import BusScript
import XCTest

/// With the trace off and an output that ignores trace-only events (busctl's
/// terminal), the session does not build the dispatch steps' events but
/// keeps the bus's raw reports for `last`: what `last` replays must be what
/// a traced session records, event for event.
final class QuietTraceTests: XCTestCase {
    static let shop = """
    command PlaceOrder(order_id: Int, note: String? = nil)
    event   OrderPlaced(order_id: Int)
    event   Audited(order_id: Int)
    handle PlaceOrder as place_order { emit OrderPlaced(order_id: msg.order_id); return "accepted" }
    on OrderPlaced as mailer { print "mail \\(msg.order_id)"; emit Audited(order_id: msg.order_id) }
    on OrderPlaced as broken { fail "smtp down" }
    on OrderPlaced as counter { return msg.order_id * 10 }

    """

    /// Records every event, and says it does not want trace-only events while the trace is off.
    final class QuietOutput: SessionOutput {
        var events: [TraceEvent] = []
        var receivesTraceWhenOff: Bool { false }

        func receive(_ event: TraceEvent, mode: TraceMode) {
            events.append(event)
        }
    }

    private func run(_ source: String, trace: TraceMode, output: any SessionOutput) -> RunResult {
        var options = deterministicOptions()
        options.trace = trace
        let session = Session(options: options, output: output)
        return session.run(source: source, file: "quiet.bus")
    }

    /// The events after the `print` of `marker`, as comparable text.
    private func after(_ marker: String, in events: [TraceEvent]) -> [String] {
        guard let index = events.lastIndex(where: { if case .print(_, _, let text) = $0 { text == marker } else { false } }) else {
            XCTFail("no marker \(marker)")
            return []
        }
        return events[(index + 1)...].map { String(describing: $0) }
    }

    private func dispatches(_ events: [String]) -> [String] {
        events.filter { $0.hasPrefix("dispatch(") }
    }

    func testQuietLastReplaysWhatATracedSessionRecords() {
        let script = Self.shop + """
            send PlaceOrder(order_id: 1)
            send PlaceOrder(order_id: 2, note: "gift")
            print "---"
            last
            """
        let traced = RecordingOutput()
        XCTAssertEqual(run(script, trace: .tree, output: traced).failures, 0)
        let quiet = QuietOutput()
        XCTAssertEqual(run(script, trace: .off, output: quiet).failures, 0)

        let expected = after("---", in: traced.events)
        XCTAssertEqual(after("---", in: quiet.events), expected)
        XCTAssertEqual(dispatches(expected).count, 3, "the second send's cascade: \(expected)")
        XCTAssertTrue(expected.contains { $0.contains("unhandled") && $0.contains("Audited") })
        XCTAssertTrue(expected.contains { $0.contains("smtp down") })
        XCTAssertTrue(expected.contains { $0.contains("\"counter\"") && $0.contains("int(20)") })
    }

    func testAQuietOutputGetsOnlyWhatTheOffModeShows() {
        let quiet = QuietOutput()
        XCTAssertEqual(run(Self.shop + "send PlaceOrder(order_id: 1)", trace: .off, output: quiet).failures, 0)
        XCTAssertFalse(quiet.events.contains { $0.isTraceOnly }, "\(quiet.events)")
        XCTAssertTrue(quiet.events.contains { if case .print(_, "mailer", "mail 1") = $0 { true } else { false } })
        XCTAssertTrue(quiet.events.contains { if case .handler(let trace) = $0 { !trace.ok && trace.handler == "broken" } else { false } },
                      "a failed handler is shown with the trace off")
    }

    func testAnOutputThatWantsEverythingStillGetsEveryEventWithTheTraceOff() {
        let output = RecordingOutput()
        XCTAssertEqual(run(Self.shop + "send PlaceOrder(order_id: 1)", trace: .off, output: output).failures, 0)
        XCTAssertEqual(output.events.filter { if case .dispatch = $0 { true } else { false } }.count, 3)
        XCTAssertTrue(output.events.contains { if case .summary(3, 4, 1, _) = $0 { true } else { false } })
    }

    func testQuietLastAfterManySendsAndABatchShowsOnlyTheLastStatement() {
        let quiet = QuietOutput()
        let script = Self.shop + """
            for i in range(200) { send PlaceOrder(order_id: i) }
            print "one"
            last
            batch [PlaceOrder(order_id: 500), PlaceOrder(order_id: 501)]
            print "two"
            last
            """
        XCTAssertEqual(run(script, trace: .off, output: quiet).failures, 0)
        let afterOne = after("one", in: quiet.events)
        let one = afterOne.prefix { !$0.hasPrefix("value(") }
        XCTAssertEqual(dispatches(Array(one)).count, 3)
        XCTAssertTrue(one.first { $0.hasPrefix("dispatch(") }?.contains("int(199)") ?? false, "\(one)")
        let two = after("two", in: quiet.events)
        XCTAssertEqual(dispatches(two).count, 6, "both cascades of the batch")
        XCTAssertEqual(two.filter { $0.hasPrefix("cascadeStarted") }.count, 2)
    }

    func testOutboxCascadesAndCrashesDoNotChangeWhatQuietLastShows() {
        let script = Self.shop + """
            send PlaceOrder(order_id: 1)
            outbox handler relay { dispatch }
            outbox add PlaceOrder(order_id: 2)
            outbox run
            handle PlaceOrder as place_order { crash }
            send PlaceOrder(order_id: 3)
            print "---"
            last
            """
        let traced = RecordingOutput()
        _ = run(script, trace: .tree, output: traced)
        let quiet = QuietOutput()
        _ = run(script, trace: .off, output: quiet)
        let replayed = after("---", in: quiet.events)
        XCTAssertEqual(replayed, after("---", in: traced.events))
        XCTAssertEqual(dispatches(replayed).count, 3, "the first send's cascade only: \(replayed)")
    }

    func testAFailingEmittedCommandSaysWhoEmittedItInEitherMode() {
        let script = """
            command PlaceOrder(order_id: Int)
            command Ship(order_id: Int)
            handle PlaceOrder as place_order { emit Ship(order_id: msg.order_id) }
            handle Ship as shipper { fail "no truck" }
            send PlaceOrder(order_id: 1)
            """
        let expected = ["in `shipper`, handling Ship #2, emitted by `place_order` while handling #1; the cascade was sent at quiet.bus:5:1"]
        let traced = RecordingOutput()
        XCTAssertEqual(run(script, trace: .tree, output: traced).failures, 1)
        XCTAssertEqual(traced.errors.first?.notes, expected)
        let quiet = QuietOutput()
        XCTAssertEqual(run(script, trace: .off, output: quiet).failures, 1)
        let quietErrors = quiet.events.compactMap { if case .error(let diagnostic) = $0 { diagnostic } else { nil } }
        XCTAssertEqual(quietErrors.first?.notes, expected)
    }

    func testSteppedAndSwitchedTraceModesReplayTheWholeCascade() {
        let script = Self.shop + """
            set trace off
            step PlaceOrder(order_id: 7)
            next
            set trace tree
            run
            print "---"
            last
            """
        let traced = RecordingOutput()
        XCTAssertEqual(run(script, trace: .tree, output: traced).failures, 0)
        let quiet = QuietOutput()
        XCTAssertEqual(run(script, trace: .tree, output: quiet).failures, 0)
        let replayed = after("---", in: quiet.events)
        XCTAssertEqual(replayed, after("---", in: traced.events))
        XCTAssertEqual(dispatches(replayed).count, 3)
    }
}
