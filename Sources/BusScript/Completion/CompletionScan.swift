/// The text before the cursor, read the forgiving way completion needs:
/// unfinished strings, open brackets and half-typed words are the normal
/// case here, not errors.
///
/// It splits the text into rough tokens, takes off the word being typed,
/// and follows brackets and statement ends so that ``Completer`` knows
/// which statement the cursor is in, what stands before it, and whether it
/// is inside a handler body or a message's parentheses.
struct CompletionScan {
    /// A rough token.
    struct Token {
        enum Kind: Equatable {
            case word, number, string, newline
            /// `(`, `[`, `{`, `)`, `]`, `}`, `,`, `:`, `;`, `.`.
            case punctuation(Unicode.Scalar)
            /// A run of operator characters (`=`, `+=`, `==`, `--`, …).
            case symbol
        }

        var kind: Kind
        var text: String
        /// Scalar offsets in the scanned text.
        var start: Int
        var end: Int

        func isWord(_ word: String) -> Bool { kind == .word && text == word }
        func isPunctuation(_ scalar: Unicode.Scalar) -> Bool { kind == .punctuation(scalar) }
    }

    /// An open bracket or brace around the cursor.
    struct Opener {
        var scalar: Unicode.Scalar
        /// Its index in `tokens`.
        var index: Int
        /// For `{`: the statement it belongs to, when that statement
        /// defines a handler or function (`handle`, `on`, `outbox handler`,
        /// `fn`): then the block is a body, where command words are names.
        var body: Body?
    }

    /// A handler or function body the cursor is in.
    struct Body {
        /// `handle`, `on`, `outbox` or `fn`.
        var keyword: String
        /// The handled type (`handle T`, `on T`).
        var typeName: String?
    }

