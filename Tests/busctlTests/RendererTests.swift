@testable import busctl
import BusScript
import XCTest

/// The renderers, fed events directly (no interpreter involved): what each
/// trace mode writes for a given stream of `TraceEvent`s.
final class RendererTests: XCTestCase {
    /// An output writing into memory, without colours.
    private func makeOutput(color: ColorMode = .off) -> (TerminalOutput, OutputChannel, OutputChannel) {
        let out = OutputChannel(capturing: false)
        let err = OutputChannel(capturing: false)
        let console = Console(standardOutput: out, standardError: err, color: color, environment: [:])
        console.sourceLine = { file, line in file == "shop.bus" && line == 3 ? "\tassert café == 1" : nil }
        return (TerminalOutput(console: console), out, err)
    }

    private func dispatch(_ id: Int, _ name: String, cause: Int? = nil, kind: String = "event") -> TraceEvent {
        .dispatch(DispatchTrace(id: id, cause: cause, kind: kind, name: name, fields: [("n", .int(id))], outboxID: nil))
    }

    private func handler(_ message: Int, _ name: String, ok: Bool = true, error: String? = nil, ms: Double = 0) -> TraceEvent {
        .handler(HandlerTrace(message: message, handler: name, ok: ok, result: .nil, error: error, milliseconds: ms, location: nil))
    }

    func testTreeShowsDroppedMessagesOfAFailedCascade() {
        let (output, out, err) = makeOutput()
        for event: TraceEvent in [
            .cascadeStarted(stepping: false),
            dispatch(1, "Order", kind: "command"),
            handler(1, "take"),
            .emit(from: 1, handler: "take", id: 2, name: "Charge"),
            .emit(from: 1, handler: "take", id: 3, name: "Ship"),
            dispatch(2, "Charge", cause: 1, kind: "command"),
            handler(2, "charge", ok: false, error: "declined"),
            .error(Diagnostic("declined", at: SourceLocation(file: "shop.bus", line: 3, column: 2))),
            .summary(messages: 2, handlers: 2, errors: 1, milliseconds: 0),
        ] {
            output.receive(event, mode: .tree)
        }
        output.flush()
        XCTAssertEqual(out.capturedText, """
            Order #1 (n: 1)
            └─ take ✓
               ├─ Charge #2 (n: 2)
               │  └─ charge ✗ declined
               └─ Ship #3 (dropped: the cascade stopped)
            ✗ 2 messages, 2 handlers, 1 error in 0 ms

            """)
        XCTAssertEqual(err.capturedText, "shop.bus:3:2: error: declined\n 3 | \tassert café == 1\n   | \t^\n")
    }

    func testTreeCountsWhatItDoesNotShow() {
        let (output, out, _) = makeOutput()
        output.receive(.cascadeStarted(stepping: false), mode: .tree)
        output.receive(dispatch(1, "Start", kind: "command"), mode: .tree)
        output.receive(handler(1, "fan_out"), mode: .tree)
        let count = TreeRenderer.maximumMessages + 5
        for id in 2...count {
            output.receive(.emit(from: 1, handler: "fan_out", id: id, name: "Tick"), mode: .tree)
        }
        for id in 2...count {
            output.receive(dispatch(id, "Tick", cause: 1), mode: .tree)
            output.receive(.unhandled(message: id, name: "Tick"), mode: .tree)
        }
        output.receive(.summary(messages: count, handlers: 1, errors: 0, milliseconds: 0), mode: .tree)
        output.flush()
        let lines = out.capturedText.split(separator: "\n")
        XCTAssertEqual(lines.dropLast().last, "… 5 more messages not shown (set trace flat or json to see every one)")
        XCTAssertEqual(lines.count, TreeRenderer.maximumMessages + 1 + 2)
    }

    func testADeepCascadeStopsIndenting() {
        let (output, out, _) = makeOutput()
        output.receive(.cascadeStarted(stepping: false), mode: .tree)
        let depth = 900
        for id in 1...depth {
            output.receive(dispatch(id, "Hop", cause: id == 1 ? nil : id - 1), mode: .tree)
            output.receive(handler(id, "hop"), mode: .tree)
            if id < depth {
                output.receive(.emit(from: id, handler: "hop", id: id + 1, name: "Hop"), mode: .tree)
            }
        }
        output.receive(.summary(messages: depth, handlers: depth, errors: 0, milliseconds: 0), mode: .tree)
        output.flush()
        let lines = out.capturedText.split(separator: "\n")
        XCTAssertEqual(lines.count, 2 * depth + 1)
        let widest = lines.map { $0.unicodeScalars.count }.max() ?? 0
        XCTAssertLessThan(widest, 3 * TreeRenderer.maximumIndentation + 40)
    }

