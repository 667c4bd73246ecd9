/// One token of busctl source text, as the ``Lexer`` produces it for the
/// parser.
///
/// Words are not split into keywords here: whether `send` is a command, a
/// name, a field label or a member depends on where it stands, so the parser
/// decides (LANGUAGE.md §1).
struct Token: Sendable {
    /// What kind of token this is.
    enum Kind: Sendable, Equatable {
        /// A name or keyword: `[A-Za-z_][A-Za-z0-9_]*`.
        case word
        /// An integer literal; `text` holds its digits.
        case int
        /// A decimal literal; `text` holds it as written (`3.5`).
        case double
        /// A string literal; `pieces` holds its text and interpolations.
        case string
        case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
        case comma, dot, colon, semicolon, question
        case plus, minus, star, slash, percent
        case assign, plusAssign, minusAssign
        case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
        case coalesce
        /// The end of a line that ends a statement (newlines inside `( )` and
        /// `[ ]` are not reported; several in a row are reported once).
        case newline
        /// The end of the text (or of an interpolation's expression).
        case end
    }

    /// A piece of a string literal.
    enum StringPiece: Sendable {
        /// Text with its escapes already decoded.
        case text(String)
        /// `\( … )`: the scalar offsets of the expression between the
        /// parentheses, and the location of its first scalar.
        case interpolation(start: Int, end: Int, location: SourceLocation)
    }

    var kind: Kind
    /// The token as written (for a string, its source text with the quotes).
    var text: String
    /// The location of the token's first scalar.
    var location: SourceLocation
    /// Offset of the first scalar in the source.
    var start: Int
    /// Offset just after the last scalar in the source.
    var end: Int
    /// The pieces of a string literal; empty for other tokens.
    var pieces: [StringPiece] = []

    /// True when this token is the word `word`.
    @inline(__always)
    func isWord(_ word: String) -> Bool {
        kind == .word && text == word
    }

    /// True when a line that ends with this token goes on on the next line
    /// (an infix operator, `,`, `=`, `+=`, `-=` or `:`).
    ///
    /// `and`/`or` count unless they follow a `.` (`msg.or` is a member).
    func continuesLine(afterDot: Bool) -> Bool {
        switch kind {
        case .plus, .minus, .star, .slash, .percent,
             .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual,
             .coalesce, .comma, .assign, .plusAssign, .minusAssign, .colon:
            return true
        case .word:
            return !afterDot && (text == "and" || text == "or")
        default:
            return false
        }
    }

    /// How the token is named in an error message: "`+`", "end of line", …
    var description: String {
        switch kind {
        case .newline: return "end of line"
        case .end: return text.isEmpty ? "end of input" : "`\(text)`"
        case .string: return "string \(text)"
        default: return "`\(text)`"
        }
    }
}

/// The words of the language and their roles (LANGUAGE.md §1).
enum Words {
    /// Reserved everywhere: never a name (but a field, label or member may be
    /// any word).
    static let reserved: Set<String> = [
        "let", "if", "else", "for", "in", "while", "break", "continue", "return",
        "fail", "emit", "print", "crash", "dispatch", "assert", "fn",
        "true", "false", "nil", "and", "or", "not",
    ]

    /// Predefined names: they can be read but not bound.
    static let predefined: Set<String> = ["msg", "ctx", "message", "outbox", "last"]

    /// Keywords at the start of a top-level statement; names inside bodies.
    static let commands: Set<String> = [
        "command", "event", "handle", "on", "outbox", "begin", "commit", "rollback",
        "send", "batch", "step", "next", "run", "queue", "types", "show", "handlers",
        "vars", "remove", "set", "reset", "load", "save", "graph", "help", "quit",
        "exit", "expect",
    ]
}
