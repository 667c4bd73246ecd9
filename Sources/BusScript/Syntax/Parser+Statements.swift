/// Statements and blocks (LANGUAGE.md §1, §4, §8): a statement ends at a
/// newline, at `;` or at the `}` that closes its block.
extension TokenParser {
    /// The whole text: top-level statements up to the end.
    mutating func parseProgram() throws(Diagnostic) -> Program {
        var statements: [Stmt] = []
        while true {
            try skipSeparators()
            if current.kind == .end { break }
            if current.kind == .rightBrace {
                throw error("unexpected `}`; there is no open block to close", at: current)
            }
            statements.append(try parseStatement(.top))
            try expectStatementEnd()
        }
        return Program(statements: statements)
    }

    mutating func skipSeparators() throws(Diagnostic) {
        while current.kind == .newline || current.kind == .semicolon { try advance() }
    }

    /// After a statement: a newline, `;`, `}` or the end must follow.
    mutating func expectStatementEnd() throws(Diagnostic) {
        guard atStatementEnd else {
            throw unexpected(expected: "a new line or `;` after the statement")
        }
    }

    /// `{ statements }`; `after` names what the block follows, for errors.
    mutating func parseBlock(_ place: StatementPlace, after: String) throws(Diagnostic) -> Block {
        guard current.kind == .leftBrace else {
            throw unexpected(expected: "`{` after \(after), on the same line")
        }
        let open = try advance()
        try enter(open)
        defer { leave() }
        var statements: [Stmt] = []
        while true {
            try skipSeparators()
            if current.kind == .rightBrace {
                let close = try advance()
                return Block(statements: statements, end: close.location)
            }
            if current.kind == .end {
                throw unexpected(expected: "`}` to close the `{` at \(open.location.line):\(open.location.column)")
            }
            statements.append(try parseStatement(place))
            try expectStatementEnd()
        }
    }

    /// One statement; `place` decides what command words and definitions mean.
    mutating func parseStatement(_ place: StatementPlace) throws(Diagnostic) -> Stmt {
        let token = current
        guard token.kind == .word else { return try parseExpressionStatement() }
        switch token.text {
        case "let": return try parseLet(place)
        case "if": return try parseIf(place)
        case "for": return try parseFor(place)
        case "while": return try parseWhile(place)
        case "break":
            try advance()
            return Stmt(.break_, at: token.location)
        case "continue":
            try advance()
            return Stmt(.continue_, at: token.location)
        case "return":
            try advance()
            return Stmt(.return_(atStatementEnd ? nil : try parseExpression()), at: token.location)
        case "fail":
            try advance()
            return Stmt(.fail(try parseOperand(of: "fail", example: "fail \"out of stock\"")), at: token.location)
        case "print":
            try advance()
            return Stmt(.print(try parseOperand(of: "print", example: "print \"done\"")), at: token.location)
        case "assert": return try parseAssert()
        case "emit":
            try advance()
            return Stmt(.emit(try parseMessageLiteral(after: "emit")), at: token.location)
        case "dispatch":
            try advance()
            return Stmt(.dispatch, at: token.location)
        case "crash":
            try advance()
            return Stmt(.crash, at: token.location)
        case "fn":
            try requireTopLevel(place, for: "`fn`")
            return try parseFunction()
        case "else":
            throw error("unexpected `else`: `else` must be on the same line as the `}` that closes the `if` block", at: token)
        default:
            break
        }
        if Words.commands.contains(token.text), try peek().kind != .dot {
            if place.isTopLevelCode {
                return try parseCommand(place)
            }
            if let statement = try parseCommandWordInBody() {
                return statement
            }
        }
        return try parseExpressionStatement()
    }

    /// The value after `print` or `fail`.
    private mutating func parseOperand(of keyword: String, example: String) throws(Diagnostic) -> Expr {
        if atStatementEnd {
            throw error("`\(keyword)` needs a value, as in `\(example)`", at: current)
        }
        return try parseExpression()
    }

    /// Definitions stand only directly at the top level.
    func requireTopLevel(_ place: StatementPlace, for what: String) throws(Diagnostic) {
        switch place {
        case .top:
            return
        case .topBlock:
            throw error("\(what) definitions stand only at the top level, not inside a block", at: current)
        case .body:
            throw error("\(what) definitions stand only at the top level, not inside a handler or function", at: current)
        }
    }

    // MARK: - Names

    /// A name that `let`, `for` or a parameter binds.
    mutating func parseBindableName(_ place: StatementPlace, after: String) throws(Diagnostic) -> Token {
        guard current.kind == .word else {
            throw unexpected(expected: "a name after \(after)")
        }
        let name = current.text
        if Words.reserved.contains(name) {
            throw error("`\(name)` is a reserved word and cannot be used as a name", at: current)
        }
        if Words.predefined.contains(name) {
            throw error("`\(name)` is predefined and cannot be bound; choose another name", at: current)
        }
        if place.isTopLevelCode, Words.commands.contains(name) {
            throw error("`\(name)` is a command word; top-level code cannot use it as a name", at: current)
        }
        return try advance()
    }

    // MARK: - Code statements

