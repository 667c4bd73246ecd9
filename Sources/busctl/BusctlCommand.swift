import ArgumentParser
import BusScript
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `busctl` command line (LANGUAGE.md §14).
///
/// ```text
/// busctl                       the REPL (or a script piped to standard input)
/// busctl FILE...               run the files in order, then exit
/// busctl -e TEXT [-e TEXT]...  run the texts, then any files
/// busctl -i FILE               run the file, then open the REPL
/// busctl --present FILE        show and run the file statement by statement, then the REPL
/// ```
///
/// Exit status: 0 all went well; 1 a statement failed; 2 bad usage or a file
/// that cannot be read; 130 interrupted; `exit N` gives N.
///
/// `busctl graph FILE...` is a subcommand (`GraphCommand`): it draws the
/// chain of types and handlers of scripts without running them.
/// `busctl relay --postgres URL --handlers FILE` is another (`RelayCommand`):
/// a long-lived relay process over the PostgreSQL outbox.
@main
struct BusctlCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "busctl",
        abstract: "Define commands, events and handlers; send messages through a real message bus and watch the cascades.",
        discussion: """
            With no FILE and no -e, busctl reads standard input: the REPL at a terminal, \
            otherwise a script, each statement run as soon as it is complete.

            `busctl graph FILE...` draws the chain of types and handlers of scripts without \
            running them (`busctl graph --help`).

            `busctl relay --postgres URL --handlers FILE` is a long-lived relay process: it \
            processes the PostgreSQL outbox with the outbox handlers of FILE, alongside other \
            relays, until SIGINT or SIGTERM (`busctl relay --help`).

            Exit status: 0 all went well, 1 a statement failed, 2 bad usage, an unreadable file or a \
            store that cannot be opened (--db, --postgres), 130 interrupted.
            """,
        version: "busctl \(BusctlVersion.current)"
    )

    @Option(
        name: [.customShort("e"), .customLong("eval")],
        parsing: .unconditionalSingleValue,
        help: ArgumentHelp("Run TEXT as a script, before any file (repeatable; texts run in order).", valueName: "text")
    )
    var expressions: [String] = []

    @Option(
        name: [.customShort("i"), .customLong("interactive")],
        help: ArgumentHelp("Run FILE, then open the REPL.", valueName: "file")
    )
    var interactiveFile: String?

    @Option(
        name: .customLong("present"),
        help: ArgumentHelp("Presenter mode: show FILE one statement at a time with its comments, run each on Enter; q leaves, the session stays open.", valueName: "file")
    )
    var presentFile: String?

    @OptionGroup(title: "Session options")
    var session: SessionFlags

    @Argument(help: ArgumentHelp("Script files (.bus) to run, in order.", valueName: "file"))
    var files: [String] = []

    /// The invocation these arguments describe.
    func invocation(environment: [String: String]) -> Invocation {
        Invocation(
            expressions: expressions,
            files: files,
            interactiveFile: interactiveFile,
            presentFile: presentFile,
            options: session.sessionOptions(environment: environment),
            databasePath: session.database,
            postgresURL: session.postgresURL,
            environment: environment
        )
    }

    mutating func run() throws {
        let status = BusctlProgram(invocation: invocation(environment: Self.environment())).run()
        if status != 0 {
            throw ExitCode(status)
        }
    }

    /// Parses the command line and runs busctl. Usage errors exit with
    /// status 2 (LANGUAGE.md §14) rather than the parser's own 64.
    static func main() {
        let status: Int32
        let arguments = Array(CommandLine.arguments.dropFirst())
        // `busctl graph …` (a file named graph runs as `busctl ./graph`).
        if arguments.first == "graph" {
            terminateProcess(GraphCommand.main(arguments: Array(arguments.dropFirst()), environment: environment()))
        }
        // `busctl relay …` (a file named relay runs as `busctl ./relay`).
        if arguments.first == "relay" {
            terminateProcess(RelayCommand.main(arguments: Array(arguments.dropFirst()), environment: environment()))
        }
        if let hint = misplacedSubcommandHint(arguments) ?? repeatedStoreFlag(arguments) {
            printLine("busctl: error: \(hint)", to: 2)
            terminateProcess(2)
        }
        do {
            var command = try parseAsRoot()
            if let busctl = command as? BusctlCommand {
                status = BusctlProgram(invocation: busctl.invocation(environment: environment())).run()
            } else {
                try command.run()
                status = 0
            }
        } catch {
            status = report(error)
        }
        terminateProcess(status)
    }

    /// Prints a parse error, help or the version; returns the exit status.
    private static func report(_ error: any Error) -> Int32 {
        let code = exitCode(for: error)
        let message = fullMessage(for: error)
        if code == .success {
            if !message.isEmpty { printLine(message, to: 1) }
            return 0
        }
        if let exit = error as? ExitCode {
            return exit.rawValue
        }
        if !message.isEmpty { printLine(message, to: 2) }
        return 2
    }

    private static func printLine(_ text: String, to fd: Int32) {
        let channel = OutputChannel(fileDescriptor: fd)
        channel.writeLine(text)
        channel.flush()
    }

    /// The process environment as a dictionary.
    static func environment() -> [String: String] {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") {
                result[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return result
    }
}
