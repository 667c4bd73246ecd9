/// Expressions (LANGUAGE.md §1, §2): precedence, lowest first, `or`; `and`;
/// `not`; comparisons (not chained); `??`; `+ -`; `* / %`; unary `-`;
/// postfix (call, index, member). Binary operators associate to the left.
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
    }

    static func infix(_ token: Token) -> Infix? {
        switch token.kind {
        case .word:
            if token.text == "or" { return Infix(level: .or, operation: .logical(.or)) }
            if token.text == "and" { return Infix(level: .and, operation: .logical(.and)) }
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
    mutating func parseExpression() throws(Diagnostic) -> Expr {
        try parseBinary(minimum: Level.or.rawValue)
    }

    /// Precedence climbing over the binary operators binding at least as
    /// tightly as `minimum`. `not` stands between `and` and the comparisons.
    ///
    /// Each operator of a chain counts as a level of nesting, so that the
    /// tree stays shallow enough to be walked recursively.
    mutating func parseBinary(minimum: Int) throws(Diagnostic) -> Expr {
        var left: Expr
        if minimum <= Level.comparison.rawValue, current.isWord("not") {
            left = try parseNot()
        } else {
            left = try parseUnary()
        }
        let startDepth = depth
        defer { depth = startDepth }
        while let infix = Self.infix(current), infix.level.rawValue >= minimum {
            let operatorToken = try advance()
            try enter(operatorToken)
            try skipNewlines()
            let right = try parseBinary(minimum: infix.level.rawValue + 1)
            switch infix.operation {
            case .logical(let op): left = Expr(.logical(op, left, right), at: left.location)
            case .binary(let op): left = Expr(.binary(op, left, right), at: left.location)
            }
            if infix.level == .comparison, let next = Self.infix(current), next.level == .comparison {
                throw error(
                    "comparisons cannot be chained: write `a < b and b < c`, not `a < b < c`",
                    at: current)
            }
        }
        return left
    }

    /// `not x`: its operand is a comparison or another `not`.
    mutating func parseNot() throws(Diagnostic) -> Expr {
        let notToken = try advance()
        try enter(notToken)
        defer { leave() }
        let operand: Expr
        if current.isWord("not") {
            operand = try parseNot()
        } else {
            operand = try parseBinary(minimum: Level.comparison.rawValue)
        }
        return Expr(.unary(.not, operand), at: notToken.location)
    }

    /// Unary `-`. A minus directly on a number literal is folded into it, so
    /// the smallest Int can be written.
    mutating func parseUnary() throws(Diagnostic) -> Expr {
        guard current.kind == .minus else { return try parsePostfix() }
        let minus = try advance()
        try enter(minus)
        defer { leave() }
        if current.kind == .int || current.kind == .double {
            let following = try peek().kind
            if following != .dot && following != .leftBracket && following != .leftParen {
                let literal = try advance()
                if literal.kind == .int {
                    guard let value = Int("-" + literal.text) else {
                        throw Diagnostic("integer literal -\(literal.text) is out of range (the smallest Int is -9223372036854775808)", at: minus.location)
                    }
                    return Expr(.literal(.int(value)), at: minus.location)
                }
                return Expr(.literal(.double(-(try doubleValue(literal)))), at: minus.location)
            }
        }
        let operand = try parseUnary()
        return Expr(.unary(.negate, operand), at: minus.location)
    }

    /// A primary expression followed by any chain of `.name`, `[index]`.
    mutating func parsePostfix() throws(Diagnostic) -> Expr {
        var expr = try parsePrimary()
        let startDepth = depth
        defer { depth = startDepth }
        while true {
            switch current.kind {
            case .dot:
                let dot = try advance()
                try enter(dot)
                guard current.kind == .word else {
                    throw unexpected(expected: "a name after `.`")
                }
                let name = try advance()
                expr = Expr(.member(expr, name.text), at: expr.location)
            case .leftBracket:
                let open = try advance()
                try enter(open)
                let index = try parseExpression()
                try expect(.rightBracket, "`]` to close the index")
                expr = Expr(.index(expr, index), at: expr.location)
            case .leftParen:
                throw error("only a function can be called, by its name, as in `len(x)`", at: current)
            default:
                return expr
            }
        }
    }

    mutating func parsePrimary() throws(Diagnostic) -> Expr {
        let token = current
        switch token.kind {
        case .int:
            try advance()
            guard let value = Int(token.text) else {
                throw Diagnostic("integer literal \(token.text) is out of range (the largest Int is 9223372036854775807)", at: token.location)
            }
            return Expr(.literal(.int(value)), at: token.location)
        case .double:
            try advance()
            return Expr(.literal(.double(try doubleValue(token))), at: token.location)
        case .string:
            try advance()
            return try parseString(token)
        case .leftParen:
            try advance()
            try enter(token)
            defer { leave() }
            if current.kind == .rightParen {
                throw unexpected(expected: "an expression inside `( )`")
            }
            var inner = try parseExpression()
            try expect(.rightParen, "`)` to close the `(` at \(token.location.line):\(token.location.column)")
            inner.location = token.location
            return inner
        case .leftBracket:
            return try parseListOrMap()
        case .word:
            return try parseWordExpression()
        default:
            throw unexpected(expected: "an expression")
        }
    }

    private mutating func parseWordExpression() throws(Diagnostic) -> Expr {
        let token = current
        switch token.text {
        case "true":
            try advance()
            return Expr(.literal(.bool(true)), at: token.location)
        case "false":
            try advance()
            return Expr(.literal(.bool(false)), at: token.location)
        case "nil":
            try advance()
            return Expr(.literal(.nil), at: token.location)
        case "not":
            throw error("`not` binds less tightly than comparisons and arithmetic; put it in parentheses: `(not x)`", at: token)
        default:
            break
        }
        if Words.reserved.contains(token.text) {
            throw error("unexpected `\(token.text)`; expected an expression (`\(token.text)` is a reserved word)", at: token)
        }
        try advance()
        guard current.kind == .leftParen else {
            return Expr(.name(token.text), at: token.location)
        }
        return try parseCall(token)
    }

    /// `name(args)`.
    private mutating func parseCall(_ name: Token) throws(Diagnostic) -> Expr {
        let open = try advance()
        try enter(open)
        defer { leave() }
        var arguments: [Expr] = []
        while current.kind != .rightParen {
            if current.kind == .word, try peek().kind == .colon {
                throw error(
                    "a message is not a value: `\(name.text)(\(current.text): …)` can only follow `send`, `step`, `emit` or `outbox add`, or stand in `batch [...]`",
                    at: name)
            }
            arguments.append(try parseExpression())
            if current.kind == .comma {
                try advance()
            } else if current.kind != .rightParen {
                throw unexpected(expected: "`,` or `)` in the arguments of `\(name.text)`")
            }
        }
        try advance()
        return Expr(.call(name.text, arguments), at: name.location)
    }

    /// `[a, b]`, `[]`, `["k": v]`, `[:]`; trailing commas allowed.
    private mutating func parseListOrMap() throws(Diagnostic) -> Expr {
        let open = try advance()
        try enter(open)
        defer { leave() }
        let closing = "`]` to close the `[` at \(open.location.line):\(open.location.column)"
        if current.kind == .rightBracket {
            try advance()
            return Expr(.list([]), at: open.location)
        }
        if current.kind == .colon {
            try advance()
            try expect(.rightBracket, "`]` after `[:`")
            return Expr(.map([]), at: open.location)
        }
        let first = try parseExpression()
        if current.kind == .colon {
            try advance()
            var entries = [MapEntry(key: first, value: try parseExpression())]
            while current.kind != .rightBracket {
                guard current.kind == .comma else { throw unexpected(expected: "`,` or \(closing)") }
                try advance()
                if current.kind == .rightBracket { break }
                let key = try parseExpression()
                try expect(.colon, "`:` after the map key (every entry of a map is `key: value`)")
                entries.append(MapEntry(key: key, value: try parseExpression()))
            }
            try advance()
            return Expr(.map(entries), at: open.location)
        }
        var elements = [first]
        while current.kind != .rightBracket {
            guard current.kind == .comma else { throw unexpected(expected: "`,` or \(closing)") }
            try advance()
            if current.kind == .rightBracket { break }
            elements.append(try parseExpression())
        }
        try advance()
        return Expr(.list(elements), at: open.location)
    }

    /// A string literal: plain text, or text with `\( … )` interpolations,
    /// each parsed with a lexer of its own over its range of the source.
    mutating func parseString(_ token: Token) throws(Diagnostic) -> Expr {
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
                try enter(token)
                let lexer = Lexer(scalars: self.lexer.scalars, start: start, end: end, location: location)
                var parser = try TokenParser(lexer: lexer, depth: depth)
                if parser.current.kind == .end {
                    throw Diagnostic("empty interpolation: put an expression inside `\\( )`, as in \"order \\(msg.order_id)\"", at: location)
                }
                let expr = try parser.parseExpression()
                guard parser.current.kind == .end else {
                    throw parser.unexpected(expected: "`)` to end the interpolation")
                }
                leave()
                parts.append(.expression(expr))
            }
        }
        return Expr(.interpolated(parts), at: token.location)
    }

    func doubleValue(_ token: Token) throws(Diagnostic) -> Double {
        guard let value = Double(token.text), value.isFinite else {
            throw Diagnostic("decimal literal \(token.text) is out of range", at: token.location)
        }
        return value
    }
}
