/// Statements and blocks (LANGUAGE.md §1, §4, §8): a statement ends at a
/// newline, at `;` or at the `}` that closes its block.
extension TokenParser {
    /// The whole text: top-level statements up to the end.
    func parseProgram() throws -> Program {
        var statements: [Stmt] = []
        while true {
            try skipSeparators()
            if current.kind == .end { break }
            if current.kind == .rightBrace {
                throw error("unexpected `}`; there is no open block to close")
            }
            let statement = try parseStatement(.top)
            try rejectUnknownStatement(statement, .top)
            statements.append(statement)
            try expectStatementEnd()
        }
        return Program(statements: statements)
    }

    @inline(never)
    func skipSeparators() throws {
        while current.kind == .newline || current.kind == .semicolon { try skip() }
    }

    /// After a statement: a newline, `;`, `}` or the end must follow.
    @inline(never)
    func expectStatementEnd() throws {
        guard atStatementEnd else {
            throw unexpected(expected: "a new line or `;` after the statement")
        }
    }

    /// `{ statements }`; `after` names what the block follows, for errors.
    func parseBlock(_ place: StatementPlace, after: @autoclosure () -> String) throws -> Block {
        guard current.kind == .leftBrace else {
            throw unexpected(expected: "`{` after \(after()), on the same line")
        }
        let open = current.location
        try enter()
        defer { leave() }
        try skip()
        var statements: [Stmt] = []
        while true {
            try skipSeparators()
            if current.kind == .rightBrace { break }
            if current.kind == .end {
                throw unexpected(expected: "`}` to close the `{` at \(open.line):\(open.column)")
            }
            let statement = try parseStatement(place)
            try rejectUnknownStatement(statement, place)
            statements.append(statement)
            try expectStatementEnd()
        }
        let close = current.location
        try skip()
        return Block(statements: statements, end: close)
    }

    /// One statement; `place` decides what command words and definitions
    /// mean. The statements that nest (`if`, `for`, `while`, `expect error`)
    /// are dispatched first, so that this frame stays small.
    func parseStatement(_ place: StatementPlace) throws -> Stmt {
        guard current.kind == .word else { return try parseExpressionStatement() }
        switch current.text {
        case "if": return try parseIf(place)
        case "for": return try parseFor(place)
        case "while": return try parseWhile(place)
        case "expect" where place.isTopLevelCode: return try parseExpectError(place)
        default: return try parseSimpleStatement(place)
        }
    }

