/// A position in a source text: the file name as the user wrote it, and a
/// line and column counted from 1 (columns in Unicode scalars).
///
/// REPL entries use the file name `<stdin>` with running line numbers,
/// `-e` texts use `<-e>` (LANGUAGE.md §13).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file name as given on the command line or to `load`.
    public var file: String
    /// The line, from 1.
    public var line: Int
    /// The column in Unicode scalars, from 1.
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:col`, the form diagnostics start with.
    public var description: String { "\(file):\(line):\(column)" }
}
