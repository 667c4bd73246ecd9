import BusScript

/// Runs busctl's scripts in the session: `-e` texts, files, and piped
/// standard input (LANGUAGE.md §13, §14).
///
/// Each text is handed to the session whole (it parses the text in full
/// before running any of it); piped input is handed over statement by
/// statement, each as soon as it is complete. The runner says after each
/// source whether to go on, and remembers whether anything failed.
final class ScriptRunner {
    /// What running one source means for the rest of the run.
    enum Step: Equatable {
        /// Go on with the next source.
        case proceed
        /// A statement failed (and `--keep-going` is off).
        case failed
        /// Ctrl-C stopped a statement, or came while waiting for input.
        case interrupted
        /// `quit` / `exit N` ran.
        case exit(Int32)
    }

    /// The `-e` texts' file name.
    static let expressionFile = "<-e>"
    /// Standard input's file name.
    static let standardInputFile = "<stdin>"

    /// The session everything runs in (the REPL asks it for completions).
    let session: Session
    private let output: TerminalOutput
    private let sources: SourceRegistry
    private let keepGoing: Bool
    private let workingDirectory: String
    /// The line number the next `-e` text starts at: `-e` texts count
    /// lines across texts, as REPL entries do.
    private var nextExpressionLine = 1
    /// True once any statement failed.
    private(set) var hadFailure = false

    /// - Parameters:
    ///   - session: the session everything runs in.
    ///   - output: flushed after each source.
    ///   - sources: records each text for carets.
    ///   - keepGoing: `--keep-going`: failures do not stop the run.
    ///   - workingDirectory: the folder for relative paths in `-e` texts and
    ///     standard input.
    init(session: Session, output: TerminalOutput, sources: SourceRegistry, keepGoing: Bool, workingDirectory: String) {
        self.session = session
        self.output = output
        self.sources = sources
        self.keepGoing = keepGoing
        self.workingDirectory = workingDirectory
    }

    /// Runs one `-e` text.
    func run(expression text: String) -> Step {
        let firstLine = nextExpressionLine
        nextExpressionLine += 1 + text.utf8.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        return step(for: execute(text, file: ScriptRunner.expressionFile, firstLine: firstLine, directory: workingDirectory))
    }

    /// Runs one file.
    func run(file script: ScriptFile) -> Step {
        step(for: execute(script.text, file: script.path, firstLine: 1, directory: script.directory))
    }

    /// Reads `reader` to its end as a script, running each statement as
    /// soon as it is complete. Stops at the first failure unless
    /// `--keep-going`.
    func run(standardInput reader: LineReader) -> Step {
        var accumulator = StatementAccumulator(countsBlankLines: true)
        while true {
            output.flush()
            switch reader.readLine(prompt: "") {
            case .interrupted:
                return .interrupted
            case .endOfInput:
                guard let rest = accumulator.takeRest() else { return .proceed }
                return run(standardInputEntry: rest)
            case .line(let line):
                guard let entry = accumulator.add(line) else { continue }
                let step = run(standardInputEntry: entry)
                if step != .proceed { return step }
            }
        }
    }

    /// Runs a REPL entry; the REPL reports failures and goes on.
    func run(replEntry entry: StatementAccumulator.Entry) -> RunResult {
        execute(entry.text, file: ScriptRunner.standardInputFile, firstLine: entry.firstLine, directory: workingDirectory)
    }

    /// Runs one statement of a file at its place in the file (presenter
    /// mode): errors point at the file's own line and column.
    func run(statement text: String, file: String, line: Int, column: Int, directory: String) -> RunResult {
        let indented = String(repeating: " ", count: max(0, column - 1)) + text
        return execute(indented, file: file, firstLine: line, directory: directory)
    }

    private func run(standardInputEntry entry: StatementAccumulator.Entry) -> Step {
        step(for: execute(entry.text, file: ScriptRunner.standardInputFile, firstLine: entry.firstLine, directory: workingDirectory))
    }

    /// Hands `text` to the session with Ctrl-C armed, then flushes.
    private func execute(_ text: String, file: String, firstLine: Int, directory: String) -> RunResult {
        sources.add(text, file: file, firstLine: firstLine)
        let result = InterruptSignal.whileRunning {
            session.run(source: text, file: file, firstLine: firstLine, directory: directory)
        }
        output.flush()
        if result.failures > 0 { hadFailure = true }
        return result
    }

    private func step(for result: RunResult) -> Step {
        if let status = result.exitStatus { return .exit(status) }
        if result.interrupted { return .interrupted }
        if result.failures > 0 && !keepGoing { return .failed }
        return .proceed
    }
}
