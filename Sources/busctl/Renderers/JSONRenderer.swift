import BusScript

/// The `json` trace (LANGUAGE.md §7): compact JSON, one object per line,
/// `"t"` first, streamed as things happen.
///
/// In this mode every line on standard output is JSON: echoed values become
/// `value` lines and other output `text` lines. An error is both a JSON
/// `error` line on standard output and the usual diagnostic on standard
/// error; a note is a JSON `note` line and its text on standard error.
final class JSONRenderer {
    private let console: Console

    /// A renderer writing to `console`.
    init(console: Console) {
        self.console = console
    }

    /// Writes the line for `event`, if it has one.
    func receive(_ event: TraceEvent) {
        switch event {
        case .cascadeStarted:
            return
        case .dispatch(let trace):
            var line = JSONLine("dispatch")
            line.add("id", trace.id)
            line.add("cause", trace.cause)
            line.add("kind", trace.kind)
            line.add("name", trace.name)
            line.addFields("fields", trace.fields)
            if let outbox = trace.outboxID {
                line.add("outbox", outbox)
            }
            console.line(line.line)
        case .handler(let trace):
            var line = JSONLine("handler")
            if let outbox = trace.outboxID {
                // An outbox handler handles a stored record, not a message of the cascade.
                line.add("message", nil as Int?)
                line.add("outbox", outbox)
            } else {
                line.add("message", trace.message)
            }
            line.add("handler", trace.handler)
            line.add("ok", trace.ok)
            if trace.ok {
                line.add("result", trace.result)
            } else {
                line.add("error", trace.error ?? "")
            }
            line.addMilliseconds("ms", trace.milliseconds)
            if !trace.ok, let location = trace.location {
                line.add("file", location.file)
                line.add("line", location.line)
                line.add("col", location.column)
            }
            console.line(line.line)
        case .emit(let from, let handler, let id, let name):
            var line = JSONLine("emit")
            line.add("from", from)
            line.add("handler", handler)
            line.add("id", id)
            line.add("name", name)
            console.line(line.line)
        case .unhandled(let message, let name):
            var line = JSONLine("unhandled")
            line.add("message", message)
            line.add("name", name)
            console.line(line.line)
        case .print(let message, let handler, let text):
            var line = JSONLine("print")
            line.add("message", message)
            line.add("handler", handler)
            line.add("text", text)
            console.line(line.line)
        case .summary(let messages, let handlers, let errors, let milliseconds):
            var line = JSONLine("summary")
            line.add("messages", messages)
            line.add("handlers", handlers)
            line.add("errors", errors)
            line.addMilliseconds("ms", milliseconds)
            console.line(line.line)
        case .outbox(let trace):
            var line = JSONLine("outbox")
            line.add("op", trace.operation)
            line.add("outbox", trace.id)
            line.add("name", trace.name)
            line.add("attempts", trace.attempts)
            line.add("error", trace.error)
            console.line(line.line)
        case .crash:
            console.line(JSONLine("crash").line)
        case .note(let text):
            var line = JSONLine("note")
            line.add("text", text)
            console.line(line.line)
            console.note(text)
        case .value(let text):
            var line = JSONLine("value")
            line.add("text", text)
            console.line(line.line)
        case .text(let text):
            var line = JSONLine("text")
            line.add("text", Console.withoutFinalNewline(text))
            console.line(line.line)
        case .table(let table):
            var line = JSONLine("text")
            line.add("text", table.plainText)
            console.line(line.line)
        case .error(let diagnostic):
            var line = JSONLine("error")
            line.add("text", diagnostic.message)
            // The statement that failed (LANGUAGE.md §7); the diagnostic on
            // standard error points at the failing line inside a handler.
            let location = diagnostic.statementLocation ?? diagnostic.location
            line.add("file", location?.file)
            line.add("line", location?.line)
            line.add("col", location?.column)
            console.line(line.line)
            console.diagnostic(diagnostic)
        }
    }
}
