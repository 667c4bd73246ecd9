import BusScript

/// busctl's `SessionOutput`: renders every event of the session on standard
/// output and standard error, in the trace mode in force (LANGUAGE.md §7).
///
/// - `tree`: causal trees printed when their cascade ends (`TreeRenderer`);
/// - `flat`: one line per step as it happens (`FlatRenderer`);
/// - `json`: one JSON object per line (`JSONRenderer`);
/// - `off`: errors (failed handlers included), `print` lines, echoed values, tables and notes only.
final class TerminalOutput: SessionOutput {
    /// The streams and colours the renderers write with.
    let console: Console
    private let tree: TreeRenderer
    private let flat: FlatRenderer
    private let json: JSONRenderer
    private var lastMode: TraceMode?
    /// Reads the session's colour setting (`set color`); looked at before
    /// each event is shown.
    var colorSetting: (() -> ColorMode)?
    private var appliedColor: ColorMode?

    /// An output writing to `console`.
    init(console: Console) {
        self.console = console
        flat = FlatRenderer(console: console)
        tree = TreeRenderer(console: console, flat: flat)
        json = JSONRenderer(console: console)
    }

    /// The `off` mode shows none of the trace-only events, so the session
    /// need not build them.
    var receivesTraceWhenOff: Bool { false }

    /// Shows `event` in `mode`.
    func receive(_ event: TraceEvent, mode: TraceMode) {
        applyColorSetting()
        if mode != lastMode {
            if lastMode == .tree { tree.flushPending() }
            lastMode = mode
        }
        switch mode {
        case .tree: tree.receive(event)
        case .flat: flat.receive(event)
        case .json: json.receive(event)
        case .off: receiveQuietly(event)
        }
    }

    /// Shows a tree still being collected and writes out both streams
    /// (busctl calls it after each run and before reading input).
    func flush() {
        tree.flushPending()
        console.flush()
        applyColorSetting()
    }

    private func applyColorSetting() {
        guard let color = colorSetting?(), color != appliedColor else { return }
        appliedColor = color
        console.setColor(color)
    }

    /// The `off` mode: no trace, only what the user asked to see.
    private func receiveQuietly(_ event: TraceEvent) {
        switch event {
        case .print(_, _, let text):
            console.line(text)
        case .value(let text), .text(let text):
            console.text(text)
        case .table(let table):
            console.table(table)
        case .error(let diagnostic):
            console.diagnostic(diagnostic)
        case .note(let text):
            console.note(text)
        case .handler(let trace) where !trace.ok:
            // A failing event or outbox handler does not fail the statement,
            // but it is an error the user must see (LANGUAGE.md §7).
            let location = trace.location.map { "\($0): " } ?? ""
            console.note("\(location)handler `\(trace.handler)` failed: \(trace.error ?? "")")
        case .outbox(let trace) where trace.operation == "failed" || trace.operation == "dead":
            console.note("outbox message \(TraceFormat.shortID(trace.id)) (\(trace.name)) \(trace.operation == "dead" ? "is dead" : "failed"): \(trace.error ?? "")")
        case .cascadeStarted, .dispatch, .handler, .emit, .unhandled, .summary, .outbox, .crash:
            break
        }
    }
}