    /// The scalars scanned.
    let scalars: [Unicode.Scalar]
    /// The complete tokens before the word being typed.
    private(set) var tokens: [Token] = []
    /// The word being typed (letters, digits, `_`) right before the cursor.
    private(set) var word = ""
    /// The text of a string that is still open at the cursor.
    private(set) var openString: String?
    /// True when the cursor is in a comment or inside `\( … )`: nothing to
    /// complete there.
    private(set) var isOpaque = false
    /// The brackets and braces open at the cursor, innermost last.
    private(set) var openers: [Opener] = []
    /// The index in `tokens` where the statement around the cursor starts.
    private(set) var statementStart = 0

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        tokenize()
        if openString == nil, !isOpaque, let last = tokens.last, last.end == scalars.count, last.kind == .word || last.kind == .number {
            word = last.text
            tokens.removeLast()
        }
        followStructure()
    }

    /// The tokens of the statement around the cursor, before the word
    /// being typed.
    var statement: ArraySlice<Token> { tokens[statementStart...] }

    /// The innermost handler or function body around the cursor.
    var body: Body? { openers.last { $0.body != nil }?.body }

    /// The text from just after the token at `index` to the cursor.
    func text(after index: Int) -> String {
        let start = index < tokens.count ? tokens[index].end : 0
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start...])
        return String(view)
    }

    // MARK: - Tokens

    private mutating func tokenize() {
        var i = 0
        let n = scalars.count
        while i < n {
            let c = scalars[i]
            switch c {
            case " ", "\t", "\r":
                i += 1
            case "\n":
                tokens.append(Token(kind: .newline, text: "\n", start: i, end: i + 1))
                i += 1
            case "#":
                while i < n, scalars[i] != "\n" { i += 1 }
                if i == n { isOpaque = true }
            case "\"":
                guard let end = readString(from: i) else { return }
                i = end
            case "(", ")", "[", "]", "{", "}", ",", ":", ";", ".":
                tokens.append(Token(kind: .punctuation(c), text: String(c), start: i, end: i + 1))
                i += 1
            default:
                let start = i
                let kind: Token.Kind
                if CompletionScan.isWordStart(c) {
                    while i < n, CompletionScan.isWordPart(scalars[i]) { i += 1 }
                    kind = .word
                } else if ("0"..."9").contains(c) {
                    while i < n, CompletionScan.isWordPart(scalars[i]) || (scalars[i] == "." && i + 1 < n && ("0"..."9").contains(scalars[i + 1])) { i += 1 }
                    kind = .number
                } else {
                    while i < n, CompletionScan.isSymbol(scalars[i]) { i += 1 }
                    if i == start { i += 1 }
                    kind = .symbol
                }
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[start..<i])
                tokens.append(Token(kind: kind, text: String(view), start: start, end: i))
            }
        }
    }

    /// Reads the string that starts at `start`; returns the offset after it,
    /// or nil when it is still open at the end of the text (then
    /// `openString` or `isOpaque` is set).
    private mutating func readString(from start: Int) -> Int? {
        let n = scalars.count
        var content = String.UnicodeScalarView()
        var i = start + 1
        while i < n {
            let c = scalars[i]
            if c == "\"" {
                tokens.append(Token(kind: .string, text: String(content), start: start, end: i + 1))
                return i + 1
            }
            if c == "\n" {
                // Strings do not span lines: the parser reports it; here the
                // string simply ends.
                tokens.append(Token(kind: .string, text: String(content), start: start, end: i))
                return i
            }
            if c == "\\", i + 1 < n {
                if scalars[i + 1] == "(" {
                    var depth = 1
                    i += 2
                    while i < n, depth > 0 {
                        if scalars[i] == "(" { depth += 1 } else if scalars[i] == ")" { depth -= 1 }
                        i += 1
                    }
                    if depth > 0 {
                        isOpaque = true
                        return nil
                    }
                    continue
                }
                content.append(scalars[i + 1])
                i += 2
                continue
            }
            content.append(c)
            i += 1
        }
        openString = String(content)
        return nil
    }

    static func isWordStart(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_"
    }

    static func isWordPart(_ c: Unicode.Scalar) -> Bool {
        isWordStart(c) || ("0"..."9").contains(c)
    }

    private static func isSymbol(_ c: Unicode.Scalar) -> Bool {
        "=+-*/%<>!?&|".unicodeScalars.contains(c)
    }

    // MARK: - Structure

    /// Follows brackets and statement ends up to the cursor.
    private mutating func followStructure() {
        for (index, token) in tokens.enumerated() {
            switch token.kind {
            case .punctuation("("), .punctuation("["):
                openers.append(Opener(scalar: token.kind == .punctuation("(") ? "(" : "[", index: index, body: nil))
            case .punctuation("{"):
                openers.append(Opener(scalar: "{", index: index, body: bodyOpened(at: index)))
                statementStart = index + 1
            case .punctuation(")"), .punctuation("]"):
                if let last = openers.last, last.scalar != "{" { openers.removeLast() }
            case .punctuation("}"):
                while let last = openers.popLast(), last.scalar != "{" {}
                statementStart = index + 1
            case .punctuation(";"):
                if !isInsideBrackets { statementStart = index + 1 }
            case .newline:
                if !isInsideBrackets, !continuesLine(before: index) { statementStart = index + 1 }
            default:
                break
            }
        }
        // A statement that has not started yet begins after blank lines.
        while statementStart < tokens.count, tokens[statementStart].kind == .newline { statementStart += 1 }
    }

    private var isInsideBrackets: Bool {
        guard let last = openers.last else { return false }
        return last.scalar != "{"
    }

    /// True when the token before the newline at `index` carries the
    /// statement on to the next line (an operator, `,`, `=`, `:`, `and`, `or`).
    private func continuesLine(before index: Int) -> Bool {
        guard index > 0 else { return false }
        let previous = tokens[index - 1]
        switch previous.kind {
        case .symbol, .punctuation(","), .punctuation(":"):
            return true
        case .word:
            let afterDot = index > 1 && tokens[index - 2].isPunctuation(".")
            return !afterDot && (previous.text == "and" || previous.text == "or")
        default:
            return false
        }
    }

    /// What the `{` at `index` opens, when its statement defines a handler
    /// or a function.
    private func bodyOpened(at index: Int) -> Body? {
        let words = tokens[statementStart..<index]
        guard let first = words.first, first.kind == .word else { return nil }
        let second = words.dropFirst().first
        switch first.text {
        case "handle", "on":
            return Body(keyword: first.text, typeName: second?.kind == .word ? second?.text : nil)
        case "outbox":
            return second?.isWord("handler") == true ? Body(keyword: "outbox", typeName: nil) : nil
        case "fn":
            return Body(keyword: "fn", typeName: nil)
        default:
            return nil
        }
    }
}
