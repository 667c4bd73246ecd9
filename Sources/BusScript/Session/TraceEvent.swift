/// Everything a session shows, as structured events.
///
/// The interpreter produces them (the dispatch-related ones come from its
/// `MessageBusObserver`); busctl renders them as a tree, flat lines, JSON
/// (LANGUAGE.md §7) or not at all. The order of events is the order of
/// LANGUAGE.md §7: for each dispatched message its `dispatch` (then
/// `unhandled` if it has no handlers); then per handler its `print` lines as
/// they happen, its `handler` event, one `emit` per message it queued.
public enum TraceEvent: Sendable {
    /// A `send`, `batch` element or `step` starts a cascade. `stepping` is
    /// true when it is advanced by `next`/`run` (each dispatch is shown as it
    /// runs, not buffered into a tree).
    case cascadeStarted(stepping: Bool)
    case dispatch(DispatchTrace)
    case handler(HandlerTrace)
    /// A handler of message `from` queued message `id`.
    case emit(from: Int, handler: String, id: Int, name: String)
    /// An event with no handlers.
    case unhandled(message: Int, name: String)
    /// A `print` line: from a handler (message id and handler name) or from
    /// the top level (both nil).
    case print(message: Int?, handler: String?, text: String)
    /// The end of a cascade (failed ones too, after their error) or of an
    /// outbox pass. `milliseconds` is 0 in deterministic mode.
    case summary(messages: Int, handlers: Int, errors: Int, milliseconds: Double)
    /// An outbox stage (issue 3).
    case outbox(OutboxTrace)
    /// A simulated crash (`crash`).
    case crash
    /// An informational line (standard error): "replaced handler …",
    /// "expected error: …", warnings.
    case note(String)
    /// An echoed value in literal syntax (standard output).
    case value(String)
    /// Other output meant for standard output: `help`, `show`, messages.
    case text(String)
    /// A table (`types`, `handlers`, `vars`, `set`, `queue`, `outbox`),
    /// laid out by the renderer for the terminal's width.
    case table(TableTrace)
    /// A failed statement (standard error; also a JSON line in json mode).
    case error(Diagnostic)
}

extension TraceEvent {
    /// True for what only a trace shows (the `off` mode shows none of it):
    /// the start, dispatches, emits, unhandled events, successful handlers
    /// and the summary of a cascade.
    public var isTraceOnly: Bool {
        switch self {
        case .cascadeStarted, .dispatch, .emit, .unhandled, .summary: true
        case .handler(let trace): trace.ok
        case .print, .outbox, .crash, .note, .value, .text, .table, .error: false
        }
    }
}

/// A message taken from the queue and dispatched.
public struct DispatchTrace: Sendable {
    /// Session-wide message id, counting from 1 (`reset` starts again).
    public var id: Int
    /// The id of the message whose handler emitted this one; nil for a
    /// message sent from the top level.
    public var cause: Int?
    /// `command` or `event`.
    public var kind: String
    public var name: String
    /// The message's fields in declaration order.
    public var fields: [(name: String, value: Value)]
    /// The outbox id when the message came from `dispatch` in an outbox handler.
    public var outboxID: String?

    public init(id: Int, cause: Int?, kind: String, name: String, fields: [(name: String, value: Value)], outboxID: String?) {
        self.id = id
        self.cause = cause
        self.kind = kind
        self.name = name
        self.fields = fields
        self.outboxID = outboxID
    }
}

/// A handler finished, with a result or an error.
public struct HandlerTrace: Sendable {
    public var message: Int
    public var handler: String
    public var ok: Bool
    /// The handler's result (`return`), `.nil` when it returned nothing.
    public var result: Value
    /// The error text when `ok` is false.
    public var error: String?
    /// Run time in milliseconds (0 in deterministic mode).
    public var milliseconds: Double
    /// Where a failed handler failed.
    public var location: SourceLocation?
    /// Set for an outbox handler: the record it processed (then `message` is 0).
    public var outboxID: String?

    public init(message: Int, handler: String, ok: Bool, result: Value, error: String?, milliseconds: Double, location: SourceLocation?, outboxID: String? = nil) {
        self.outboxID = outboxID
        self.message = message
        self.handler = handler
        self.ok = ok
        self.result = result
        self.error = error
        self.milliseconds = milliseconds
        self.location = location
    }
}

/// An outbox stage (LANGUAGE.md §7, `outbox` lines).
public struct OutboxTrace: Sendable {
    /// `added`, `claimed`, `processed`, `failed`, `dead`, `retried`, `purged`.
    public var operation: String
    public var id: String
    public var name: String
    public var attempts: Int
    public var error: String?

    public init(operation: String, id: String, name: String, attempts: Int, error: String?) {
        self.operation = operation
        self.id = id
        self.name = name
        self.attempts = attempts
        self.error = error
    }
}
