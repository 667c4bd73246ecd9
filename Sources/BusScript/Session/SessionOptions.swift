import Synchronization

/// How a trace is shown (LANGUAGE.md §7): `set trace tree|flat|json|off`.
public enum TraceMode: String, Sendable, CaseIterable {
    case tree, flat, json, off
}

/// When output is coloured: `set color on|off|auto`.
public enum ColorMode: String, Sendable, CaseIterable {
    case on, off, auto
}

/// The settings a session starts with (from busctl's command line), and
/// returns to on `reset`.
public struct SessionOptions: Sendable {
    public var trace: TraceMode = .tree
    public var color: ColorMode = .auto
    /// `--deterministic`: `uuid()` and outbox ids count up, `now()` is fixed
    /// at 2026-01-01T00:00:00Z, durations are 0.
    public var deterministic = false
    /// `--keep-going`: a failing statement is reported and the run goes on.
    public var keepGoing = false
    /// Messages a cascade may dispatch before it fails with "cascade limit".
    public var cascadeLimit = 10_000
    /// Steps a top-level statement or a handler run may take.
    public var stepLimit = 10_000_000
    /// Outbox attempts before a message is dead (issue 3).
    public var maxAttempts = 5

    public init() {}
}

/// Set from a signal handler when the user presses Ctrl-C; the interpreter
/// checks it at every step and stops the statement with "interrupted".
///
/// Lock-free, so setting it is safe inside a signal handler.
public final class InterruptFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    public init() {}

    /// Asks the running statement to stop.
    public func raise() { raised.store(true, ordering: .relaxed) }

    /// Clears the flag (before reading a new line or running a statement).
    public func clear() { raised.store(false, ordering: .relaxed) }

    /// Whether an interrupt is pending.
    public var isRaised: Bool { raised.load(ordering: .relaxed) }
}

/// Receives everything a session shows. busctl's renderers implement it.
public protocol SessionOutput: AnyObject {
    /// Called for each event, in order, with the trace mode in force at the
    /// time (`set trace` can change it between statements).
    func receive(_ event: TraceEvent, mode: TraceMode)

    /// Whether, while the trace is off, `receive` is also called with the
    /// events only a trace shows (``TraceEvent/isTraceOnly``). An output
    /// that ignores them says false: the session then does not build them,
    /// which is most of what tracing costs a quiet run.
    var receivesTraceWhenOff: Bool { get }
}

extension SessionOutput {
    /// Every event, as the session produces it.
    public var receivesTraceWhenOff: Bool { true }
}
