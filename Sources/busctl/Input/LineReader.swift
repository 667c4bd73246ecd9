/// What reading one line of input gave.
enum LineReadResult: Equatable {
    /// A line, without its line end.
    case line(String)
    /// Ctrl-C while waiting for the line.
    case interrupted
    /// The end of the input (Ctrl-D on an empty line at a terminal).
    case endOfInput
}

/// A source of input lines for the REPL and for piped standard input.
protocol LineReader: AnyObject {
    /// Shows `prompt` (when the reader shows prompts) and reads one line.
    func readLine(prompt: String) -> LineReadResult
    /// Adds a finished entry (possibly several lines) to the history, when
    /// the reader keeps one.
    func remember(_ entry: String)
}
