import MessageBus

/// A runtime error of a script: what went wrong and where.
///
/// Thrown through the interpreter and, inside handlers, through the bus
/// (which records it as the handler's error). The session turns it into a
/// ``Diagnostic``.
struct ScriptFailure: Error, CustomStringConvertible {
    var message: String
    var location: SourceLocation?
    /// The top-level statement that failed, when the error is elsewhere
    /// (inside a handler, a loaded file).
    var statementLocation: SourceLocation?
    var notes: [String] = []
    /// Events to show after the error is reported: the summary of a cascade
    /// that failed (LANGUAGE.md §7: summaries follow their error line).
    var trailingEvents: [TraceEvent] = []
    /// A note to keep when this failure is reported as an interruption
    /// (Ctrl-C cut a commit short whose outcome is unknown).
    var noteIfInterrupted: String?

    init(_ message: String, at location: SourceLocation?, notes: [String] = []) {
        self.message = message
        self.location = location
        self.notes = notes
    }

    var description: String { message }
}

/// Ctrl-C while code runs: ends the whole statement, through every handler
/// (the bus never catches it).
struct Interrupted: CascadeAbortingError, CustomStringConvertible {
    var location: SourceLocation?
    var description: String { "interrupted" }
}

/// `crash`: the process "dies" and restarts. Unwinds to the top-level
/// statement through every handler and through outbox processing, which
/// never catch or record it (LANGUAGE.md §11).
struct SimulatedCrash: CascadeAbortingError {
    var location: SourceLocation
}

/// `quit` / `exit [N]`: ends the session, from any depth of `load`.
struct ExitRequest: Error {
    var status: Int32
}

/// `return`, `break` and `continue` unwind blocks as values, not errors.
enum Flow {
    case normal
    case breakLoop
    case continueLoop
    case returned(Value)
}
