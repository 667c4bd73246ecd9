/// Expressions (LANGUAGE.md §1, §2): precedence, lowest first, `or`; `and`;
/// `not`; comparisons (not chained); `??`; `+ -`; `* / %`; unary `-`;
/// postfix (call, index, member). Binary operators associate to the left.
///
/// The functions on the recursive path keep few locals and build their error
/// messages in outlined helpers, so that 256 levels of nesting need little
/// stack even in a debug build.
extension TokenParser {
    /// The binding strength of an infix operator.
    enum Level: Int {
        case or = 1, and, comparison, coalesce, additive, multiplicative
    }

    /// An infix operator: its level and the node it builds.
    struct Infix {
        enum Operation {
            case logical(LogicalOperator)
            case binary(BinaryOperator)
        }

        var level: Level
        var operation: Operation

        func combine(_ left: Expr, _ right: Expr) -> Expr {
            switch operation {
            case .logical(let op): Expr(.logical(op, left, right), at: left.location)
            case .binary(let op): Expr(.binary(op, left, right), at: left.location)
            }
        }
    }

    /// The infix operator the current token is, if any.
    @inline(never)
    var currentInfix: Infix? {
        switch current.kind {
        case .word:
            if current.text == "or" { return Infix(level: .or, operation: .logical(.or)) }
            if current.text == "and" { return Infix(level: .and, operation: .logical(.and)) }
            return nil
        case .equal: return Infix(level: .comparison, operation: .binary(.equal))
        case .notEqual: return Infix(level: .comparison, operation: .binary(.notEqual))
        case .less: return Infix(level: .comparison, operation: .binary(.less))
        case .lessOrEqual: return Infix(level: .comparison, operation: .binary(.lessOrEqual))
        case .greater: return Infix(level: .comparison, operation: .binary(.greater))
        case .greaterOrEqual: return Infix(level: .comparison, operation: .binary(.greaterOrEqual))
        case .coalesce: return Infix(level: .coalesce, operation: .binary(.coalesce))
        case .plus: return Infix(level: .additive, operation: .binary(.add))
        case .minus: return Infix(level: .additive, operation: .binary(.subtract))
        case .star: return Infix(level: .multiplicative, operation: .binary(.multiply))
        case .slash: return Infix(level: .multiplicative, operation: .binary(.divide))
        case .percent: return Infix(level: .multiplicative, operation: .binary(.remainder))
        default: return nil
        }
    }

    /// Parses an expression.
    func parseExpression() throws -> Expr {
        try parseBinary(minimum: Level.or.rawValue)
    }

    /// Precedence climbing over the binary operators binding at least as
    /// tightly as `minimum`. `not` stands between `and` and the comparisons.
    ///
    /// Each operator of a chain counts as a level of nesting, so that the
    /// tree stays shallow enough to be walked recursively.
    func parseBinary(minimum: Int) throws -> Expr {
        var left = try parseOperand(minimum: minimum)
        let startDepth = depth
        defer { depth = startDepth }
        while let infix = currentInfix, infix.level.rawValue >= minimum {
            try enter()
            try skip()
            try skipNewlines()
            let right = try parseBinary(minimum: infix.level.rawValue + 1)
            left = infix.combine(left, right)
            if infix.level == .comparison, currentInfix?.level == .comparison {
                throw error("comparisons cannot be chained: write `a < b and b < c`, not `a < b < c`")
            }
        }
        return left
    }

    /// The left operand of a binary chain: `not …` where allowed, otherwise
    /// a unary expression.
    private func parseOperand(minimum: Int) throws -> Expr {
        if minimum <= Level.comparison.rawValue, current.isWord("not") {
            return try parseNot()
        }
        return try parseUnary()
    }

    /// `not x`: its operand is a comparison or another `not`.
    func parseNot() throws -> Expr {
        let location = current.location
        try enter()
        defer { leave() }
        try skip()
        let operand = try parseBinary(minimum: Level.comparison.rawValue)
        return Expr(.unary(.not, operand), at: location)
    }

    /// Unary `-`. A minus directly on a number literal is folded into it, so
    /// the smallest Int can be written.
    func parseUnary() throws -> Expr {
        guard current.kind == .minus else { return try parsePostfix() }
        let location = current.location
        try enter()
        defer { leave() }
        try skip()
        if let folded = try parseNegativeLiteral(minusAt: location) {
            return folded
        }
        let operand = try parseUnary()
        return Expr(.unary(.negate, operand), at: location)
    }

