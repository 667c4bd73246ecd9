/// Command words (LANGUAGE.md §1, §6, §9–§12): keywords at the start of a
/// statement in top-level code, ordinary names inside handler and `fn`
/// bodies. Also message literals, which only follow `send`, `step`, `emit`,
/// `outbox add` and stand in `batch [...]`.
extension TokenParser {
    /// A statement that starts with a command word in top-level code.
    func parseCommand(_ place: StatementPlace) throws -> Stmt {
        // The word and its location, not the token: a token copy costs retains.
        let keyword = current.text
        let location = current.location
        if Self.assignmentOperator(try peekKind()) != nil {
            throw error("`\(keyword)` is a command word; top-level code cannot use it as a name")
        }
        switch keyword {
        case "command", "event":
            try requireTopLevel(place, for: "`\(keyword)`")
            return try parseTypeDeclaration(keyword == "command" ? .command : .event)
        case "handle", "on":
            try requireTopLevel(place, for: "`\(keyword)`")
            return try parseHandler(keyword == "handle" ? .command : .event)
        case "outbox":
            return try parseOutbox(place)
        case "send":
            try skip()
            return Stmt(.send(try parseMessageLiteral(after: "send")), at: location)
        case "step":
            try skip()
            return Stmt(.step(try parseMessageLiteral(after: "step")), at: location)
        case "batch":
            return try parseBatch()
        case "next": return try bare(.next)
        case "run": return try bare(.run)
        case "queue": return try bare(.queue)
        case "types": return try bare(.types)
        case "handlers": return try bare(.handlers)
        case "vars": return try bare(.vars)
        case "begin": return try bare(.begin)
        case "commit": return try bare(.commit)
        case "rollback": return try bare(.rollback)
        case "show":
            try skip()
            return Stmt(.show(try parseCommandArgumentWord(of: "show", example: "show PlaceOrder")), at: location)
        case "remove":
            try skip()
            return Stmt(.remove(try parseCommandArgumentWord(of: "remove", example: "remove send_email")), at: location)
        case "set":
            return try parseSet()
        case "reset":
            try skip()
            if current.isWord("data") {
                try skip()
                return Stmt(.reset(data: true), at: location)
            }
            if !atStatementEnd {
                throw unexpected(expected: "`data` or the end of the statement after `reset`")
            }
            return Stmt(.reset(data: false), at: location)
        case "load", "save":
            try skip()
            if atStatementEnd {
                throw error("`\(keyword)` needs a path, as in `\(keyword) \"shop.bus\"`")
            }
            let path = try parseExpression()
            return Stmt(keyword == "load" ? .load(path) : .save(path), at: location)
        case "graph":
            return try parseGraph()
        case "help":
            try skip()
            if atStatementEnd { return Stmt(.help(nil), at: location) }
            guard current.kind == .word else {
                throw unexpected(expected: "a topic after `help`, as in `help outbox`")
            }
            let topic = try advance().text
            if current.kind == .word {
                throw error("`help` takes one topic word, as in `help \(topic)`")
            }
            return Stmt(.help(topic), at: location)
        case "quit", "exit":
            try skip()
            return Stmt(.quit(atStatementEnd ? nil : try parseExpression()), at: location)
        case "expect":
            return try parseExpectError(place)
        default:
            throw error("unexpected `\(keyword)`", at: location)
        }
    }

    /// A command word that takes nothing after it.
    private func bare(_ kind: Stmt.Kind) throws -> Stmt {
        let keyword = try advance()
        if !atStatementEnd {
            throw unexpected(expected: "the end of the statement; `\(keyword.text)` takes nothing after it")
        }
        return Stmt(kind, at: keyword.location)
    }

    /// The word after `show` or `remove`: any word.
    private func parseCommandArgumentWord(of keyword: String, example: String) throws -> String {
        guard current.kind == .word else {
            if atStatementEnd {
                throw error("`\(keyword)` needs a name, as in `\(example)`")
            }
            throw unexpected(expected: "a name after `\(keyword)`, as in `\(example)`")
        }
        return try advance().text
    }