    private mutating func parseLet(_ place: StatementPlace) throws(Diagnostic) -> Stmt {
        let letToken = try advance()
        let name = try parseBindableName(place, after: "`let`")
        try expect(.assign, "`=` after `let \(name.text)`, as in `let \(name.text) = 1`")
        try skipNewlines()
        let value = try parseExpression()
        return Stmt(.let_(name.text, value), at: letToken.location)
    }

    /// `if c { } else if c { } else { }`.
    private mutating func parseIf(_ place: StatementPlace) throws(Diagnostic) -> Stmt {
        let ifToken = try advance()
        var clauses: [(condition: Expr, body: Block)] = []
        var elseBlock: Block?
        while true {
            let condition = try parseCondition(of: "if")
            let body = try parseBlock(place.inner, after: "the `if` condition")
            clauses.append((condition, body))
            if current.isWord("else") {
                try advance()
                if current.isWord("if") {
                    try advance()
                    continue
                }
                elseBlock = try parseBlock(place.inner, after: "`else`")
            } else if current.kind == .newline, try peek().isWord("else") {
                throw error("`else` must be on the same line as the `}` that closes the `if` block", at: try peek())
            }
            break
        }
        return Stmt(.if_(clauses, else: elseBlock), at: ifToken.location)
    }

    private mutating func parseCondition(of keyword: String) throws(Diagnostic) -> Expr {
        if current.kind == .leftBrace || atStatementEnd {
            throw error("`\(keyword)` needs a condition, as in `\(keyword) x > 0 { … }`", at: current)
        }
        return try parseExpression()
    }

    private mutating func parseFor(_ place: StatementPlace) throws(Diagnostic) -> Stmt {
        let forToken = try advance()
        let name = try parseBindableName(place, after: "`for`")
        guard current.isWord("in") else {
            throw unexpected(expected: "`in` after `for \(name.text)`, as in `for \(name.text) in range(3) { … }`")
        }
        try advance()
        if current.kind == .leftBrace || atStatementEnd {
            throw error("`for \(name.text) in` needs a list or map to go through", at: current)
        }
        let sequence = try parseExpression()
        let body = try parseBlock(place.inner, after: "`for \(name.text) in …`")
        return Stmt(.for_(name.text, sequence, body), at: forToken.location)
    }

    private mutating func parseWhile(_ place: StatementPlace) throws(Diagnostic) -> Stmt {
        let whileToken = try advance()
        let condition = try parseCondition(of: "while")
        let body = try parseBlock(place.inner, after: "the `while` condition")
        return Stmt(.while_(condition, body), at: whileToken.location)
    }

    private mutating func parseAssert() throws(Diagnostic) -> Stmt {
        let assertToken = try advance()
        if atStatementEnd {
            throw error("`assert` needs a condition, as in `assert ctx.mails == 1`", at: current)
        }
        let condition = try parseExpression()
        var message: Expr?
        if current.kind == .comma {
            try advance()
            try skipNewlines()
            message = try parseExpression()
        }
        return Stmt(.assert(condition, message: message), at: assertToken.location)
    }

    // MARK: - Expressions and assignments

    /// A bare expression, or an assignment `TARGET (=|+=|-=) EXPR`.
    mutating func parseExpressionStatement() throws(Diagnostic) -> Stmt {
        let first = current
        if first.kind == .word, !Words.reserved.contains(first.text) {
            switch try peek().kind {
            case .dot, .leftBracket, .assign, .plusAssign, .minusAssign:
                // Try the left side of an assignment first; fall back to an
                // expression when no assignment operator follows it.
                var attempt = self
                if let target = try? attempt.parseAssignmentTarget(),
                   let op = Self.assignmentOperator(attempt.current.kind) {
                    self = attempt
                    try advance()
                    try skipNewlines()
                    let value = try parseExpression()
                    return Stmt(.assign(target, op, value), at: first.location)
                }
            default:
                break
            }
        }
        let expr = try parseExpression()
        if Self.assignmentOperator(current.kind) != nil {
            let written = sourceText(from: first.start)
            throw error(
                "cannot assign to `\(written)`; the left side of `\(current.text)` must be a name, optionally followed by `.field` or `[index]`",
                at: first)
        }
        return Stmt(.expression(expr), at: first.location)
    }

    static func assignmentOperator(_ kind: Token.Kind) -> AssignmentOperator? {
        switch kind {
        case .assign: .assign
        case .plusAssign: .add
        case .minusAssign: .subtract
        default: nil
        }
    }

    /// A name followed by any chain of `.name` and `[expr]`.
    private mutating func parseAssignmentTarget() throws(Diagnostic) -> AssignmentTarget {
        let root = try advance()
        var path: [AssignmentTarget.Step] = []
        let startDepth = depth
        defer { depth = startDepth }
        while true {
            switch current.kind {
            case .dot:
                let dot = try advance()
                try enter(dot)
                let name = try expect(.word, "a name after `.`")
                path.append(.member(name.text, name.location))
            case .leftBracket:
                let open = try advance()
                try enter(open)
                let index = try parseExpression()
                try expect(.rightBracket, "`]` to close the index")
                path.append(.index(index))
            default:
                return AssignmentTarget(root: root.text, rootLocation: root.location, path: path)
            }
        }
    }
}
