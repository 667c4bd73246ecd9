/// The texts busctl handed to the session, by file name and line, so that a
/// diagnostic can show its source line even when the session does not know
/// it (the session's own `sourceLine(file:line:)` is asked first).
///
/// REPL entries, piped statements and `-e` texts share a file name with
/// running line numbers, so each file is a list of chunks, each starting at
/// its own first line.
final class SourceRegistry {
    /// A text is split into lines only when a diagnostic asks for one of
    /// them: splitting a long script up front cost as much as running a
    /// tenth of it.
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
            let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
            split = lines
            return lines
        }
    }

    private var chunks: [String: [Chunk]] = [:]

    /// Remembers `text`, whose first line is line `firstLine` of `file`.
    func record(_ text: String, file: String, firstLine: Int) {
        chunks[file, default: []].append(Chunk(firstLine: firstLine, text: text))
    }

    /// The text of `line` in `file`, if recorded.
    func line(file: String, line: Int) -> String? {
        guard let list = chunks[file] else { return nil }
        for chunk in list.reversed() where line >= chunk.firstLine {
            let lines = chunk.lines
            guard line < chunk.firstLine + lines.count else { continue }
            return String(lines[line - chunk.firstLine])
        }
        return nil
    }
}
