import PostgresNIO

/// A relay's time without the database: from the first failed claim to the
/// next one that works. The database is either unreachable (no connection,
/// no answer) or answers with an error (a missing table, a permission). It decides how long to wait between tries (the
/// retry delay, doubling up to the maximum) and when to say so, so that an
/// outage is one line when it starts, a reminder each minute, and one line
/// when it ends, instead of one error per try.
struct DatabaseOutage {
    /// How often a reminder is logged while the outage lasts.
    static let reminderInterval = Duration.seconds(60)

    let started = ContinuousClock.now
    private(set) var lastReport = ContinuousClock.now
    /// The wait before the next try.
    private(set) var delay: Duration
    private let maximumDelay: Duration
    /// False when the server answered with an error of its own.
    private let unreachable: Bool

    init(_ error: any Error, retryDelay: Duration, maximumDelay: Duration) {
        delay = retryDelay
        self.maximumDelay = max(maximumDelay, retryDelay)
        unreachable = (error as? PostgresOutboxError)?.sqlState == nil
    }

    /// The first line: `database unreachable (REASON); retrying every N s`.
    func startLine(_ error: any Error) -> String {
        "\(unreachable ? "database unreachable" : "database error") (\(Self.reason(error))); retrying every \(Self.text(delay))\(delay < maximumDelay ? ", then less often, up to every \(Self.text(maximumDelay))" : "")"
    }

    /// Counts one more failed try: doubles the wait; returns a reminder
    /// line when a minute passed since the last line, nil otherwise.
    mutating func failedAgain(_ error: any Error) -> String? {
        delay = min(delay * 2, maximumDelay)
        guard ContinuousClock.now - lastReport >= Self.reminderInterval else { return nil }
        lastReport = .now
        return "\(unreachable ? "database still unreachable" : "database error still there") after \(Self.text(ContinuousClock.now - started)) (\(Self.reason(error))); retrying every \(Self.text(delay))"
    }

    /// The last line, once a claim works again.
    func endLine() -> String {
        "database \(unreachable ? "reachable" : "working") again after \(Self.text(ContinuousClock.now - started))"
    }

    /// Why the database cannot be used, in words rather than postgres-nio's
    /// type dumps. The pool's `ConnectionPoolError` is a type of an internal
    /// module of postgres-nio: it is recognised by its text.
    static func reason(_ error: any Error) -> String {
        let underlying = (error as? PostgresOutboxError)?.underlying ?? error
        if let error = underlying as? PSQLError, error.serverInfo == nil {
            switch error.code {
            case .serverClosedConnection, .uncleanShutdown: return "the server closed the connection"
            case .connectionError:
                let text = error.underlying.map { String(describing: $0) } ?? ""
                if text.contains("Connection refused") { return "connection refused" }
                return "the connection failed"
            default: break
            }
        }
        let text = String(describing: underlying)
        if text.contains("connectionCreationCircuitBreakerTripped") {
            return "no connection could be opened"
        }
        if text.contains("Connection refused") { return "connection refused" }
        return String(describing: error)
    }

    /// `1 s`, `2.5 s`, `1 min 5 s`.
    static func text(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        if seconds < 60 {
            let rounded = (seconds * 10).rounded() / 10
            return rounded == rounded.rounded() ? "\(Int(rounded)) s" : "\(rounded) s"
        }
        let whole = Int(seconds.rounded())
        return whole % 60 == 0 ? "\(whole / 60) min" : "\(whole / 60) min \(whole % 60) s"
    }
}