    /// The literal after a `-`, negated, unless a postfix operator follows it.
    @inline(never)
    private func parseNegativeLiteral(minusAt location: SourceLocation) throws -> Expr? {
        guard current.kind == .int || current.kind == .double else { return nil }
        switch try peekKind() {
        case .dot, .leftBracket, .leftParen: return nil
        default: break
        }
        let literal = try advance()
        if literal.kind == .int {
            guard let value = Int("-" + literal.text) else {
                throw error("integer literal -\(literal.text) is out of range (the smallest Int is -9223372036854775808)", at: location)
            }
            return Expr(.literal(.int(value)), at: location)
        }
        return Expr(.literal(.double(-(try doubleValue(literal)))), at: location)
    }

    /// A primary expression followed by any chain of `.name`, `[index]`.
    func parsePostfix() throws -> Expr {
        var expr = try parsePrimary()
        let startDepth = depth
        defer { depth = startDepth }
        while true {
            switch current.kind {
            case .dot:
                try enter()
                try skip()
                expr = try parseMember(of: expr)
            case .leftBracket:
                try enter()
                try skip()
                let index = try parseExpression()
                try expect(.rightBracket, "`]` to close the index")
                expr = Expr(.index(expr, index), at: expr.location)
            case .leftParen:
                throw error("only a function can be called, by its name, as in `len(x)`")
            default:
                return expr
            }
        }
    }

    /// The name after a `.`: any word, reserved ones included.
    @inline(never)
    private func parseMember(of base: Expr) throws -> Expr {
        guard current.kind == .word else {
            throw unexpected(expected: "a name after `.`")
        }
        let name = current.text
        try skip()
        return Expr(.member(base, name), at: base.location)
    }

    func parsePrimary() throws -> Expr {
        switch current.kind {
        case .int: return try parseIntLiteral()
        case .double: return try parseDoubleLiteral()
        case .string: return try parseStringLiteral()
        case .leftParen: return try parseGroup()
        case .leftBracket: return try parseListOrMap()
        case .word: return try parseWordExpression()
        default: throw unexpected(expected: "an expression")
        }
    }

    @inline(never)
    private func parseStringLiteral() throws -> Expr {
        try parseString(try advance())
    }

    @inline(never)
    private func parseIntLiteral() throws -> Expr {
        let token = try advance()
        guard let value = Int(token.text) else {
            throw error("integer literal \(token.text) is out of range (the largest Int is 9223372036854775807)", at: token.location)
        }
        return Expr(.literal(.int(value)), at: token.location)
    }

    @inline(never)
    private func parseDoubleLiteral() throws -> Expr {
        let token = try advance()
        return Expr(.literal(.double(try doubleValue(token))), at: token.location)
    }

    /// `( expr )`; the expression takes the location of the `(`.
    @inline(never)
    private func parseGroup() throws -> Expr {
        let location = current.location
        try enter()
        defer { leave() }
        try skip()
        if current.kind == .rightParen {
            throw unexpected(expected: "an expression inside `( )`")
        }
        var inner = try parseExpression()
        try expect(.rightParen, "`)` to close the `(` at \(location.line):\(location.column)")
        inner.location = location
        return inner
    }

    /// `true`, `false`, `nil`, a name, or a call `name(args)`.
    @inline(never)
    private func parseWordExpression() throws -> Expr {
        let location = current.location
        switch current.text {
        case "true":
            try skip()
            return Expr(.literal(.bool(true)), at: location)
        case "false":
            try skip()
            return Expr(.literal(.bool(false)), at: location)
        case "nil":
            try skip()
            return Expr(.literal(.nil), at: location)
        case "not":
            throw error("`not` binds less tightly than comparisons and arithmetic; put it in parentheses: `(not x)`")
        default:
            break
        }
        if Words.reserved.contains(current.text) {
            throw error("unexpected `\(current.text)`; expected an expression (`\(current.text)` is a reserved word)")
        }
        let name = current.text
        try skip()
        guard current.kind == .leftParen else {
            return Expr(.name(name), at: location)
        }
        return try parseCall(name, at: location)
    }

