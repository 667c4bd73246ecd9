/// The lines of every text the session ran, for the caret under an error.
///
/// A text is split into lines only when one of its lines is asked for:
/// most texts never fail, and splitting a long script up front cost as much
/// as running a tenth of it.
final class SourceRegistry {
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
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            split = lines
            return lines
        }
    }

    private var chunks: [String: [Chunk]] = [:]

    func add(_ source: String, file: String, firstLine: Int) {
        chunks[file, default: []].append(Chunk(firstLine: firstLine, text: source))
    }

    func line(file: String, line: Int) -> String? {
        guard let list = chunks[file] else { return nil }
        for chunk in list.reversed() where line >= chunk.firstLine {
            let lines = chunk.lines
            guard line < chunk.firstLine + lines.count else { continue }
            var text = lines[line - chunk.firstLine]
            if text.hasSuffix("\r") { text = text.dropLast() }
            return String(text)
        }
        return nil
    }
}
