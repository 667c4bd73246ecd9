import BusScript

/// The interactive prompt (LANGUAGE.md §14): reads entries, runs each in the
/// session as soon as it is complete, and goes on after errors.
///
/// - `bus> ` asks for a statement, `...> ` for the next line of an open one
///   (a block, a bracket, a line ending in an operator);
/// - Ctrl-C at the prompt drops the line (and any open statement), Ctrl-C
///   while a statement runs stops it with "interrupted";
/// - Tab completes (the session decides what, `TabCompletion` edits the
///   line);
/// - Ctrl-D on an empty line, `quit` or `exit [N]` ends the session;
/// - entries are `<stdin>` with line numbers that run on across entries.
final class REPL {
    /// The prompt for a new statement.
    static let prompt = "bus> "
    /// The prompt while a statement is still open.
    static let continuationPrompt = "...> "

    private let runner: ScriptRunner
    private let output: TerminalOutput
    private let reader: LineReader
    private let promptChannel: OutputChannel
    private let echoesInterrupt: Bool

    /// - Parameters:
    ///   - runner: runs the entries.
    ///   - output: flushed before each prompt.
    ///   - reader: where lines come from.
    ///   - promptChannel: the stream the prompts appear on; the newline
    ///     after Ctrl-C or Ctrl-D goes there too.
    ///   - echoesInterrupt: whether to show `^C` when Ctrl-C drops a line
    ///     (the line editor does not echo it; a terminal in cooked mode does).
    init(runner: ScriptRunner, output: TerminalOutput, reader: LineReader, promptChannel: OutputChannel, echoesInterrupt: Bool) {
        self.runner = runner
        self.output = output
        self.reader = reader
        self.promptChannel = promptChannel
        self.echoesInterrupt = echoesInterrupt
    }

    /// Runs the prompt until the end of input or `quit`; returns the exit
    /// status.
    func run() -> Int32 {
        var accumulator = StatementAccumulator(countsBlankLines: false)
        while true {
            output.flush()
            let prompt = accumulator.isEmpty ? REPL.prompt : REPL.continuationPrompt
            if let editor = reader as? EditLineReader {
                let entry = accumulator.pending
                editor.tabCompletion.provider = { [session = runner.session] line, cursor in
                    session.completions(for: line, cursor: cursor, entry: entry)
                }
            }
            switch reader.readLine(prompt: prompt) {
            case .endOfInput:
                promptChannel.write("\n")
                promptChannel.flush()
                return 0
            case .interrupted:
                accumulator.discard()
                promptChannel.write(echoesInterrupt ? "^C\n" : "\n")
            case .line(let line):
                guard let entry = accumulator.add(line) else { continue }
                reader.remember(entry.text)
                let result = runner.run(replEntry: entry)
                if let status = result.exitStatus {
                    return status
                }
            }
        }
    }
}
