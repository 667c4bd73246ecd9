/// A text's top-level statements as written, each with the comments before
/// it: what busctl's presenter mode (`busctl --present FILE`) shows one at a
/// time.
public struct ProgramOutline: Sendable, Equatable {
    /// The top-level statements, in order.
    public var statements: [StatementOutline]
    /// The comment lines after the last statement (the closing words of a
    /// lesson), as ``StatementOutline/comments`` are given.
    public var closingComments: [String]

    public init(statements: [StatementOutline], closingComments: [String]) {
        self.statements = statements
        self.closingComments = closingComments
    }
}

/// One top-level statement as written.
public struct StatementOutline: Sendable, Equatable {
    /// The statement from its first token to its last, exactly as written
    /// (later lines keep their indentation; comments inside blocks stay).
    public var text: String
    /// Where its first token stands.
    public var location: SourceLocation
    /// The comment lines between the previous statement and this one, `#`
    /// included and trimmed of spaces, in order. A blank line between two
    /// comment paragraphs is kept as `""`; blank lines before the first and
    /// after the last comment are not. Empty when no comment precedes it.
    public var comments: [String]
    /// A comment on the statement's last line, after it (`commit  # or:
    /// rollback`), `#` included; nil when there is none.
    public var trailingComment: String?

    public init(text: String, location: SourceLocation, comments: [String], trailingComment: String?) {
        self.text = text
        self.location = location
        self.comments = comments
        self.trailingComment = trailingComment
    }
}

extension Parser {
    /// Parses a whole text and returns its top-level statements with their
    /// source text and the comments before each.
    ///
    /// Running each ``StatementOutline/text`` on its own, in order, does what
    /// running the whole text does (each is a complete top-level statement).
    ///
    /// - Throws: the first syntax error, as ``parse(_:file:firstLine:)`` does.
    public static func outline(_ source: String, file: String, firstLine: Int = 1) throws(Diagnostic) -> ProgramOutline {
        do {
            let parser = try TokenParser(lexer: Lexer(source: source, file: file, firstLine: firstLine), depth: 0)
            return try parser.parseOutline()
        } catch let diagnostic as Diagnostic {
            throw diagnostic
        } catch {
            throw Diagnostic("\(error)", at: nil)
        }
    }
}

extension TokenParser {
    /// The loop of `parseProgram`, recording where each statement starts
    /// and ends; the gaps between statements hold only spaces, newlines,
    /// `;` and comments.
    func parseOutline() throws -> ProgramOutline {
        var ranges: [(start: Int, end: Int, location: SourceLocation)] = []
        while true {
            try skipSeparators()
            if current.kind == .end { break }
            if current.kind == .rightBrace {
                throw error("unexpected `}`; there is no open block to close")
            }
            let start = current.start
            let location = current.location
            _ = try parseStatement(.top)
            ranges.append((start, previousEnd, location))
            try expectStatementEnd()
        }
        let scalars = lexer.scalars
        let bodyStart = scalars.first == "\u{FEFF}" ? 1 : 0
        var statements: [StatementOutline] = []
        var gapStart = bodyStart
        var previousIndex: Int?
        for range in ranges {
            let gap = Self.comments(in: lexer.text(from: gapStart, to: range.start), afterStatement: previousIndex != nil)
            if let previousIndex { statements[previousIndex].trailingComment = gap.trailing }
            statements.append(StatementOutline(
                text: lexer.text(from: range.start, to: range.end),
                location: range.location,
                comments: gap.lines,
                trailingComment: nil))
            previousIndex = statements.count - 1
            gapStart = range.end
        }
        let closing = Self.comments(in: lexer.text(from: gapStart, to: scalars.count), afterStatement: previousIndex != nil)
        if let previousIndex { statements[previousIndex].trailingComment = closing.trailing }
        return ProgramOutline(statements: statements, closingComments: closing.lines)
    }

    /// The comments of a gap between statements: the one on the line the
    /// previous statement ends on (when there is a previous statement), and
    /// the comment lines after it, blank lines between them kept as "".
    static func comments(in gap: String, afterStatement: Bool) -> (trailing: String?, lines: [String]) {
        var lines = gap.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var trailing: String?
        if afterStatement, !lines.isEmpty {
            let first = lines.removeFirst()
            if let hash = first.firstIndex(of: "#") {
                trailing = String(first[hash...]).trimmingTrailingSpaces()
            }
        }
        var comments: [String] = []
        for line in lines {
            // A gap line holds spaces, `;` and at most one comment.
            if let hash = line.firstIndex(of: "#") {
                comments.append(String(line[hash...]).trimmingTrailingSpaces())
            } else if let last = comments.last, last != "" {
                comments.append("")
            }
        }
        while comments.last == "" { comments.removeLast() }
        return (trailing, comments)
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var scalars = unicodeScalars[...]
        while let last = scalars.last, last == " " || last == "\t" || last == "\r" { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