    /// `name(args)`; trailing comma allowed.
    @inline(never)
    private func parseCall(_ name: String, at location: SourceLocation) throws -> Expr {
        try enter()
        defer { leave() }
        try skip()
        var arguments: [Expr] = []
        while current.kind != .rightParen {
            if current.kind == .word, try peekKind() == .colon {
                throw error(
                    "a message is not a value: `\(name)(\(current.text): …)` can only follow `send`, `step`, `emit` or `outbox add`, or stand in `batch [...]`",
                    at: location)
            }
            arguments.append(try parseExpression())
            if current.kind == .comma {
                try skip()
            } else if current.kind != .rightParen {
                throw unexpected(expected: "`,` or `)` in the arguments of `\(name)`")
            }
        }
        try skip()
        return Expr(.call(name, arguments), at: location)
    }

    /// `[a, b]`, `[]`, `["k": v]`, `[:]`; trailing commas allowed.
    @inline(never)
    private func parseListOrMap() throws -> Expr {
        let location = current.location
        try enter()
        defer { leave() }
        try skip()
        if current.kind == .rightBracket {
            try skip()
            return Expr(.list([]), at: location)
        }
        if current.kind == .colon {
            try skip()
            try expect(.rightBracket, "`]` after `[:`")
            return Expr(.map([]), at: location)
        }
        let first = try parseExpression()
        if current.kind == .colon {
            return try parseMapEntries(firstKey: first, at: location)
        }
        var elements = [first]
        while current.kind != .rightBracket {
            guard current.kind == .comma else {
                throw unexpected(expected: "`,` or `]` to close the `[` at \(location.line):\(location.column)")
            }
            try skip()
            if current.kind == .rightBracket { break }
            elements.append(try parseExpression())
        }
        try skip()
        return Expr(.list(elements), at: location)
    }

    /// The rest of a map literal, from the `:` after its first key.
    @inline(never)
    private func parseMapEntries(firstKey: Expr, at location: SourceLocation) throws -> Expr {
        try skip()
        var entries = [MapEntry(key: firstKey, value: try parseExpression())]
        while current.kind != .rightBracket {
            guard current.kind == .comma else {
                throw unexpected(expected: "`,` or `]` to close the `[` at \(location.line):\(location.column)")
            }
            try skip()
            if current.kind == .rightBracket { break }
            let key = try parseExpression()
            try expect(.colon, "`:` after the map key (every entry of a map is `key: value`)")
            entries.append(MapEntry(key: key, value: try parseExpression()))
        }
        try skip()
        return Expr(.map(entries), at: location)
    }

    /// A string literal: plain text, or text with `\( … )` interpolations,
    /// each parsed with a lexer of its own over its range of the source.
    @inline(never)
    func parseString(_ token: Token) throws -> Expr {
        if token.pieces.count == 1, case .text(let text) = token.pieces[0] {
            return Expr(.literal(.string(text)), at: token.location)
        }
        var parts: [InterpolationPart] = []
        parts.reserveCapacity(token.pieces.count)
        for piece in token.pieces {
            switch piece {
            case .text(let text):
                parts.append(.text(text))
            case .interpolation(let start, let end, let location):
                parts.append(.expression(try parseInterpolation(start: start, end: end, location: location)))
            }
        }
        return Expr(.interpolated(parts), at: token.location)
    }

    /// The expression of one `\( … )`.
    @inline(never)
    private func parseInterpolation(start: Int, end: Int, location: SourceLocation) throws -> Expr {
        try enter(at: location)
        defer { leave() }
        let lexer = Lexer(scalars: self.lexer.scalars, start: start, end: end, location: location)
        let parser = try TokenParser(lexer: lexer, depth: depth, stack: stack)
        if parser.current.kind == .end {
            throw error("empty interpolation: put an expression inside `\\( )`, as in \"order \\(msg.order_id)\"", at: location)
        }
        let expr = try parser.parseExpression()
        guard parser.current.kind == .end else {
            throw parser.unexpected(expected: "`)` to end the interpolation")
        }
        return expr
    }

    func doubleValue(_ token: Token) throws -> Double {
        guard let value = Double(token.text), value.isFinite else {
            throw error("decimal literal \(token.text) is out of range", at: token.location)
        }
        return value
    }
}
