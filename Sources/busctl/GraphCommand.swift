import ArgumentParser
import BusScript

/// `busctl graph FILE...`: the chain of types and handlers of scripts,
/// drawn without running them.
///
/// Only the definitions run (types, handlers, functions, and the
/// definitions of files they `load` by a literal path); sends, batches,
/// steps, ctx changes and outbox statements are skipped. Exit status: 0, 1
/// when a definition fails to check (or TYPE is unknown), 2 for bad usage
/// or an unreadable file.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "busctl graph",
        abstract: "Draw the chain of types and handlers of scripts, without running them.",
        discussion: """
            Reads the definitions of the files (types, handlers, functions, and files they load) \
            and prints which handlers each type has and which types each handler emits: \
            an indented tree, or a Mermaid or Graphviz DOT diagram. Nothing is sent.
            """
    )

    /// The three drawings.
    enum Format: String, EnumerableFlag {
        case tree, mermaid, dot

        static func help(for value: Format) -> ArgumentHelp? {
            switch value {
            case .tree: "An indented tree (the default)."
            case .mermaid: "A Mermaid flowchart."
            case .dot: "Graphviz DOT (render it with `dot -Tsvg`)."
            }
        }
    }

    @Flag(exclusivity: .exclusive)
    var format: Format = .tree

    @Option(name: .customLong("type"), help: ArgumentHelp("Only what this type leads to.", valueName: "type"))
    var typeName: String?

    @Flag(name: .customLong("no-color"), help: "Never colour the error messages.")
    var noColor = false

    @Argument(help: ArgumentHelp("Script files (.bus) whose definitions are read, in order.", valueName: "file"))
    var files: [String]

    mutating func run() throws {
        let status = draw(environment: BusctlCommand.environment())
        if status != 0 {
            throw ExitCode(status)
        }
    }

    /// Parses `arguments` (what follows `busctl graph`) and draws; returns
    /// the exit status. `--help` prints the help (status 0); bad usage is
    /// status 2, as for busctl itself.
    static func main(arguments: [String], environment: [String: String]) -> Int32 {
        switch parseSubcommand(arguments) {
        case .success(let command): return command.draw(environment: environment)
        case .failure(let exit): return exit.status
        }
    }

    /// Reads the files' definitions and prints the graph; returns the exit
    /// status.
    func draw(environment: [String: String]) -> Int32 {
        let scripts: [ScriptFile]
        do {
            scripts = try files.map { path throws(ScriptFile.ReadError) in try ScriptFile.read(path: path) }
        } catch {
            let channel = OutputChannel(fileDescriptor: 2)
            channel.writeLine(error.message)
            channel.flush()
            return 2
        }
        var options = SessionOptions()
        options.trace = .off
        options.color = noColor ? .off : .auto
        let console = Console(
            standardOutput: OutputChannel(fileDescriptor: 1),
            standardError: OutputChannel(fileDescriptor: 2),
            color: options.color,
            environment: environment
        )
        let output = TerminalOutput(console: console)
        let session = Session(options: options, output: output)
        console.sourceLine = { [weak session] file, line in session?.sourceLine(file: file, line: line) }
        defer { output.flush() }
        for script in scripts {
            if session.runDefinitions(source: script.text, file: script.path, directory: script.directory).failures > 0 {
                return 1
            }
        }
        do {
            console.text(try session.graph(of: typeName, format: format.graphFormat))
            return 0
        } catch {
            console.diagnostic(error)
            return 1
        }
    }
}

extension GraphCommand.Format {
    var graphFormat: GraphFormat {
        switch self {
        case .tree: .tree
        case .mermaid: .mermaid
        case .dot: .dot
        }
    }
}
