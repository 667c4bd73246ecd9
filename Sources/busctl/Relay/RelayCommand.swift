import ArgumentParser
import BusScript
import Foundation
import Logging
import MessageBus
import MessageBusPostgres

/// `busctl relay --postgres URL --handlers FILE`: a long-lived relay process
/// that works through the PostgreSQL outbox with the outbox handlers of a
/// script, alongside any number of other relays, on any number of machines.
///
/// Only the definitions of FILE run (types, handlers, functions, and files
/// it `load`s by a literal path), as for `busctl graph`: its sends, ctx
/// changes and outbox statements are skipped, so starting a relay changes
/// nothing. Each claimed message then runs every outbox handler in order
/// (`dispatch` sends it through the bus, to the file's command and event
/// handlers); the context they read and write is the one `busctl --postgres`
/// keeps in the same database, read again before each message.
///
/// One line per message goes to standard output (standard error with
/// `--trace json`, whose JSON lines own standard output): `TIME RELAY ID NAME
/// attempt N: processed`, `…: failed: REASON` or `…: dead: REASON`. The
/// relay's own notes (stop, errors) and the session's reports go to standard
/// error, each line with the time and the relay's name. SIGINT or SIGTERM
/// stops it after the message in hand, with exit status 0.
///
/// Exit status: 0 stopped by a signal; 1 a definition of FILE does not
/// check, or the relay failed; 2 bad usage, an unreadable FILE, a FILE with
/// no outbox handler, or a database that cannot be reached.
struct RelayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "busctl relay",
        abstract: "Process the PostgreSQL outbox with the outbox handlers of a script, until SIGINT or SIGTERM.",
        usage: """
            busctl relay --postgres <url> --handlers <file> [--name <name>] [--batch-size <n>] [--lease <seconds>]
                         [--poll-interval <seconds>] [--max-attempts <n>] [--backoff <seconds>] [--step-limit <n>]
                         [--trace <mode>] [--no-color]
            """,
        discussion: """
            Run as many relays as you like, on as many machines, against one database: each \
            message is claimed by one relay at a time (with a lease), processed by every outbox \
            handler of FILE in order, and marked processed, or retried after a backoff, or made \
            dead after --max-attempts. Delivery is at least once: a relay that dies keeps its \
            messages until their leases expire, then another relay runs them again.

            Only the definitions of FILE are read (types, handlers, functions, and the files it \
            loads); its other statements do not run. Messages come from `busctl --postgres URL` \
            sessions (`outbox add`) or from applications using MessageBusPostgres.

            Each message runs under a lock on the shared context, on the context as committed \
            (sessions and other relays write it too), and what its handlers change is committed \
            before the next unit of work, here or elsewhere, starts: no update is lost. Before a \
            message starts, its lease is renewed; one that another relay took meanwhile is \
            skipped. A message that runs longer than --lease may be run twice: choose a lease \
            above the slowest message.

            Each message is logged on standard output as `TIME RELAY ID NAME attempt N: processed` \
            (or `failed: REASON`, or `dead: REASON`); notes and errors go to standard error, each \
            line with the time and the relay's name. With --trace json, standard output is the \
            trace's JSON lines only and the message lines go to standard error too. SIGINT or \
            SIGTERM stops the relay after the message in hand (exit status 0; a wait on an \
            unresponsive database is cut off after 2 s, that message is claimed again when its \
            lease expires); a second signal exits at once (130 or 143).

            Exit status: 0 stopped by a signal, 1 a definition of FILE does not check or the \
            relay failed, 2 bad usage, an unreadable FILE, a FILE without an outbox handler, or a \
            database that cannot be reached.
            """
    )

    @Option(name: .customLong("postgres"), help: ArgumentHelp("The PostgreSQL database whose outbox to process (tables created if missing).", valueName: "url"))
    var postgresURL: String?

    /// Every `--handlers` given: one is required, a second is a usage error
    /// (one file can `load` the others), never silently the last one.
    @Option(name: .customLong("handlers"), help: ArgumentHelp("The script whose outbox handlers process each message (required, once; it may `load` other files).", valueName: "file"))
    var handlersFiles: [String] = []

    /// Checked by ``check(name:)``: no control characters, no spaces but plain ones.
    @Option(help: ArgumentHelp("The relay's name, which starts its log lines and marks the messages it holds: unique among the relays of the outbox (two relays of one name take each other's leases for their own), printable, no tabs or line breaks (default: relay-HOST-PID-RANDOM).", valueName: "name"))
    var name: String?

    // The numbers are parsed unconditionally, so that `--lease -1` reaches
    // `validate()` and its clear message instead of being read as a flag.
    @Option(name: .customLong("batch-size"), parsing: .unconditional, help: ArgumentHelp("Messages claimed at once.", valueName: "n"))
    var batchSize = 100

    @Option(parsing: .unconditional, help: ArgumentHelp("Seconds a claim holds a message before other relays may take it again; choose more than the slowest message takes (1 to 86400, one day).", valueName: "seconds"))
    var lease: Double = 60

    @Option(name: .customLong("poll-interval"), parsing: .unconditional, help: ArgumentHelp("Seconds an idle relay waits before it looks again when no notification wakes it (0.01 to 3600, one hour).", valueName: "seconds"))
    var pollInterval: Double = 5

    @Option(name: .customLong("max-attempts"), parsing: .unconditional, help: ArgumentHelp("Attempts before a message is dead.", valueName: "n"))
    var maxAttempts = 5

    @Option(parsing: .unconditional, help: ArgumentHelp("Seconds before the retry of a failed message, doubling with each attempt up to 300 (0 to 300).", valueName: "seconds"))
    var backoff: Double = 1

    /// `set step_limit` of a session, which the relay does not run.
    @Option(name: .customLong("step-limit"), parsing: .unconditional, help: ArgumentHelp("Steps one outbox handler run (or a handler it dispatches to) may take before it fails with \"step limit\"; what `set step_limit` is in a session.", valueName: "n"))
    var stepLimit = SessionOptions().stepLimit

    /// The handlers file (after ``validate()``, the only one).
    var handlersFile: String? { handlersFiles.first }

    @Option(help: ArgumentHelp("How the cascades of `dispatch` are shown on standard output (with json, the message lines go to standard error).", valueName: "mode"))
    var trace: SessionFlags.Trace = .off

    @Flag(name: .customLong("no-color"), help: "Never colour the output (NO_COLOR does the same).")
    var noColor = false

    mutating func run() throws {
        let status = RelayProgram(command: self, environment: BusctlCommand.environment()).run()
        if status != 0 {
            throw ExitCode(status)
        }
    }

    /// Parses `arguments` (what follows `busctl relay`) and runs the relay;
    /// returns the exit status. `--help` prints the help (status 0); bad
    /// usage is status 2, as for busctl itself.
    static func main(arguments: [String], environment: [String: String]) -> Int32 {
        if let repeated = BusctlCommand.repeatedStoreFlag(arguments, flags: ["--postgres"], valueOptions: optionsWithValues) {
            let channel = OutputChannel(fileDescriptor: 2)
            channel.writeLine("Error: \(repeated)")
            channel.flush()
            return 2
        }
        let command: RelayCommand
        switch parseSubcommand(arguments) {
        case .success(let parsed): command = parsed
        case .failure(let exit): return exit.status
        }
        return RelayProgram(command: command, environment: environment).run()
    }

    /// The relay's options that take a value (the word after them is never a flag).
    static let optionsWithValues: Set<String> = [
        "--postgres", "--handlers", "--name", "--batch-size", "--lease", "--poll-interval",
        "--max-attempts", "--backoff", "--step-limit", "--trace",
    ]

    /// The relay's configuration from the flags.
    var relayConfiguration: PostgresOutboxRelay.Configuration {
        PostgresOutboxRelay.Configuration(
            batchSize: batchSize,
            leaseDuration: Self.duration(seconds: lease),
            pollInterval: Self.duration(seconds: pollInterval),
            maxAttempts: maxAttempts,
            backoff: OutboxBackoff(initialDelay: Self.duration(seconds: backoff)),
            listensForNotifications: true,
            migratesSchemaOnStart: false // the store created the tables when it connected
        )
    }

    private static func duration(seconds: Double) -> Duration {
        .milliseconds(Int64((min(seconds, 1e9) * 1000).rounded()))
    }
}
