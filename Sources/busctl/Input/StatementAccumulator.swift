import BusScript

/// Groups input lines into complete statements: lines are collected until
/// `Session.needsMoreInput` says the text is closed (no open block, bracket
/// or trailing operator), then handed out with the number of their first
/// line, so that positions count lines across entries (`<stdin>:12:3`).
struct StatementAccumulator {
    /// The lines collected so far, joined with newlines.
    private(set) var pending = ""
    /// The line number of the first pending line.
    private(set) var pendingFirstLine: Int
    /// The line number the next line will get.
    private(set) var nextLine: Int
    /// Whether blank lines between statements advance the line count
    /// (piped input: positions match the input) or not (the REPL: only
    /// entries that run count).
    let countsBlankLines: Bool

    /// A complete piece of source and the number of its first line.
    struct Entry: Equatable {
        var text: String
        var firstLine: Int
    }

    /// - Parameters:
    ///   - firstLine: the number of the first line.
    ///   - countsBlankLines: see `countsBlankLines`.
    init(firstLine: Int = 1, countsBlankLines: Bool) {
        pendingFirstLine = firstLine
        nextLine = firstLine
        self.countsBlankLines = countsBlankLines
    }

    /// True when no statement is open.
    var isEmpty: Bool { pending.isEmpty }

    /// Adds one line (a line recalled from history may hold several).
    /// Returns the finished entry when the text is complete, nil when more
    /// lines are needed.
    mutating func add(_ line: String) -> Entry? {
        let lineCount = 1 + line.utf8.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        if pending.isEmpty {
            if line.allSatisfy(\.isWhitespace) {
                if countsBlankLines { nextLine += lineCount }
                return nil
            }
            pendingFirstLine = nextLine
            pending = line
        } else {
            pending += "\n"
            pending += line
        }
        nextLine += lineCount
        guard !Session.needsMoreInput(pending) else { return nil }
        return take()
    }

    /// Drops the open statement (Ctrl-C); its lines are not counted.
    mutating func discard() {
        guard !pending.isEmpty else { return }
        if !countsBlankLines { nextLine = pendingFirstLine }
        pending = ""
    }

    /// The open statement, complete or not, at the end of the input.
    mutating func takeRest() -> Entry? {
        pending.isEmpty ? nil : take()
    }

    private mutating func take() -> Entry {
        let entry = Entry(text: pending, firstLine: pendingFirstLine)
        pending = ""
        return entry
    }
}