    /// A statement that does not contain a block of code statements.
    @inline(never)
    private func parseSimpleStatement(_ place: StatementPlace) throws -> Stmt {
        let location = current.location
        switch current.text {
        case "let": return try parseLet(place)
        case "break":
            try skip()
            return Stmt(.break_, at: location)
        case "continue":
            try skip()
            return Stmt(.continue_, at: location)
        case "return":
            try skip()
            return Stmt(.return_(atStatementEnd ? nil : try parseExpression()), at: location)
        case "fail":
            try skip()
            return Stmt(.fail(try parseOperand(of: "fail", example: "fail \"out of stock\"")), at: location)
        case "print":
            try skip()
            return Stmt(.print(try parseOperand(of: "print", example: "print \"done\"")), at: location)
        case "assert": return try parseAssert()
        case "emit":
            try skip()
            return Stmt(.emit(try parseMessageLiteral(after: "emit")), at: location)
        case "dispatch":
            try skip()
            return Stmt(.dispatch, at: location)
        case "crash":
            try skip()
            return Stmt(.crash, at: location)
        case "fn":
            try requireTopLevel(place, for: "`fn`")
            return try parseFunction()
        case "else":
            throw error("unexpected `else`: `else` must be on the same line as the `}` that closes the `if` block")
        default:
            break
        }
        if Words.commands.contains(current.text), try peekKind() != .dot {
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
    private func parseOperand(of keyword: String, example: String) throws -> Expr {
        if atStatementEnd {
            throw error("`\(keyword)` needs a value, as in `\(example)`")
        }
        return try parseExpression()
    }

    /// Definitions stand only directly at the top level.
    func requireTopLevel(_ place: StatementPlace, for what: String) throws {
        switch place {
        case .top:
            return
        case .topBlock:
            throw error("\(what) definitions stand only at the top level, not inside a block")
        case .body:
            throw error("\(what) definitions stand only at the top level, not inside a handler or function")
        }
    }

    // MARK: - Names

    /// A name that `let`, `for` or a parameter binds.
    func parseBindableName(_ place: StatementPlace, after: String) throws -> Token {
        guard current.kind == .word else {
            throw unexpected(expected: "a name after \(after)")
        }
        let name = current.text
        if Words.reserved.contains(name) {
            throw error("`\(name)` is a reserved word and cannot be used as a name")
        }
        if Words.predefined.contains(name) {
            throw error("`\(name)` is predefined and cannot be bound; choose another name")
        }
        if place.isTopLevelCode, Words.commands.contains(name) {
            throw error("`\(name)` is a command word; top-level code cannot use it as a name")
        }
        return try advance()
    }

    // MARK: - Code statements

    private func parseLet(_ place: StatementPlace) throws -> Stmt {
        let location = current.location
        try skip()
        let name = try parseBindableName(place, after: "`let`").text
        try expect(.assign, "`=` after `let \(name)`, as in `let \(name) = 1`")
        try skipNewlines()
        let value = try parseExpression()
        return Stmt(.let_(name, value), at: location)
    }

    /// `if c { } else if c { } else { }`.
    private func parseIf(_ place: StatementPlace) throws -> Stmt {
        let location = current.location
        try skip()
        var clauses: [(condition: Expr, body: Block)] = []
        var elseBlock: Block?
        while true {
            let condition = try parseCondition(of: "if")
            let body = try parseBlock(place.inner, after: "the `if` condition")
            clauses.append((condition, body))
            if current.isWord("else") {
                try skip()
                if current.isWord("if") {
                    try skip()
                    continue
                }
                elseBlock = try parseBlock(place.inner, after: "`else`")
            } else if current.kind == .newline {
                try rejectElseOnNextLine()
            }
            break
        }
        return Stmt(.if_(clauses, else: elseBlock), at: location)
    }

    /// After an `if` block and a newline: an `else` there is an error.
    @inline(never)
    private func rejectElseOnNextLine() throws {
        let next = try peek()
        if next.isWord("else") {
            throw error("`else` must be on the same line as the `}` that closes the `if` block", at: next.location)
        }
    }

    @inline(never)
    private func parseCondition(of keyword: String) throws -> Expr {
        if current.kind == .leftBrace || atStatementEnd {
            throw error("`\(keyword)` needs a condition, as in `\(keyword) x > 0 { … }`")
        }
        return try parseExpression()
    }

    private func parseFor(_ place: StatementPlace) throws -> Stmt {
        let location = current.location
        try skip()
        let name = try parseBindableName(place, after: "`for`").text
        guard current.isWord("in") else {
            throw unexpected(expected: "`in` after `for \(name)`, as in `for \(name) in range(3) { … }`")
        }
        try skip()
        if current.kind == .leftBrace || atStatementEnd {
            throw error("`for \(name) in` needs a list or map to go through")
        }
        let sequence = try parseExpression()
        let body = try parseBlock(place.inner, after: "`for \(name) in …`")
        return Stmt(.for_(name, sequence, body), at: location)
    }

    private func parseWhile(_ place: StatementPlace) throws -> Stmt {
        let location = current.location
        try skip()
        let condition = try parseCondition(of: "while")
        let body = try parseBlock(place.inner, after: "the `while` condition")
        return Stmt(.while_(condition, body), at: location)
    }

    private func parseAssert() throws -> Stmt {
        let location = current.location
        try skip()
        if atStatementEnd {
            throw error("`assert` needs a condition, as in `assert ctx.mails == 1`")
        }
        let condition = try parseExpression()
        var message: Expr?
        if current.kind == .comma {
            try skip()
            try skipNewlines()
            message = try parseExpression()
        }
        return Stmt(.assert(condition, message: message), at: location)
    }

    // MARK: - Expressions and assignments

    /// A bare expression, or an assignment `TARGET (=|+=|-=) EXPR`.
    @inline(never)
    func parseExpressionStatement() throws -> Stmt {
        if current.kind == .word, !Words.reserved.contains(current.text) {
            switch try peekKind() {
            case .dot, .leftBracket, .assign, .plusAssign, .minusAssign:
                if let assignment = try parseAssignment() {
                    return assignment
                }
            default:
                break
            }
        }
        let location = current.location
        let start = current.start
        let expr = try parseExpression()
        if Self.assignmentOperator(current.kind) != nil {
            throw error(
                "cannot assign to `\(sourceText(from: start))`; the left side of `\(current.text)` must be a name, optionally followed by `.field` or `[index]`",
                at: location)
        }
        return Stmt(.expression(expr), at: location)
    }

    /// Tries the left side of an assignment first; nil (and nothing read)
    /// when no assignment operator follows it, so that an expression is
    /// parsed instead.
    @inline(never)
    private func parseAssignment() throws -> Stmt? {
        let start = snapshot()
        guard let target = try? parseAssignmentTarget(),
              let op = Self.assignmentOperator(current.kind) else {
            restore(start)
            return nil
        }
        try skip()
        try skipNewlines()
        let value = try parseExpression()
        return Stmt(.assign(target, op, value), at: target.rootLocation)
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
    @inline(never)
    private func parseAssignmentTarget() throws -> AssignmentTarget {
        let root = try advance()
        var path: [AssignmentTarget.Step] = []
        let startDepth = depth
        defer { depth = startDepth }
        while true {
            switch current.kind {
            case .dot:
                try enter()
                try skip()
                guard current.kind == .word else { throw unexpected(expected: "a name after `.`") }
                path.append(.member(current.text, current.location))
                try skip()
            case .leftBracket:
                try enter()
                try skip()
                let index = try parseExpression()
                try expect(.rightBracket, "`]` to close the index")
                path.append(.index(index))
            default:
                return AssignmentTarget(root: root.text, rootLocation: root.location, path: path)
            }
        }
    }
}
