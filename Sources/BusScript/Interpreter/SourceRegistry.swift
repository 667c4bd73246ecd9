/// The lines of every text the session ran, for the caret under an error
/// (busctl keeps one too, for texts it handed over that the session never
/// ran to the end).
///
/// REPL entries, piped statements and `-e` texts share a file name with
/// running line numbers, so each file is a list of chunks, each starting at
/// its own first line; the latest chunk that holds a line wins.
///
/// A text is split into lines only when one of its lines is asked for:
/// most texts never fail, and splitting a long script up front cost as much
/// as running a tenth of it.
public final class SourceRegistry {
    private final class Chunk {
        let firstLine: Int
        let text: String
        private var split: [Substring]?

        init(firstLine: Int, text: String) {
            self.firstLine = firstLine
            self.text = text
        }

        var lines: [Substring] {
            if let split { return split }
            // "\r\n" is one Character in Swift: split on it as well as on "\n".
            let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
            split = lines
            return lines
        }
    }

    private var chunks: [String: [Chunk]] = [:]

    /// An empty registry.
    public init() {}

    /// Remembers `source`, whose first line is line `firstLine` of `file`.
    public func add(_ source: String, file: String, firstLine: Int) {
        chunks[file, default: []].append(Chunk(firstLine: firstLine, text: source))
    }

    /// The text of `line` in `file` (without its line break), if recorded.
    public func line(file: String, line: Int) -> String? {
        guard let list = chunks[file] else { return nil }
        for chunk in list.reversed() where line >= chunk.firstLine {
            let lines = chunk.lines
            guard line < chunk.firstLine + lines.count else { continue }
            return String(lines[line - chunk.firstLine])
        }
        return nil
    }
}
