#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

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
        do {
            let parser = try TokenParser(lexer: Lexer(source: source, file: file, firstLine: firstLine), depth: 0)
            return try parser.parseProgram()
        } catch let diagnostic as Diagnostic {
            throw diagnostic
        } catch {
            // The parser throws only diagnostics.
            throw Diagnostic("\(error)", at: nil)
        }
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
///
/// Nesting is limited to 256 levels, and each level must take little stack
/// for that to be safe on any thread, in debug builds too. Hence a class (a
/// method call on a large struct copies it into the caller's frame in a
/// debug build) and untyped `throws` (a typed throw of a large error type
/// reserves room for the error at every call site); the methods throw only
/// ``Diagnostic``s.
final class TokenParser {
    // `@exclusivity(unchecked)`: the parser's own methods are the only users
    // of these properties and never hold two accesses to one at once; the
    // runtime checks of a class's properties were ~3% of busctl's S1.
    @exclusivity(unchecked)
    var lexer: Lexer
    /// The token being looked at.
    @exclusivity(unchecked)
    var current: Token
    /// Tokens read after `current`, in order.
    @exclusivity(unchecked)
    var lookahead: [Token] = []
    /// The offset just after the last token consumed.
    @exclusivity(unchecked)
    var previousEnd = 0
    /// The current nesting of blocks, brackets, parentheses and operators.
    @exclusivity(unchecked)
    var depth: Int
    /// The end of the thread's stack, looked up once nesting gets deep
    /// (looking it up can cost a tenth of a millisecond).
    private(set) var stack: StackLimit.Lookup

    init(lexer: Lexer, depth: Int, stack: StackLimit.Lookup = .notYet) throws {
        var lexer = lexer
        self.current = try lexer.next()
        self.lexer = lexer
        self.depth = depth
        self.stack = stack
    }

    /// Everything that reading tokens changes, to go back after a look ahead.
    struct Snapshot {
        fileprivate var lexer: Lexer
        fileprivate var current: Token
        fileprivate var lookahead: [Token]
        fileprivate var previousEnd: Int
        fileprivate var depth: Int
    }

    func snapshot() -> Snapshot {
        Snapshot(lexer: lexer, current: current, lookahead: lookahead, previousEnd: previousEnd, depth: depth)
    }

    func restore(_ snapshot: Snapshot) {
        lexer = snapshot.lexer
        current = snapshot.current
        lookahead = snapshot.lookahead
        previousEnd = snapshot.previousEnd
        depth = snapshot.depth
    }

    // MARK: - Tokens

    /// Consumes the current token and returns it.
    @discardableResult
    func advance() throws -> Token {
        let token = current
        try skip()
        return token
    }

    /// Consumes the current token.
    ///
    /// Recursive paths use this rather than ``advance()`` so that no token is
    /// kept in their stack frames: nesting is limited to 256 levels, but each
    /// level must stay small for that to fit any thread's stack.
    @inline(never)
    func skip() throws {
        previousEnd = current.end
        if lookahead.isEmpty {
            current = try lexer.next()
        } else {
            current = lookahead.removeFirst()
        }
    }

    /// The token `distance` places after the current one.
    @inline(never)
    func peek(_ distance: Int = 1) throws -> Token {
        while lookahead.count < distance {
            lookahead.append(try lexer.next())
        }
        return lookahead[distance - 1]
    }

    /// The kind of the token after the current one.
    @inline(never)
    func peekKind() throws -> Token.Kind {
        // Only the kind: copying the whole token costs its retains.
        if lookahead.isEmpty { lookahead.append(try lexer.next()) }
        return lookahead[0].kind
    }

    /// Consumes a token of the given kind, or throws "unexpected …; expected …".
    @inline(never)
    func expect(_ kind: Token.Kind, _ expected: @autoclosure () -> String) throws {
        guard current.kind == kind else { throw unexpected(expected: expected()) }
        try skip()
    }

    /// True when the current token ends a statement.
    var atStatementEnd: Bool {
        switch current.kind {
        case .newline, .semicolon, .rightBrace, .end: true
        default: false
        }
    }

    @inline(never)
    func skipNewlines() throws {
        while current.kind == .newline { try skip() }
    }

    /// The source text from `start` to the end of the last consumed token.
    func sourceText(from start: Int) -> String {
        lexer.text(from: start, to: previousEnd)
    }

    // MARK: - Nesting