    // MARK: - Messages

    /// `T(label: expr, ...)`; `after` is the statement's keyword, for errors.
    func parseMessageLiteral(after keyword: String) throws -> MessageLiteral {
        guard current.kind == .word else {
            throw unexpected(expected: "a message type after `\(keyword)`, as in `\(keyword) PlaceOrder(order_id: 1)`")
        }
        if Words.reserved.contains(current.text) {
            throw error("`\(current.text)` is a reserved word, not a message type")
        }
        // Names and locations rather than whole tokens: a token copy costs
        // retains, and every `send` line is one of these.
        let name = current.text
        let nameLocation = current.location
        try skip()
        guard current.kind == .leftParen else {
            throw error("`\(name)` needs parentheses, even with no fields: `\(name)()`")
        }
        try enter()
        try skip()
        var arguments: [MessageLiteral.Argument] = []
        // Literals have few fields: a scan finds a repeated label for less
        // than a set, which only a long literal gets.
        var labels: Set<String> = []
        while current.kind != .rightParen {
            if current.kind == .end {
                throw unexpected(expected: "`)`")
            }
            guard current.kind == .word, try peekKind() == .colon else {
                throw error("message fields need labels: `\(name)(field: value)`")
            }
            let label = current.text
            let labelLocation = current.location
            try skip()
            try skip()
            if arguments.count == 32 { labels = Set(arguments.map(\.label)) }
            let repeated = arguments.count < 32 ? arguments.contains { $0.label == label } : !labels.insert(label).inserted
            guard !repeated else {
                throw error("field `\(label)` is given twice", at: labelLocation)
            }
            let value = try parseExpression()
            arguments.append(MessageLiteral.Argument(label: label, labelLocation: labelLocation, value: value))
            if current.kind == .comma {
                try skip()
            } else if current.kind != .rightParen {
                throw unexpected(expected: "`,` or `)` in `\(name)(…)`")
            }
        }
        try skip()
        leave()
        return MessageLiteral(typeName: name, location: nameLocation, arguments: arguments)
    }

    /// `batch [T(...), T(...)]`.
    private func parseBatch() throws -> Stmt {
        let keyword = try advance()
        guard current.kind == .leftBracket else {
            throw error("`batch` takes a list of messages in brackets: `batch [PlaceOrder(order_id: 1), PlaceOrder(order_id: 2)]`")
        }
        try enter()
        try skip()
        var messages: [MessageLiteral] = []
        while current.kind != .rightBracket {
            messages.append(try parseMessageLiteral(after: "batch ["))
            if current.kind == .comma {
                try skip()
            } else if current.kind != .rightBracket {
                throw unexpected(expected: "`,` or `]` in the `batch` list")
            }
        }
        try skip()
        leave()
        return Stmt(.batch(messages), at: keyword.location)
    }

    // MARK: - Outbox

    /// `outbox`, `outbox show ID`, `outbox step`, `outbox run`,
    /// `outbox retry [ID]`, `outbox purge`, `outbox add …`, `outbox handler …`.
    private func parseOutbox(_ place: StatementPlace) throws -> Stmt {
        let outbox = try advance()
        let location = outbox.location
        if atStatementEnd { return Stmt(.outboxTable, at: location) }
        let expected = "`show`, `step`, `run`, `retry`, `purge`, `add` or `handler` after `outbox` (or `outbox.pending`, …)"
        guard current.kind == .word else { throw unexpected(expected: expected) }
        switch current.text {
        case "add":
            return try parseOutboxAdd(outbox)
        case "handler":
            try requireTopLevel(place, for: "`outbox handler`")
            return try parseOutboxHandler(outbox)
        case "step":
            try skip()
            return Stmt(.outboxStep, at: location)
        case "run":
            try skip()
            return Stmt(.outboxRun, at: location)
        case "purge":
            try skip()
            return Stmt(.outboxPurge, at: location)
        case "show":
            guard let identifier = try parseOutboxIdentifier() else {
                throw error("`outbox show` needs an id, as in `outbox show 1f3c`")
            }
            return Stmt(.outboxShow(identifier), at: location)
        case "retry":
            return Stmt(.outboxRetry(try parseOutboxIdentifier()), at: location)
        default:
            throw unexpected(expected: expected)
        }
    }

