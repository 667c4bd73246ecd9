/// Turns busctl source text into ``Token``s, one at a time, for the parser
/// (LANGUAGE.md §1).
///
/// It works on an array of Unicode scalars with integer offsets, so lexing is
/// linear and columns count Unicode scalars. It drops comments and spaces,
/// reports a newline only where it can end a statement (not inside `( )` or
/// `[ ]`, and once for several blank lines), and remembers which brackets are
/// still open and whether the last token continues the line, so that the
/// REPL can tell an unfinished statement from a wrong one.
///
/// Strings are read whole: escapes are decoded, and each `\( … )` is recorded
/// as the offsets of its expression, which the parser reads with a lexer of
/// its own over that range.
struct Lexer {
    /// An opening `(`, `[` or `{` that is not closed yet.
    struct Opener: Sendable {
        var kind: Token.Kind
        var location: SourceLocation
    }

    /// The whole source text.
    let scalars: [Unicode.Scalar]
    let file: String
    /// True for the lexer of an interpolation's expression.
    let isInterpolation: Bool
    /// Where the next token starts (or the spaces before it).
    private(set) var position: Int
    /// The end of the range being read.
    private let limit: Int
    private var line: Int
    /// Offset of the first scalar of the current line (may be negative for
    /// an interpolation whose line started before the text it reads).
    private var lineStart: Int

    /// The brackets that are open at the current position, innermost last.
    private(set) var openBrackets: [Opener] = []
    /// The source range of the last token returned that is not a newline.
    private var lastTokenRange: Range<Int>?
    /// True when the last token returned that is not a newline goes on on
    /// the next line (an infix operator, `,`, `=`, `:` …).
    private(set) var lastTokenContinuesLine = false
    private var lastKind: Token.Kind?
    private var lastEndLine: Int
    private var lastEndColumn: Int

    /// A lexer for a whole text whose first line is numbered `firstLine`.
    init(source: String, file: String, firstLine: Int = 1) {
        self.scalars = Lexer.scalars(of: source)
        self.file = file
        self.isInterpolation = false
        // A byte order mark at the start is not part of the text.
        let start = scalars.first == "\u{FEFF}" ? 1 : 0
        self.position = start
        self.limit = scalars.count
        self.line = firstLine
        self.lineStart = start
        self.lastEndLine = firstLine
        self.lastEndColumn = 1
    }

    /// The text's scalars; an ASCII text's bytes are widened without decoding.
    private static func scalars(of source: String) -> [Unicode.Scalar] {
        var source = source
        source.makeContiguousUTF8()
        let ascii = source.utf8.withContiguousStorageIfAvailable { bytes -> [Unicode.Scalar]? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            return bytes.map { Unicode.Scalar($0) }
        }
        return (ascii ?? nil) ?? Array(source.unicodeScalars)
    }

    /// A lexer for the expression of an interpolation: the scalars in
    /// `start..<end` of `scalars`, the first of which is at `location`.
    init(scalars: [Unicode.Scalar], start: Int, end: Int, location: SourceLocation) {
        self.scalars = scalars
        self.file = location.file
        self.isInterpolation = true
        self.position = start
        self.limit = end
        self.line = location.line
        self.lineStart = start - (location.column - 1)
        self.lastEndLine = location.line
        self.lastEndColumn = location.column
    }

    // MARK: - Reading tokens

    /// Reads the next token; at the end it returns `.end` tokens forever.
    mutating func next() throws(Diagnostic) -> Token {
        while position < limit {
            let c = scalars[position]
            switch c {
            case " ", "\t", "\r":
                position += 1
            case "#":
                if isInterpolation {
                    throw Diagnostic("a comment cannot stand inside `\\( )`", at: location(of: position))
                }
                while position < limit, scalars[position] != "\n" { position += 1 }
            case "\n":
                let newlineLocation = location(of: position)
                position += 1
                line += 1
                lineStart = position
                let significant = openBrackets.last.map { $0.kind == .leftBrace } ?? true
                if significant, let lastKind, lastKind != .newline {
                    self.lastKind = .newline
                    return Token(kind: .newline, text: "\n", location: newlineLocation, start: position - 1, end: position)
                }
            default:
                return try readToken()
            }
        }
        if isInterpolation {
            // The `)` that closes the interpolation ends its expression.
            return Token(kind: .end, text: ")", location: location(of: limit), start: limit, end: limit)
        }
        let endLocation = SourceLocation(file: file, line: lastEndLine, column: lastEndColumn)
        return Token(kind: .end, text: "", location: endLocation, start: limit, end: limit)
    }