    func testSteppedCascadesAreShownAsTheyRun() {
        let (output, out, _) = makeOutput()
        output.receive(.cascadeStarted(stepping: true), mode: .tree)
        output.receive(dispatch(1, "Order", kind: "command"), mode: .tree)
        out.flush()
        XCTAssertEqual(out.capturedText, "→ Order #1 (n: 1)\n", "shown before the cascade ends")
    }

    func testJSONNotesGoToBothStreams() {
        let (output, out, err) = makeOutput()
        output.receive(.note("replaced handler `take`"), mode: .json)
        output.receive(.text("a table\nof two lines\n"), mode: .json)
        output.flush()
        XCTAssertEqual(out.capturedText, """
            {"t":"note","text":"replaced handler `take`"}
            {"t":"text","text":"a table\\nof two lines"}

            """)
        XCTAssertEqual(err.capturedText, "replaced handler `take`\n")
    }

    func testJSONErrorWithoutAPosition() {
        let (output, out, err) = makeOutput()
        output.receive(.error(Diagnostic("something broke", at: nil)), mode: .json)
        output.flush()
        XCTAssertEqual(out.capturedText, #"{"t":"error","text":"something broke","file":null,"line":null,"col":null}"# + "\n")
        XCTAssertEqual(err.capturedText, "error: something broke\n")
    }

    func testJSONMilliseconds() {
        var line = JSONLine("summary")
        line.addMilliseconds("a", 0)
        line.addMilliseconds("b", 0.04213)
        line.addMilliseconds("c", 2)
        line.addMilliseconds("d", .nan)
        XCTAssertEqual(line.line, #"{"t":"summary","a":0,"b":0.042,"c":2,"d":0}"#)
    }

    func testOffShowsPrintsValuesAndErrorsOnly() {
        let (output, out, _) = makeOutput()
        for event: TraceEvent in [
            .cascadeStarted(stepping: false), dispatch(1, "Order"),
            .print(message: 1, handler: "take", text: "printed"), handler(1, "take"),
            .summary(messages: 1, handlers: 1, errors: 0, milliseconds: 1), .value("42"),
        ] {
            output.receive(event, mode: .off)
        }
        output.flush()
        XCTAssertEqual(out.capturedText, "printed\n42\n")
    }

    func testNotesAndDiagnosticNotes() {
        let diagnostic = Diagnostic("boom", at: SourceLocation(file: "x.bus", line: 9, column: 4), notes: ["while handling Order #1"])
        XCTAssertEqual(
            DiagnosticFormatter.format(diagnostic, sourceLine: nil, palette: Palette(isEnabled: false)),
            "x.bus:9:4: error: boom\n  note: while handling Order #1\n"
        )
    }

    func testCaretPastTheEndOfTheLine() {
        XCTAssertEqual(DiagnosticFormatter.caretLine(under: "ab", column: 5), "    ^")
        XCTAssertEqual(DiagnosticFormatter.caretLine(under: "é\tx", column: 3), " \t^")
    }

    func testColourRules() {
        XCTAssertTrue(Palette.resolve(.auto, isTerminal: true, environment: [:]))
        XCTAssertFalse(Palette.resolve(.auto, isTerminal: false, environment: [:]))
        XCTAssertFalse(Palette.resolve(.auto, isTerminal: true, environment: ["NO_COLOR": "1"]))
        XCTAssertTrue(Palette.resolve(.auto, isTerminal: true, environment: ["NO_COLOR": ""]))
        XCTAssertFalse(Palette.resolve(.auto, isTerminal: true, environment: ["TERM": "dumb"]))
        XCTAssertTrue(Palette.resolve(.on, isTerminal: false, environment: ["NO_COLOR": "1"]))
        XCTAssertFalse(Palette.resolve(.off, isTerminal: true, environment: [:]))
    }

    func testDurations() {
        XCTAssertEqual(TraceFormat.duration(milliseconds: 0), "0 ms")
        XCTAssertEqual(TraceFormat.duration(milliseconds: 0.004), "< 0.01 ms")
        XCTAssertEqual(TraceFormat.duration(milliseconds: 0.314), "0.31 ms")
        XCTAssertEqual(TraceFormat.duration(milliseconds: 12.44), "12.4 ms")
        XCTAssertEqual(TraceFormat.duration(milliseconds: 250.4), "250 ms")
        XCTAssertEqual(TraceFormat.duration(milliseconds: 1520), "1.52 s")
        XCTAssertEqual(TraceFormat.duration(milliseconds: 125_000), "2 min 5 s")
    }
}