    /// The id after `outbox show` / `outbox retry` (the current token): a raw
    /// word of hex digits and dashes is a prefix; anything else an
    /// expression; nothing at all nil.
    private func parseOutboxIdentifier() throws -> OutboxIdentifier? {
        // Nothing after the keyword has been read yet, so the raw text that
        // follows can be looked at before it is split into tokens.
        if lookahead.isEmpty, let word = lexer.readHexWord() {
            try skip()
            previousEnd = word.end
            return .prefix(word.word)
        }
        try skip()
        if atStatementEnd { return nil }
        return .expression(try parseExpression())
    }

    /// `outbox add T(…) [meta EXPR]`; the current token is `add`.
    func parseOutboxAdd(_ outbox: Token) throws -> Stmt {
        try skip()
        let message = try parseMessageLiteral(after: "outbox add")
        var meta: Expr?
        if current.isWord("meta") {
            try skip()
            if atStatementEnd {
                throw error("`meta` needs a map, as in `meta [\"source\": \"web\"]`")
            }
            meta = try parseExpression()
        }
        return Stmt(.outboxAdd(message, meta: meta), at: outbox.location)
    }

    // MARK: - Settings, graph, expect

    /// `set`, or `set NAME VALUE` with a literal or a bare word as VALUE.
    private func parseSet() throws -> Stmt {
        let keyword = try advance()
        if atStatementEnd { return Stmt(.set(name: nil, value: nil), at: keyword.location) }
        guard current.kind == .word else {
            throw unexpected(expected: "a setting name after `set`, as in `set trace json`")
        }
        let name = try advance()
        if atStatementEnd {
            throw error("`set \(name.text)` needs a value, as in `set trace json`; `set` alone lists the settings")
        }
        let value: SettingValue
        let token = current
        switch token.kind {
        case .int:
            try skip()
            guard let number = Int(token.text) else {
                throw error("integer literal \(token.text) is out of range", at: token.location)
            }
            value = .int(number)
        case .double:
            try skip()
            value = .double(try doubleValue(token))
        case .minus:
            try skip()
            let number = current
            if number.kind == .int {
                try skip()
                guard let negative = Int("-" + number.text) else {
                    throw error("integer literal -\(number.text) is out of range", at: token.location)
                }
                value = .int(negative)
            } else if number.kind == .double {
                try skip()
                value = .double(-(try doubleValue(number)))
            } else {
                throw unexpected(expected: "a number after `-`")
            }
        case .string:
            try skip()
            guard token.pieces.count == 1, case .text(let text) = token.pieces[0] else {
                throw error("the value of `set` must be a plain string, without `\\( )`", at: token)
            }
            value = .string(text)
        case .word:
            try skip()
            switch token.text {
            case "true": value = .bool(true)
            case "false": value = .bool(false)
            default: value = .word(token.text)
            }
        default:
            throw unexpected(expected: "a value for `\(name.text)`: a number, a string, `true`, `false` or a word such as `json`")
        }
        return Stmt(.set(name: name.text, value: value), at: keyword.location)
    }

