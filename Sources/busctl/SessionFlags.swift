import ArgumentParser
import BusScript

/// The flags that shape a session, shared by every way busctl runs
/// (scripts, the REPL, and later subcommands such as `graph` and `relay`).
struct SessionFlags: ParsableArguments {
    /// The values of `--trace`.
    enum Trace: String, CaseIterable, ExpressibleByArgument {
        case tree, flat, json, off

        var mode: TraceMode {
            switch self {
            case .tree: .tree
            case .flat: .flat
            case .json: .json
            case .off: .off
            }
        }
    }

    @Option(help: ArgumentHelp("How cascades are shown.", valueName: "mode"))
    var trace: Trace = .tree

    @Flag(name: .customLong("no-color"), help: "Never colour the output (NO_COLOR does the same).")
    var noColor = false

    @Flag(name: .customLong("keep-going"), help: "Report every failing statement and go on; exit 1 at the end if any failed.")
    var keepGoing = false

    @Option(name: .customLong("db"), help: ArgumentHelp("Keep the context and the outbox in this SQLite file (created if missing), so they survive restarts.", valueName: "path"))
    var database: String?

    @Option(name: .customLong("postgres"), help: ArgumentHelp("Keep the context and the outbox in this PostgreSQL database instead (tables created if missing), where `busctl relay` processes can work through the outbox; each statement reads the context afresh and commits under a lock shared with them.", valueName: "url"))
    var postgresURL: String?

    @Flag(help: "Counting ids, a fixed now() and zero durations, so that traces compare byte for byte (also BUSCTL_DETERMINISTIC=1).")
    var deterministic = false

    /// `--db` and `--postgres` name two different stores: refused as bad usage.
    func validate() throws {
        if database != nil, postgresURL != nil {
            throw ValidationError("--db and --postgres cannot be used together: the context and the outbox live either in a SQLite file (--db) or in PostgreSQL (--postgres)")
        }
    }

    /// The session's settings from these flags and the environment.
    func sessionOptions(environment: [String: String]) -> SessionOptions {
        var options = SessionOptions()
        options.trace = trace.mode
        options.color = noColor ? .off : .auto
        options.keepGoing = keepGoing
        options.deterministic = deterministic || SessionFlags.isSet(environment["BUSCTL_DETERMINISTIC"])
        return options
    }

    /// True for `1`, `true`, `yes` and `on` (any case).
    static func isSet(_ value: String?) -> Bool {
        guard let value else { return false }
        return ["1", "true", "yes", "on"].contains(value.lowercased())
    }
}
