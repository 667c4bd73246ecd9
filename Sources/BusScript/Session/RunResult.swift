/// What running a source text did.
public struct RunResult: Sendable, Equatable {
    /// Statements that failed (at most 1 unless `keepGoing`).
    public var failures: Int
    /// Set when `quit` / `exit [N]` ran: the session should end with this status.
    public var exitStatus: Int32?
    /// True when Ctrl-C stopped a statement.
    public var interrupted: Bool

    public init(failures: Int = 0, exitStatus: Int32? = nil, interrupted: Bool = false) {
        self.failures = failures
        self.exitStatus = exitStatus
        self.interrupted = interrupted
    }
}
