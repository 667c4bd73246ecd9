import Foundation
import Logging
import MessageBus
import OrderedCollections

/// The settings `set` changes (LANGUAGE.md §12).
struct Settings {
    var trace: TraceMode
    var color: ColorMode
    var cascadeLimit: Int
    var stepLimit: Int
    var maxAttempts: Int

    init(_ options: SessionOptions) {
        trace = options.trace
        color = options.color
        cascadeLimit = options.cascadeLimit
        stepLimit = options.stepLimit
        maxAttempts = options.maxAttempts
    }
}

/// Walks the syntax tree: the state of a session and the code that runs
/// statements, handlers and functions.
///
/// Dispatch is never re-implemented here: `send` drives the real
/// ``MessageBus`` and watches it through a ``MessageBusObserver``.
final class Interpreter: BuiltinEnvironment {
    let options: SessionOptions
    let output: any SessionOutput
    /// The output's ``SessionOutput/receivesTraceWhenOff``, asked once.
    let outputReceivesTraceWhenOff: Bool
    let interruptFlag: InterruptFlag
    let sources = SourceRegistry()
    /// Where the context and the outbox are committed.
    let store: any SessionStore
    /// The store's ``SessionStore/sharesContext``, asked once.
    let storeSharesContext: Bool

    var settings: Settings {
        didSet { traceObserver.isQuiet = tracesQuietly }
    }
    var definitions = Definitions()
    /// Top-level locals, in the order they were first bound (`vars`).
    var globals: OrderedDictionary<String, Value> = [:]
    var context = ContextStore()
    var bus: MessageBus<ContextStore>
    var traceObserver: TraceObserver
    /// `last`: the last finished cascade, nil before the first.
    var last: Value {
        get { lastOutcome.value }
        set { lastOutcome = .value(newValue) }
    }
    /// What `last` is made from: a cascade's outcome becomes a map only when
    /// `last` is read, which most sends never are.
    var lastOutcome = LastOutcome.value(.nil) {
        didSet { lastTrace.lastDidChange() }
    }
    /// The trace of the cascades behind `last`, for a bare `last`.
    let lastTrace = LastCascadeTrace()
    /// A cascade opened with `step` and advanced with `next`/`run`.
    var steppedCascade: SteppedCascade?
    /// Files being loaded, innermost last (a file cannot load itself).
    var loading: [String] = []
    /// The folder relative `load`/`save` paths start from.
    var directories: [String] = []
    /// The top-level statement running now (for error notes).
    var currentStatement: SourceLocation?
    /// Context keys changed since the last commit to the store.
    var dirtyKeys: Set<String> = []
    /// The transaction opened by `begin`, if any.
    var transaction: OpenTransaction?
    /// How many units of work hold the store's context lock now (a
    /// statement, an open transaction, a relayed attempt); the store's lock
    /// is taken at the first and given back after the last.
    var contextLockDepth = 0
    /// True while a relay process (`busctl relay`) runs an attempt, for the
    /// wording of errors.
    var isRelaying = false
    private var uuidCounter = 0

    init(options: SessionOptions, output: any SessionOutput, interruptFlag: InterruptFlag, store: any SessionStore,
         context committed: OrderedDictionary<String, Value>) {
        self.options = options
        self.output = output
        self.outputReceivesTraceWhenOff = output.receivesTraceWhenOff
        self.interruptFlag = interruptFlag
        self.store = store
        self.storeSharesContext = store.sharesContext
        self.settings = Settings(options)
        let context = ContextStore()
        context.values = committed
        self.context = context
        self.bus = Interpreter.makeBus(context: context, limit: options.cascadeLimit)
        self.traceObserver = TraceObserver(deterministic: options.deterministic, lastTrace: lastTrace)
        traceObserver.interpreter = self
        traceObserver.isQuiet = tracesQuietly
        bus.addObserver(traceObserver)
        seedIDCounter()
    }

    static func makeBus(context: ContextStore, limit: Int) -> MessageBus<ContextStore> {
        // Handler failures are shown in the trace; the library's log lines
        // would repeat them on standard error.
        let logger = Logger(label: "busctl", factory: { _ in SwiftLogNoOpLogHandler() })
        let bus = MessageBus(context: context, logger: logger)
        bus.cascadeLimit = limit
        return bus
    }

    /// The context as the store has it committed.
    static func committedContext(of store: any SessionStore) throws -> OrderedDictionary<String, Value> {
        var values = OrderedDictionary<String, Value>()
        for (key, text) in try store.loadContext() {
            do {
                values[key] = try Value(storageText: text)
            } catch var failure as ScriptFailure {
                failure.message = "the stored context key `\(key)`: \(failure.message)"
                throw failure
            }
        }
        return values
    }

    // MARK: Output

