/// An error of the busctl language: what went wrong, where, and the context
/// that explains it.
///
/// Rendered by busctl as `file:line:col: error: message`, then the source line
/// and a caret, then each note on its own line.
public struct Diagnostic: Error, Sendable, CustomStringConvertible {
    /// The error text. Contains the phrases LANGUAGE.md §13 promises
    /// (`unknown field`, `division by zero`, …) where they apply.
    public var message: String
    /// Where the error is; nil when there is no source position (a file that
    /// cannot be read, say).
    public var location: SourceLocation?
    /// The top-level statement that failed, when it differs from `location`
    /// (an error inside a handler points into the handler; the JSON `error`
    /// line names the statement, LANGUAGE.md §7).
    public var statementLocation: SourceLocation?
    /// Extra lines: the message being handled and where it was sent from,
    /// the `load` that led here, a did-you-mean.
    public var notes: [String]
    /// True when the text ended while a statement was still open (a block, a
    /// bracket, a line ending in an operator): the REPL asks for more lines
    /// instead of reporting it.
    public var isIncompleteInput: Bool

    public init(_ message: String, at location: SourceLocation?, statementLocation: SourceLocation? = nil, notes: [String] = [], isIncompleteInput: Bool = false) {
        self.message = message
        self.location = location
        self.statementLocation = statementLocation
        self.notes = notes
        self.isIncompleteInput = isIncompleteInput
    }

    /// `file:line:col: error: message` (without the source line and caret).
    public var description: String {
        if let location {
            return "\(location): error: \(message)"
        }
        return "error: \(message)"
    }
}
