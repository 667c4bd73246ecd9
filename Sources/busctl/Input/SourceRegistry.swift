/// The texts busctl handed to the session, by file name and line, so that a
/// diagnostic can show its source line even when the session does not know
/// it (the session's own `sourceLine(file:line:)` is asked first).
///
/// REPL entries, piped statements and `-e` texts share a file name with
/// running line numbers, so each file is a list of chunks, each starting at
/// its own first line.
final class SourceRegistry {
    private struct Chunk {
        var firstLine: Int
        var lines: [Substring]
    }

    private var chunks: [String: [Chunk]] = [:]

    /// Remembers `text`, whose first line is line `firstLine` of `file`.
    func record(_ text: String, file: String, firstLine: Int) {
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        chunks[file, default: []].append(Chunk(firstLine: firstLine, lines: lines))
    }

    /// The text of `line` in `file`, if recorded.
    func line(file: String, line: Int) -> String? {
        guard let list = chunks[file] else { return nil }
        for chunk in list.reversed() where line >= chunk.firstLine && line < chunk.firstLine + chunk.lines.count {
            return String(chunk.lines[line - chunk.firstLine])
        }
        return nil
    }
}