    func emit(_ event: TraceEvent) {
        lastTrace.record(event)
        if event.isTraceOnly, tracesQuietly { return }
        output.receive(event, mode: settings.trace)
    }

    /// True while the trace is off and the output ignores what only a
    /// trace shows (``SessionOutput/receivesTraceWhenOff``).
    var tracesQuietly: Bool {
        settings.trace == .off && !outputReceivesTraceWhenOff
    }

    func note(_ text: String) {
        emit(.note(text))
    }

    // MARK: Built-in environment

    func makeUUID() -> UUID {
        if options.deterministic {
            uuidCounter += 1
            let hex = String(uuidCounter, radix: 16)
            let padded = String(repeating: "0", count: max(0, 12 - hex.count)) + hex
            return UUID(uuidString: "00000000-0000-0000-0000-\(padded)") ?? UUID()
        }
        return UUID()
    }

    /// Deterministic ids continue after the highest one the store holds, so
    /// a restarted `--db` session never reuses an outbox id.
    func seedIDCounter() {
        uuidCounter = 0
        guard options.deterministic, let records = try? store.outbox.records() else { return }
        for record in records {
            let text = record.id.uuidString.lowercased()
            if text.hasPrefix("00000000-0000-0000-0000-"), let n = Int(text.suffix(12), radix: 16) {
                uuidCounter = max(uuidCounter, n)
            }
        }
    }

    func currentDate() -> Date {
        if options.deterministic { return Date(timeIntervalSince1970: 1_767_225_600) }
        // Whole milliseconds, so that a stored date reads back equal.
        return Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }

    // MARK: Steps

    /// Counts a step and stops runaway code: the step limit, and Ctrl-C.
    @inline(__always)
    func tick(_ frame: Frame, at location: SourceLocation) throws {
        let steps = frame.countSteps(1)
        if interruptFlag.isRaised {
            throw Interrupted(location: location)
        }
        if steps > frame.stepLimit {
            throw ScriptFailure("step limit: more than \(frame.stepLimit) steps (raise it with \(stepLimitSetting))", at: location)
        }
    }

    /// Counts `amount` extra steps: work proportional to the size of the
    /// values involved (building a long list, sorting, joining), so that no
    /// single statement can exhaust memory or time below the step limit.
    func charge(_ frame: Frame, _ amount: Int, at location: SourceLocation) throws {
        guard amount > 16 else { return }
        if frame.countSteps(amount) > frame.stepLimit {
            throw ScriptFailure("step limit: more than \(frame.stepLimit) steps; this statement builds or walks very large values (raise the limit with \(stepLimitSetting))", at: location)
        }
    }

    /// How the step limit is raised where the code runs: `set step_limit N`
    /// in a session, the `--step-limit N` flag in a relay process (which
    /// does not run `set` statements).
    var stepLimitSetting: String {
        isRelaying ? "`busctl relay --step-limit N`" : "`set step_limit N`"
    }

    /// Steps a built-in costs before it runs: `range` by the elements it
    /// would make, the others by the size of what they are given.
    static func cost(ofBuiltin name: String, _ args: [Value]) -> Int {
        if name == "range" {
            let bounds = args.compactMap { if case .int(let i) = $0 { i } else { nil } }
            guard bounds.count == args.count, let last = bounds.last else { return 0 }
            let start = bounds.count == 2 ? bounds[0] : 0
            let (count, overflow) = last.subtractingReportingOverflow(start)
            return overflow ? Int.max / 2 : max(0, count)
        }
        return args.reduce(0) { $0 + $1.size }
    }

    // MARK: Top level

    /// Checks and runs one top-level statement.
    func runTopLevel(_ statement: Stmt) throws {
        if interruptFlag.isRaised { throw Interrupted(location: statement.location) }
        // The checker shares the globals' and types' storage; it must be gone
        // before the statement changes them, or each change would copy them.
        try {
            var checker = Checker(types: definitions.types, place: .topLevel, globals: globals)
            try checker.checkTopLevel(statement)
        }()
        let frame = Frame(role: .topLevel, stepLimit: settings.stepLimit)
        _ = try execute(statement, in: frame, echo: true)
    }


    /// Resets everything `reset` clears (LANGUAGE.md §12).
    func reset() throws {
        settings = Settings(options)
        definitions = Definitions()
        globals = [:]
        last = .nil
        steppedCascade = nil
        endTransaction()
        dirtyKeys = []
        if !store.isPersistent {
            try store.removeAllData()
        }
        seedIDCounter()
        context = ContextStore()
        context.values = try Interpreter.committedContext(of: store)
        bus = Interpreter.makeBus(context: context, limit: settings.cascadeLimit)
        traceObserver = TraceObserver(deterministic: options.deterministic, lastTrace: lastTrace)
        traceObserver.interpreter = self
        traceObserver.isQuiet = tracesQuietly
        bus.addObserver(traceObserver)
        registerOutboxHandlers()
    }
}
