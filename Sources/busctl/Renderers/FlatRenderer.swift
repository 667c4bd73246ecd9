import BusScript

/// The `flat` trace: one line per step, in execution order, as it happens.
///
/// The tree renderer uses it too, for a stepped cascade (`step`/`next`:
/// each dispatch is shown as it runs) and for events outside any cascade
/// (outbox stages, a pass's summary).
///
/// ```text
/// → #1 PlaceOrder (order_id: 1, sku: "LAMP", qty: 2)
///   place_order ✓ "accepted"
///   + #2 OrderPlaced
/// → #2 OrderPlaced (order_id: 1, sku: "LAMP", qty: 2) ← #1
/// ```
final class FlatRenderer {
    private let console: Console

    /// A renderer writing to `console`.
    init(console: Console) {
        self.console = console
    }

    /// Shows `event` at once.
    func receive(_ event: TraceEvent) {
        let palette = console.outputPalette
        switch event {
        case .cascadeStarted:
            break
        case .dispatch(let trace):
            var text = palette.paint("→", .cyan) + " " + TraceFormat.message(trace, palette: palette)
            if let cause = trace.cause {
                text += palette.paint(" ← #\(cause)", .dim)
            }
            console.line(text)
        case .handler(let trace):
            console.line("  " + TraceFormat.handler(trace, palette: palette, showDuration: true))
        case .emit(_, let handler, let id, let name):
            console.line("  " + palette.paint("+ #\(id) \(name)", .dim) + palette.paint(" by \(handler)", .dim))
        case .unhandled(let message, let name):
            console.line("  " + palette.paint("#\(message) \(name) has no handlers (unhandled)", .yellow))
        case .print(let message, let handler, let text):
            if message == nil && handler == nil {
                console.line(text)
            } else {
                console.line("  " + palette.paint("»", .dim) + " " + text)
            }
        case .summary(let messages, let handlers, let errors, let milliseconds):
            console.line(TraceFormat.summary(messages: messages, handlers: handlers, errors: errors, milliseconds: milliseconds, palette: palette))
        case .outbox(let trace):
            console.line(TraceFormat.outbox(trace, palette: palette))
        case .crash:
            console.line(palette.paint("crash: the process died and restarted (simulated)", .yellow))
        case .note(let text):
            console.note(text)
        case .value(let text), .text(let text):
            console.text(text)
        case .table(let table):
            console.table(table)
        case .error(let diagnostic):
            console.diagnostic(diagnostic)
        }
    }
}