    /// `graph [TYPE] [--mermaid|--dot]`; the format is kept without dashes.
    private func parseGraph() throws -> Stmt {
        let keyword = try advance()
        var typeName: String?
        var format: String?
        while !atStatementEnd {
            if current.kind == .minus, format == nil {
                let dash = try advance()
                guard current.kind == .minus, try peek().kind == .word else {
                    throw error("unknown `graph` option; use `--mermaid` or `--dot`", at: dash)
                }
                try skip()
                let option = try advance()
                guard option.text == "mermaid" || option.text == "dot" else {
                    throw error("unknown `graph` option `--\(option.text)`; use `--mermaid` or `--dot`", at: dash)
                }
                format = option.text
            } else if current.kind == .word, typeName == nil {
                typeName = try advance().text
            } else {
                throw unexpected(expected: "a type name, `--mermaid` or `--dot` after `graph`")
            }
        }
        return Stmt(.graph(typeName, format: format), at: keyword.location)
    }

    /// `expect error ["TEXT"] STATEMENT`; the nested statement is parsed
    /// with the same rules as the `expect` itself.
    func parseExpectError(_ place: StatementPlace) throws -> Stmt {
        switch try peekKind() {
        case .dot:
            return try parseExpressionStatement()
        case .assign, .plusAssign, .minusAssign:
            throw error("`expect` is a command word; top-level code cannot use it as a name")
        default:
            break
        }
        let location = current.location
        try skip()
        guard current.isWord("error") else {
            throw unexpected(expected: "`error` after `expect`, as in `expect error \"out of stock\" send PlaceOrder(order_id: 1)`")
        }
        try skip()
        let text = try parseExpectedText()
        if atStatementEnd {
            throw error("`expect error` needs a statement to run, as in `expect error send PlaceOrder(order_id: 1)`")
        }
        try enter()
        defer { leave() }
        let statement = try parseStatement(place)
        return Stmt(.expectError(text, statement), at: location)
    }

    /// The plain string right after `expect error`, if there is one.
    private func parseExpectedText() throws -> String? {
        guard current.kind == .string else { return nil }
        guard current.pieces.count == 1, case .text(let plain) = current.pieces[0] else {
            throw error("the text after `expect error` must be a plain string, without `\\( )`")
        }
        try skip()
        return plain
    }

    // MARK: - Command words in bodies

    /// A statement that starts with a command word inside a handler or `fn`
    /// body, where command words are ordinary names: `outbox add …` is a
    /// statement; what is clearly a top-level command is an error that says
    /// so; anything else is nil (an expression or assignment follows).
    func parseCommandWordInBody() throws -> Stmt? {
        let keyword = current
        let next = try peek()
        switch keyword.text {
        case "outbox":
            if next.isWord("add") {
                try skip()
                return try parseOutboxAdd(keyword)
            }
            if next.isWord("handler") {
                throw error("`outbox handler` definitions stand only at the top level, not inside a handler or function", at: keyword)
            }
            if next.kind == .word, ["show", "step", "run", "retry", "purge"].contains(next.text) {
                throw error("`outbox \(next.text)` is only for the top level", at: keyword)
            }
            if next.kind == .newline || next.kind == .semicolon || next.kind == .rightBrace || next.kind == .end {
                throw error("`outbox` (the table) is only for the top level; read `outbox.pending` or `outbox.messages` here", at: keyword)
            }
            return nil
        case "send", "step":
            if next.kind == .word {
                throw error("`\(keyword.text)` is only for the top level; use `emit` inside a handler", at: keyword)
            }
        case "batch":
            if next.kind == .leftBracket, try peek(2).kind == .word, try peek(3).kind == .leftParen {
                throw error("`batch` is only for the top level; use `emit` inside a handler", at: keyword)
            }
        case "command", "event", "handle", "on":
            if next.kind == .word {
                throw error("`\(keyword.text)` definitions stand only at the top level, not inside a handler or function", at: keyword)
            }
        default:
            break
        }
        switch next.kind {
        case .word, .int, .double, .string, .newline, .semicolon, .rightBrace, .end:
            throw error("`\(keyword.text)` is only for the top level", at: keyword)
        default:
            return nil
        }
    }
}