    /// Counts one more level of nesting (at the current token); throws past
    /// ``Parser/maximumNesting``.
    @inline(never)
    func enter(at location: SourceLocation? = nil) throws {
        depth += 1
        if depth > Parser.maximumNesting {
            throw tooDeep(at: location)
        }
        if depth >= StackLimit.firstCheckedDepth, stackIsNearlyExhausted() {
            throw error(
                "nesting too deep for this thread's stack (at \(depth) levels); split it into smaller pieces",
                at: location ?? current.location)
        }
    }

    func leave() {
        depth -= 1
    }

    private func stackIsNearlyExhausted() -> Bool {
        if case .notYet = stack {
            stack = .done(StackLimit.ofCurrentThread())
        }
        guard case .done(let limit?) = stack else { return false }
        return limit.isNearlyExhausted()
    }

    @inline(never)
    private func tooDeep(at location: SourceLocation?) -> Diagnostic {
        Diagnostic(
            "nesting too deep: more than \(Parser.maximumNesting) levels of blocks, brackets or operators; split it into smaller pieces",
            at: location ?? current.location)
    }

    // MARK: - Errors

    /// An error at the current token; see ``error(_:at:)``.
    @inline(never)
    func error(_ message: @autoclosure () -> String) -> Diagnostic {
        error(message(), at: current)
    }

    /// An error at `token`. At the end of the text, when a bracket is still
    /// open or the last line ends in an operator, the error says so and is
    /// marked as incomplete input (the REPL then reads another line).
    @inline(never)
    func error(_ message: @autoclosure () -> String, at token: Token) -> Diagnostic {
        guard token.kind == .end, !lexer.isInterpolation else {
            return Diagnostic(message(), at: token.location)
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
        if lexer.lastTokenContinuesLine, let last = lexer.lastTokenText {
            return Diagnostic("unexpected end of input after `\(last)`; the statement goes on on the next line", at: token.location, isIncompleteInput: true)
        }
        return Diagnostic(message(), at: token.location)
    }

    /// An error at a location that is not the end of the text.
    @inline(never)
    func error(_ message: @autoclosure () -> String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(message(), at: location)
    }

    /// "unexpected `X`; expected …" at the current token.
    @inline(never)
    func unexpected(expected: @autoclosure () -> String) -> Diagnostic {
        error("unexpected \(current.description); expected \(expected())", at: current)
    }
}

/// Where the current thread's stack ends, so that the parser can refuse to
/// nest deeper before the stack runs out, whatever its size (a secondary
/// thread's stack can be as small as 512 KiB on macOS).
struct StackLimit {
    /// Recursion stops below this address (the stack grows down), leaving a
    /// margin for the work done at the deepest level.
    let lowestSafeAddress: UInt

    /// The margin kept free at the end of the stack.
    static let margin: UInt = 128 * 1024

    /// The stack is checked from this nesting depth on: shallower nesting
    /// fits any stack.
    static let firstCheckedDepth = 16

    /// Whether the limit has been looked up, and what it is.
    enum Lookup {
        case notYet
        /// Nil when the platform does not tell.
        case done(StackLimit?)
    }

    /// The limit of the calling thread's stack, when the platform tells.
    static func ofCurrentThread() -> StackLimit? {
        #if canImport(Darwin)
        let top = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
        let size = UInt(pthread_get_stacksize_np(pthread_self()))
        guard top > size else { return nil }
        return StackLimit(lowestSafeAddress: top - size + margin)
        #elseif canImport(Glibc) || canImport(Musl)
        // `pthread_getattr_np` is a GNU extension that the C module does not
        // declare; it is looked up by name.
        typealias GetAttributes = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
        guard let symbol = dlsym(nil, "pthread_getattr_np") else { return nil }
        let getAttributes = unsafeBitCast(symbol, to: GetAttributes.self)
        var attributes = pthread_attr_t()
        guard getAttributes(pthread_self(), &attributes) == 0 else { return nil }
        defer { pthread_attr_destroy(&attributes) }
        var address: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &address, &size) == 0, let address else { return nil }
        return StackLimit(lowestSafeAddress: UInt(bitPattern: address) + margin)
        #else
        return nil
        #endif
    }

    /// True when the stack has grown into the margin.
    @inline(never)
    func isNearlyExhausted() -> Bool {
        var marker: UInt8 = 0
        let position = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        return position < lowestSafeAddress
    }
}
