import BusScript
import CEditLine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tab in the line editor: asks the session what the word before the cursor
/// can become (``Session/completions(for:cursor:entry:)``, where the logic
/// lives) and edits the line.
///
/// - one candidate, or several sharing more than what is typed: the word is
///   replaced by it (`send Pla` → `send PlaceOrder(`);
/// - several and nothing more to insert: the first Tab beeps, a second Tab
///   on the same line lists them in columns below the line;
/// - nothing: a beep.
final class TabCompletion {
    /// Computes the completion for the line and the cursor (in Unicode
    /// scalars); set by the REPL before each line is read.
    var provider: ((_ line: String, _ cursor: Int) -> Completion)?
    /// The line and cursor of the last Tab that could not insert anything.
    private var pendingListing: (line: String, cursor: Int)?

    /// Handles one Tab in `editor`; returns libedit's CC_* code.
    func complete(_ editor: OpaquePointer) -> UInt8 {
        guard let provider, let info = el_line(editor),
              let start = UnsafeRawPointer(info.pointee.buffer),
              let cursorPointer = UnsafeRawPointer(info.pointee.cursor),
              let endPointer = UnsafeRawPointer(info.pointee.lastchar) else { return UInt8(CC_REFRESH_BEEP) }
        let cursorOffset = cursorPointer - start
        let endOffset = endPointer - start
        guard cursorOffset >= 0, endOffset >= cursorOffset else { return UInt8(CC_REFRESH_BEEP) }
        let bytes = start.assumingMemoryBound(to: UInt8.self)
        let before = String(decoding: UnsafeBufferPointer(start: bytes, count: cursorOffset), as: UTF8.self)
        let line = String(decoding: UnsafeBufferPointer(start: bytes, count: endOffset), as: UTF8.self)
        let cursor = before.unicodeScalars.count

        let completion = provider(line, cursor)
        guard !completion.isEmpty else {
            pendingListing = nil
            return UInt8(CC_REFRESH_BEEP)
        }
        let typed = String(String.UnicodeScalarView(before.unicodeScalars.suffix(completion.replacedLength)))
        let common = completion.commonText
        if common != typed, common.unicodeScalars.count >= typed.unicodeScalars.count {
            pendingListing = nil
            el_deletestr(editor, Int32(completion.replacedLength))
            _ = el_insertstr(editor, common)
            if completion.candidates.count > 1 {
                // Still ambiguous: the very next Tab lists the candidates.
                var newBefore = String.UnicodeScalarView(before.unicodeScalars.dropLast(completion.replacedLength))
                newBefore.append(contentsOf: common.unicodeScalars)
                let after = String.UnicodeScalarView(line.unicodeScalars.dropFirst(cursor))
                pendingListing = (String(newBefore) + String(after), newBefore.count)
            }
            return UInt8(CC_REFRESH)
        }
        guard completion.candidates.count > 1 else {
            pendingListing = nil
            return UInt8(CC_REFRESH_BEEP)
        }
        if let pending = pendingListing, pending.line == line, pending.cursor == cursor {
            pendingListing = nil
            list(completion.candidates.map { $0.label })
            return UInt8(CC_REDISPLAY)
        }
        pendingListing = (line, cursor)
        return UInt8(CC_REFRESH_BEEP)
    }

    /// Writes `labels` in columns under the line being edited.
    private func list(_ labels: [String]) {
        let width = TerminalWidth.columns(of: 1, environment: [:]) ?? 80
        let text = "\n" + TabCompletion.columns(labels, width: width).joined(separator: "\n") + "\n"
        let channel = OutputChannel(fileDescriptor: 1)
        channel.write(text)
        channel.flush()
    }

    /// `labels` in as many columns as fit `width`, filled down the columns
    /// first (as shells list completions).
    static func columns(_ labels: [String], width: Int) -> [String] {
        guard let widest = labels.map(\.count).max() else { return [] }
        let columnWidth = widest + 2
        let columnCount = max(1, min(labels.count, (width + 2) / columnWidth))
        let rowCount = (labels.count + columnCount - 1) / columnCount
        var rows: [String] = []
        for row in 0..<rowCount {
            var text = ""
            for column in 0..<columnCount {
                let index = column * rowCount + row
                guard index < labels.count else { break }
                let label = labels[index]
                let isLast = column == columnCount - 1 || (column + 1) * rowCount + row >= labels.count
                text += isLast ? label : label + String(repeating: " ", count: columnWidth - label.count)
            }
            rows.append(text)
        }
        return rows
    }
}
