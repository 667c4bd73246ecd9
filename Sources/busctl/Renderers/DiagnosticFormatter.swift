import BusScript

/// Renders a `Diagnostic` for people (LANGUAGE.md §13, §14):
///
/// ```text
/// shop.bus:42:1: error: assertion failed: ctx.mails == 2 (left 1, right 2)
///    42 | assert ctx.mails == 2
///       | ^
///   note: while handling PlaceOrder #3
/// ```
///
/// The first line always starts with `file:line:col: error:` so that editors
/// and tests can find the position. The caret sits under the column, counted
/// in Unicode scalars; tabs before it are kept so that it lines up.
enum DiagnosticFormatter {
    /// The text of `diagnostic`, ending in a newline.
    ///
    /// - Parameters:
    ///   - diagnostic: the error.
    ///   - sourceLine: the text of the line the error points at, when known.
    ///   - palette: colours for standard error.
    static func format(_ diagnostic: Diagnostic, sourceLine: String?, palette: Palette) -> String {
        var out = ""
        if let location = diagnostic.location {
            out += palette.paint("\(location):", .bold)
            out += " "
        }
        out += palette.paint("error:", .boldRed)
        out += " "
        out += palette.paint(diagnostic.message, .bold)
        out += "\n"
        if let location = diagnostic.location, let sourceLine {
            let text = trimmedLineEnd(sourceLine)
            let number = String(location.line)
            let gutter = String(repeating: " ", count: number.count + 1)
            out += palette.paint(" \(number) | ", .dim)
            out += text
            out += "\n"
            out += palette.paint("\(gutter) | ", .dim)
            out += palette.paint(caretLine(under: text, column: location.column), .boldGreen)
            out += "\n"
        }
        for note in diagnostic.notes {
            out += "  "
            out += palette.paint("note:", .cyan)
            out += " "
            out += note
            out += "\n"
        }
        return out
    }

    /// Spaces (and the line's own tabs) up to `column`, then `^`.
    static func caretLine(under line: String, column: Int) -> String {
        var caret = ""
        var remaining = max(column - 1, 0)
        for scalar in line.unicodeScalars {
            guard remaining > 0 else { break }
            caret += scalar == "\t" ? "\t" : " "
            remaining -= 1
        }
        if remaining > 0 {
            caret += String(repeating: " ", count: remaining)
        }
        return caret + "^"
    }

    private static func trimmedLineEnd(_ line: String) -> String {
        var text = Substring(line)
        while let last = text.unicodeScalars.last, last == "\n" || last == "\r" {
            text = text.dropLast()
        }
        return String(text)
    }
}
