import BusScript

/// Lays out a table for the terminal: left-aligned columns two spaces
/// apart, the header in bold, and, when the rows are wider than the
/// terminal, the widest columns narrowed (cells cut with `…`) until they fit.
///
/// Columns are not narrowed below their title or 4 characters (an outbox id
/// cut to 8 characters is still a prefix `outbox show` takes); a table that
/// cannot fit even then is left to wrap.
enum TableLayout {
    /// Space between columns.
    static let gap = 2
    /// The narrowest a column is made.
    static let minimumWidth = 4

    /// The table's lines for a terminal `width` characters wide (nil: no
    /// limit).
    static func lines(_ table: TableTrace, width: Int?, palette: Palette) -> [String] {
        let columns = ([table.headers] + table.rows).map(\.count).max() ?? 0
        guard columns > 0 else { return [] }
        let widths = columnWidths(table, columns: columns, limit: width)
        var lines = [line(table.headers, widths: widths, style: .bold, palette: palette)]
        for row in table.rows {
            lines.append(line(row, widths: widths, style: nil, palette: palette))
        }
        return lines
    }

    /// Each column's width: its widest cell, narrowed to fit `limit`.
    static func columnWidths(_ table: TableTrace, columns: Int, limit: Int?) -> [Int] {
        var widths = [Int](repeating: 0, count: columns)
        for row in [table.headers] + table.rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        guard let limit else { return widths }
        let floors = widths.indices.map { i in
            min(widths[i], max(minimumWidth, i < table.headers.count ? table.headers[i].count : 0))
        }
        var total = widths.reduce(0, +) + gap * (columns - 1)
        while total > limit {
            // Narrow the widest column that can still give.
            guard let widest = widths.indices.filter({ widths[$0] > floors[$0] }).max(by: { widths[$0] < widths[$1] }) else { break }
            widths[widest] -= 1
            total -= 1
        }
        return widths
    }

    /// One row: cells cut to their column's width and padded, the last one
    /// not padded.
    private static func line(_ cells: [String], widths: [Int], style: Palette.Style?, palette: Palette) -> String {
        var parts: [String] = []
        for (i, cell) in cells.enumerated() where i < widths.count {
            var text = fitted(cell, width: widths[i])
            if i < cells.count - 1 {
                text += String(repeating: " ", count: widths[i] - text.count)
            }
            parts.append(style.map { palette.paint(text, $0) } ?? text)
        }
        var line = parts.joined(separator: String(repeating: " ", count: gap))
        while line.last == " " { line.removeLast() }
        return line
    }

    /// `text` cut to `width` characters, ending in `…` when cut.
    static func fitted(_ text: String, width: Int) -> String {
        guard text.count > width else { return text }
        guard width > 1 else { return String(text.prefix(width)) }
        return String(text.prefix(width - 1)) + "…"
    }
}
