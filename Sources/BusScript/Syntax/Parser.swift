/// Reads busctl source text into a ``Program`` (LANGUAGE.md §1–§12).
///
/// A text is parsed in full before anything runs; the first error is thrown
/// as a ``Diagnostic`` with the location of the offending token, so one typo
/// gives one message.
///
/// ```swift
/// let program = try Parser.parse("send PlaceOrder(order_id: 1)", file: "<-e>")
/// ```
///
/// ## Topics
/// - ``parse(_:file:firstLine:)``
/// - ``needsMoreInput(_:)``
public enum Parser {
    /// The deepest nesting of blocks, brackets, parentheses and operators
    /// the parser accepts (LANGUAGE.md §4, Limits).
    public static let maximumNesting = 256

    /// Parses a whole text.
    ///
    /// - Parameters:
    ///   - source: the text.
    ///   - file: the name used in locations (`shop.bus`, `<stdin>`, `<-e>`).
    ///   - firstLine: the number of the text's first line (the REPL counts
    ///     lines across entries).
    /// - Throws: the first error, as a ``Diagnostic`` with its location. When
    ///   the text ended while a statement was still open (an unclosed `{`,
    ///   `(` or `[`, or a last line ending in an infix operator, `,`, `=` or
    ///   `:`), the diagnostic has `isIncompleteInput` set.
    public static func parse(_ source: String, file: String, firstLine: Int = 1) throws(Diagnostic) -> Program {
        var parser = try TokenParser(lexer: Lexer(source: source, file: file, firstLine: firstLine), depth: 0)
        return try parser.parseProgram()
    }

    /// True when the text ends inside an open statement: an unclosed `{`, `(`
    /// or `[`, or a last non-comment line ending in an infix operator, `,`,
    /// `=` or `:`. The REPL then reads another line.
    ///
    /// A text with a lexical error (an unterminated string, say) is not
    /// incomplete: its error is reported at once.
    public static func needsMoreInput(_ source: String) -> Bool {
        var lexer = Lexer(source: source, file: "")
        do {
            while try lexer.next().kind != .end {}
        } catch {
            return false
        }
        return !lexer.openBrackets.isEmpty || lexer.lastTokenContinuesLine
    }
}

/// Where a statement stands, which decides what its first word means.
enum StatementPlace {
    /// Directly at the top level: definitions and command words allowed.
    case top
    /// In a block of top-level code (`if`, `for`, `while`): command words
    /// allowed, definitions not.
    case topBlock
    /// In a handler or function body: command words are ordinary names.
    case body

    var isTopLevelCode: Bool { self != .body }

    /// The place of the statements of a block that stands here.
    var inner: StatementPlace { self == .body ? .body : .topBlock }
}

/// The recursive-descent parser behind ``Parser``: a token stream with one
/// current token and a little lookahead, plus the nesting depth.
///
/// Its methods live in extensions by concern: statements, expressions,
/// definitions, and the top-level command words.
struct TokenParser {
    var lexer: Lexer
    /// The token being looked at.
    var current: Token
    /// Tokens read after `current`, in order.
    var lookahead: [Token] = []
    /// The offset just after the last token consumed.
    var previousEnd = 0
    /// The current nesting of blocks, brackets, parentheses and operators.
    var depth: Int

    init(lexer: Lexer, depth: Int) throws(Diagnostic) {
        self.lexer = lexer
        self.depth = depth
        self.current = try self.lexer.next()
    }

    // MARK: - Tokens

    /// Consumes the current token and returns it.
    @discardableResult
    mutating func advance() throws(Diagnostic) -> Token {
        let token = current
        previousEnd = token.end
        if lookahead.isEmpty {
            current = try lexer.next()
        } else {
            current = lookahead.removeFirst()
        }
        return token
    }

    /// The token `distance` places after the current one.
    mutating func peek(_ distance: Int = 1) throws(Diagnostic) -> Token {
        while lookahead.count < distance {
            lookahead.append(try lexer.next())
        }
        return lookahead[distance - 1]
    }

    /// Consumes a token of the given kind, or throws "unexpected …; expected …".
    @discardableResult
    mutating func expect(_ kind: Token.Kind, _ expected: String) throws(Diagnostic) -> Token {
        guard current.kind == kind else { throw unexpected(expected: expected) }
        return try advance()
    }

    /// True when the current token ends a statement.
    var atStatementEnd: Bool {
        switch current.kind {
        case .newline, .semicolon, .rightBrace, .end: true
        default: false
        }
    }

    mutating func skipNewlines() throws(Diagnostic) {
        while current.kind == .newline { try advance() }
    }

    /// The source text from `start` to the end of the last consumed token.
    func sourceText(from start: Int) -> String {
        lexer.text(from: start, to: previousEnd)
    }

    // MARK: - Nesting

    /// Counts one more level of nesting; throws past ``Parser/maximumNesting``.
    mutating func enter(_ token: Token) throws(Diagnostic) {
        depth += 1
        if depth > Parser.maximumNesting {
            throw Diagnostic("nesting too deep: more than \(Parser.maximumNesting) levels of blocks, brackets or operators; split it into smaller pieces", at: token.location)
        }
    }

    mutating func leave() {
        depth -= 1
    }

    // MARK: - Errors

    /// An error at `token`. At the end of the text, when a bracket is still
    /// open or the last line ends in an operator, the error says so and is
    /// marked as incomplete input (the REPL then reads another line).
    func error(_ message: String, at token: Token) -> Diagnostic {
        guard token.kind == .end, !lexer.isInterpolation else {
            return Diagnostic(message, at: token.location)
        }
        if let opener = lexer.openBrackets.last {
            let bracket = switch opener.kind {
            case .leftParen: "("
            case .leftBracket: "["
            default: "{"
            }
            return Diagnostic(
                "unexpected end of input: `\(bracket)` at \(opener.location.line):\(opener.location.column) is not closed",
                at: token.location, isIncompleteInput: true)
        }
        if lexer.lastTokenContinuesLine, let last = lexer.lastToken {
            return Diagnostic("unexpected end of input after `\(last.text)`; the statement goes on on the next line", at: token.location, isIncompleteInput: true)
        }
        return Diagnostic(message, at: token.location)
    }

    /// "unexpected `X`; expected …" at the current token.
    func unexpected(expected: String) -> Diagnostic {
        error("unexpected \(current.description); expected \(expected)", at: current)
    }

    /// Describes the current token for messages that name it.
    static func quoted(_ text: String) -> String { "`\(text)`" }
}
