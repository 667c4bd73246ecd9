/// A table the session shows (`types`, `handlers`, `vars`, `set`, `queue`,
/// `outbox`): a header row and rows of cells.
///
/// busctl lays it out for the terminal: aligned columns, long cells cut with
/// `…` so that each row fits the width. ``plainText`` is the layout with no
/// width limit (json mode writes it as one `text` line).
public struct TableTrace: Sendable, Equatable {
    /// The column titles.
    public var headers: [String]
    /// The rows, each with at most `headers.count` cells.
    public var rows: [[String]]

    public init(headers: [String], rows: [[String]]) {
        self.headers = headers
        self.rows = rows
    }

    /// Left-aligned columns separated by two spaces, no width limit, no
    /// spaces at the ends of lines.
    public var plainText: String {
        let all = [headers] + rows
        guard let columns = all.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: columns)
        for row in all {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        return all.map { row in
            var line = row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}

extension Interpreter {
    /// Shows a table whose first row is the header.
    func emitTable(_ rows: [[String]]) {
        guard let headers = rows.first else { return }
        emit(.table(TableTrace(headers: headers, rows: Array(rows.dropFirst()))))
    }
}