    /// Reads, after spaces, a raw word of hex digits and dashes (`1f3c`,
    /// `00000000-0000`) that runs up to a space, `;`, `#` or the end of the
    /// line, as `outbox show`/`outbox retry` take it. Returns nil and reads
    /// nothing when the next word is anything else.
    mutating func readHexWord() -> (word: String, location: SourceLocation, start: Int, end: Int)? {
        var start = position
        while start < limit, scalars[start] == " " || scalars[start] == "\t" || scalars[start] == "\r" {
            start += 1
        }
        var end = start
        var hasHexDigit = false
        while end < limit {
            let c = scalars[end]
            if c == " " || c == "\t" || c == "\r" || c == "\n" || c == ";" || c == "#" { break }
            if c.properties.isASCIIHexDigit {
                hasHexDigit = true
            } else if c != "-" {
                return nil
            }
            end += 1
        }
        guard hasHexDigit else { return nil }
        let word = asciiText(from: start, to: end)
        let wordLocation = location(of: start)
        position = end
        let token = Token(kind: .word, text: word, location: wordLocation, start: start, end: end)
        remember(token)
        return (word, wordLocation, start, end)
    }

    /// The text of the last token returned that is not a newline.
    var lastTokenText: String? {
        lastTokenRange.map { text(from: $0.lowerBound, to: $0.upperBound) }
    }

    /// The source text between two offsets.
    func text(from start: Int, to end: Int) -> String {
        let lower = max(start, 0)
        let upper = min(end, scalars.count)
        guard lower < upper else { return "" }
        let range = lower..<upper
        // Most texts are ASCII, which is copied without decoding.
        if scalars[range].allSatisfy(\.isASCII) { return asciiText(from: range.lowerBound, to: range.upperBound) }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range])
        return String(view)
    }

    /// The location of the scalar at `offset` (on the current line).
    private func location(of offset: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: offset - lineStart + 1)
    }

    private mutating func remember(_ token: Token) {
        lastTokenContinuesLine = token.continuesLine(afterDot: lastKind == .dot)
        lastKind = token.kind
        lastTokenRange = token.start..<token.end
        lastEndLine = line
        lastEndColumn = token.end - lineStart + 1
    }

    /// A token of `length` scalars at the current position, written `text`.
    private mutating func make(_ kind: Token.Kind, _ text: String, length: Int) -> Token {
        let start = position
        position += length
        let token = Token(kind: kind, text: text, location: location(of: start), start: start, end: position)
        remember(token)
        return token
    }

    /// The text between two offsets that hold only ASCII (names, numbers),
    /// built without decoding.
    private func asciiText(from start: Int, to end: Int) -> String {
        String(unsafeUninitializedCapacity: end - start) { buffer in
            for offset in start..<end {
                buffer[offset - start] = UInt8(truncatingIfNeeded: scalars[offset].value)
            }
            return end - start
        }
    }

    private func peekScalar(_ offset: Int = 1) -> Unicode.Scalar? {
        let index = position + offset
        return index < limit ? scalars[index] : nil
    }

    private mutating func readToken() throws(Diagnostic) -> Token {
        let c = scalars[position]
        if Self.isNameStart(c) { return readWord() }
        if Self.isDigit(c) { return try readNumber() }
        switch c {
        case "\"":
            return try readString()
        case "(":
            let token = make(.leftParen, "(", length: 1)
            openBrackets.append(Opener(kind: .leftParen, location: token.location))
            return token
        case "[":
            let token = make(.leftBracket, "[", length: 1)
            openBrackets.append(Opener(kind: .leftBracket, location: token.location))
            return token
        case "{":
            let token = make(.leftBrace, "{", length: 1)
            openBrackets.append(Opener(kind: .leftBrace, location: token.location))
            return token
        case ")":
            _ = openBrackets.popLast()
            return make(.rightParen, ")", length: 1)
        case "]":
            _ = openBrackets.popLast()
            return make(.rightBracket, "]", length: 1)
        case "}":
            _ = openBrackets.popLast()
            return make(.rightBrace, "}", length: 1)
        case ",": return make(.comma, ",", length: 1)
        case ".": return make(.dot, ".", length: 1)
        case ":": return make(.colon, ":", length: 1)
        case ";": return make(.semicolon, ";", length: 1)
        case "*": return make(.star, "*", length: 1)
        case "/": return make(.slash, "/", length: 1)
        case "%": return make(.percent, "%", length: 1)
        case "+": return peekScalar() == "=" ? make(.plusAssign, "+=", length: 2) : make(.plus, "+", length: 1)
        case "-": return peekScalar() == "=" ? make(.minusAssign, "-=", length: 2) : make(.minus, "-", length: 1)
        case "=": return peekScalar() == "=" ? make(.equal, "==", length: 2) : make(.assign, "=", length: 1)
        case "<": return peekScalar() == "=" ? make(.lessOrEqual, "<=", length: 2) : make(.less, "<", length: 1)
        case ">": return peekScalar() == "=" ? make(.greaterOrEqual, ">=", length: 2) : make(.greater, ">", length: 1)
        case "?": return peekScalar() == "?" ? make(.coalesce, "??", length: 2) : make(.question, "?", length: 1)
        case "!":
            if peekScalar() == "=" { return make(.notEqual, "!=", length: 2) }
            throw Diagnostic("unexpected `!`; write `not` for negation, `!=` for inequality", at: location(of: position))
        case "&":
            throw Diagnostic("unexpected `&`; write `and`", at: location(of: position))
        case "|":
            throw Diagnostic("unexpected `|`; write `or`", at: location(of: position))
        case "'":
            throw Diagnostic("unexpected `'`; strings use double quotes: \"text\"", at: location(of: position))
        default:
            let shown = c.properties.isWhitespace || c.value < 0x20 ? "U+\(String(c.value, radix: 16, uppercase: true))" : String(c)
            throw Diagnostic("unexpected character `\(shown)`; names use only A–Z, a–z, 0–9 and `_`", at: location(of: position))
        }
    }

    private mutating func readWord() -> Token {
        var end = position + 1
        while end < limit, Self.isNameContinue(scalars[end]) { end += 1 }
        return make(.word, asciiText(from: position, to: end), length: end - position)
    }

    private mutating func readNumber() throws(Diagnostic) -> Token {
        var end = position
        while end < limit, Self.isDigit(scalars[end]) { end += 1 }
        var kind = Token.Kind.int
        if end + 1 < limit, scalars[end] == ".", Self.isDigit(scalars[end + 1]) {
            kind = .double
            end += 1
            while end < limit, Self.isDigit(scalars[end]) { end += 1 }
        }
        if end < limit, Self.isNameContinue(scalars[end]) {
            var wordEnd = end
            while wordEnd < limit, Self.isNameContinue(scalars[wordEnd]) { wordEnd += 1 }
            let written = text(from: position, to: wordEnd)
            throw Diagnostic("`\(written)` is not a number, and a name cannot start with a digit", at: location(of: position))
        }
        return make(kind, asciiText(from: position, to: end), length: end - position)
    }

    // MARK: - Strings

    private func unterminated(_ start: Int) -> Diagnostic {
        Diagnostic("unterminated string: a string ends with `\"` on the line where it starts", at: location(of: start))
    }

    private mutating func readString() throws(Diagnostic) -> Token {
        if let token = readPlainString() { return token }
        let start = position
        var pieces: [Token.StringPiece] = []
        var text = String.UnicodeScalarView()
        var p = position + 1
        while true {
            guard p < limit, scalars[p] != "\n" else { throw unterminated(start) }
            let c = scalars[p]
            if c == "\"" {
                p += 1
                break
            }
            guard c == "\\" else {
                text.append(c)
                p += 1
                continue
            }
            guard p + 1 < limit, scalars[p + 1] != "\n" else { throw unterminated(start) }
            switch scalars[p + 1] {
            case "n": text.append("\n")
            case "t": text.append("\t")
            case "\"": text.append("\"")
            case "\\": text.append("\\")
            case "r": text.append("\r")
            case "u":
                // `\u{1F600}`: any Unicode scalar by its hex code, so that every
                // String a script can hold has a literal that reads back.
                var q = p + 2
                var hex = ""
                if q < limit, scalars[q] == "{" {
                    q += 1
                    while q < limit, scalars[q] != "}", scalars[q] != "\"", scalars[q] != "\n", hex.count <= 8 {
                        hex.unicodeScalars.append(scalars[q])
                        q += 1
                    }
                }
                guard q < limit, scalars[q] == "}", !hex.isEmpty, let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
                    throw Diagnostic("bad escape: write a Unicode scalar as `\\u{E9}` (1 to 8 hex digits)", at: location(of: p))
                }
                text.append(scalar)
                p = q + 1
                continue
            case "(":
                if !text.isEmpty {
                    pieces.append(.text(String(text)))
                    text = String.UnicodeScalarView()
                }
                let expressionStart = p + 2
                let close = try matchingParenthesis(from: expressionStart, stringStart: start)
                pieces.append(.interpolation(start: expressionStart, end: close, location: location(of: expressionStart)))
                p = close + 1
                continue
            default:
                let escape = self.text(from: p, to: p + 2)
                throw Diagnostic("unknown escape `\(escape)` in a string; use \\n, \\t, \\r, \\\", \\\\, \\u{E9} or \\( )", at: location(of: p))
            }
            p += 2
        }
        if !text.isEmpty || pieces.isEmpty {
            pieces.append(.text(String(text)))
        }
        let token = Token(kind: .string, text: self.text(from: start, to: p), location: location(of: start), start: start, end: p, pieces: pieces)
        position = p
        remember(token)
        return token
    }

    /// A string of ASCII without escapes (most strings), read without
    /// decoding; nil, having read nothing, for any other string.
    private mutating func readPlainString() -> Token? {
        let start = position
        var p = position + 1
        while p < limit {
            let c = scalars[p]
            if c == "\"" { break }
            guard c.isASCII, c != "\\", c != "\n" else { return nil }
            p += 1
        }
        guard p < limit else { return nil }
        let token = Token(kind: .string, text: asciiText(from: start, to: p + 1), location: location(of: start),
                          start: start, end: p + 1, pieces: [.text(asciiText(from: start + 1, to: p))])
        position = p + 1
        remember(token)
        return token
    }

    /// The offset of the `)` that closes the interpolation whose expression
    /// starts at `from`, skipping nested strings and their interpolations
    /// (without recursion, so any depth is safe).
    private func matchingParenthesis(from: Int, stringStart: Int) throws(Diagnostic) -> Int {
        // Each entry is a nesting level: -1 inside a string, otherwise inside
        // code with that many open parentheses.
        var levels: [Int] = [0]
        var p = from
        while true {
            guard p < limit, scalars[p] != "\n", let top = levels.last else { throw unterminated(stringStart) }
            let c = scalars[p]
            if top < 0 {
                if c == "\"" {
                    levels.removeLast()
                } else if c == "\\" {
                    guard p + 1 < limit, scalars[p + 1] != "\n" else { throw unterminated(stringStart) }
                    if scalars[p + 1] == "(" { levels.append(0) }
                    p += 1
                }
            } else if c == "\"" {
                levels.append(-1)
            } else if c == "(" {
                levels[levels.count - 1] = top + 1
            } else if c == ")" {
                if top == 0 {
                    levels.removeLast()
                    if levels.isEmpty { return p }
                } else {
                    levels[levels.count - 1] = top - 1
                }
            }
            p += 1
        }
    }

    // MARK: - Characters

    static func isNameStart(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
    }

    static func isNameContinue(_ c: Unicode.Scalar) -> Bool {
        isNameStart(c) || isDigit(c)
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool {
        c >= "0" && c <= "9"
    }
}
