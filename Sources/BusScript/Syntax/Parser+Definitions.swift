/// Definitions (LANGUAGE.md §3, §4, §9): `command`, `event`, `handle`, `on`,
/// `outbox handler` and `fn`. Each keeps its exact source text for `show`
/// and `save`.
extension TokenParser {
    /// `command Name(field: Type [= default], ...)` or `event Name(...)`.
    func parseTypeDeclaration(_ kind: TypeDeclaration.Kind) throws -> Stmt {
        let keyword = try advance()
        let name = try parseDefinedName(after: "`\(kind.rawValue)`", example: "\(kind.rawValue) PlaceOrder(order_id: Int)")
        guard current.kind == .leftParen else {
            throw error(
                "`\(kind.rawValue) \(name.text)` needs a field list in parentheses, even an empty one: `\(kind.rawValue) \(name.text)()`")
        }
        try enter()
        try skip()
        var fields: [TypeDeclaration.Field] = []
        var seen: Set<String> = []
        while current.kind != .rightParen {
            guard current.kind == .word else {
                throw unexpected(expected: "a field name, as in `order_id: Int`, or `)`")
            }
            let fieldName = try advance()
            guard seen.insert(fieldName.text).inserted else {
                throw error("field `\(fieldName.text)` is declared twice in `\(name.text)`", at: fieldName)
            }
            try expect(.colon, "`:` and a type after the field name, as in `\(fieldName.text): Int`")
            let type = try parseType()
            var defaultValue: Expr?
            if current.kind == .assign {
                try advance()
                defaultValue = try parseExpression()
            }
            fields.append(TypeDeclaration.Field(name: fieldName.text, type: type, defaultValue: defaultValue, location: fieldName.location))
            if current.kind == .comma {
                try advance()
            } else if current.kind != .rightParen {
                throw unexpected(expected: "`,` or `)` after the field `\(fieldName.text)`")
            }
        }
        try advance()
        leave()
        let declaration = TypeDeclaration(kind: kind, name: name.text, fields: fields, sourceText: sourceText(from: keyword.start))
        return Stmt(.defineType(declaration), at: keyword.location)
    }

    /// A field type: `Int Double String Bool UUID Date Any`, `[T]`,
    /// `[String: T]`, each optionally followed by `?`.
    func parseType() throws -> TypeReference {
        var type: TypeReference
        switch current.kind {
        case .word:
            let word = try advance()
            guard let named = Self.namedType(word.text) else {
                throw error(Self.unknownTypeMessage(word.text), at: word)
            }
            type = named
        case .leftBracket:
            try enter()
            try skip()
            let keyLocation = current.location
            let element = try parseType()
            if current.kind == .colon {
                try advance()
                let value = try parseType()
                guard element == .string else {
                    throw error("map keys must be String: write `[String: \(value)]`", at: keyLocation)
                }
                type = .map(value)
            } else {
                type = .list(element)
            }
            try expect(.rightBracket, "`]` to close the type")
            leave()
        default:
            throw unexpected(expected: "a type: Int, Double, String, Bool, UUID, Date, Any, [T], [String: T] or T?")
        }
        if current.kind == .question {
            try advance()
            if case .optional = type {} else { type = .optional(type) }
        }
        return type
    }

    static func namedType(_ name: String) -> TypeReference? {
        switch name {
        case "Int": .int
        case "Double": .double
        case "String": .string
        case "Bool": .bool
        case "UUID": .uuid
        case "Date": .date
        case "Any": .any
        default: nil
        }
    }

    static func unknownTypeMessage(_ name: String) -> String {
        let known = "Int, Double, String, Bool, UUID, Date, Any, [T], [String: T] and T?"
        let suggestion: String? = switch name.lowercased() {
        case "int", "integer", "int64", "long": "Int"
        case "double", "float", "decimal", "number", "float64": "Double"
        case "string", "str", "text": "String"
        case "bool", "boolean": "Bool"
        case "uuid", "id": "UUID"
        case "date", "datetime", "timestamp": "Date"
        case "any": "Any"
        case "list", "array": "[T], as in [Int]"
        case "map", "dict", "dictionary": "[String: T], as in [String: Int]"
        default: nil
        }
        if let suggestion {
            return "unknown type `\(name)`; did you mean \(suggestion)? Field types are \(known)"
        }
        return "unknown type `\(name)`; field types are \(known)"
    }

    /// `handle Type [as name] { body }` or `on Type [as name] { body }`.
    func parseHandler(_ kind: HandlerDeclaration.Kind) throws -> Stmt {
        let keyword = try advance()
        let typeName = try parseDefinedName(after: "`\(keyword.text)`", example: "\(keyword.text) PlaceOrder { … }")
        var name: String?
        if current.isWord("as") {
            try advance()
            name = try parseHandlerName(after: "`as`").text
        }
        let body = try parseBlock(.body, after: "`\(keyword.text) \(typeName.text)\(name.map { " as \($0)" } ?? "")`")
        let declaration = HandlerDeclaration(
            kind: kind, typeName: typeName.text, typeLocation: typeName.location, name: name,
            body: body, sourceText: sourceText(from: keyword.start))
        return Stmt(.defineHandler(declaration), at: keyword.location)
    }

    /// `outbox handler [name] { body }`; the current token is `handler`.
    func parseOutboxHandler(_ outbox: Token) throws -> Stmt {
        try advance()
        var name: String?
        if current.kind == .word {
            name = try parseHandlerName(after: "`outbox handler`").text
        }
        let body = try parseBlock(.body, after: "`outbox handler\(name.map { " \($0)" } ?? "")`")
        let declaration = HandlerDeclaration(
            kind: .outbox, typeName: nil, typeLocation: nil, name: name,
            body: body, sourceText: sourceText(from: outbox.start))
        return Stmt(.defineHandler(declaration), at: outbox.location)
    }

    /// `fn name(a, b) { body }`.
    func parseFunction() throws -> Stmt {
        let keyword = try advance()
        let name = try parseBindableName(.top, after: "`fn`")
        guard current.kind == .leftParen else {
            throw error("`fn \(name.text)` needs a parameter list, even an empty one: `fn \(name.text)() { … }`")
        }
        try enter()
        try skip()
        var parameters: [String] = []
        while current.kind != .rightParen {
            let parameter = try parseBindableName(.body, after: "`(` or `,` (a parameter)")
            if parameters.contains(parameter.text) {
                throw error("parameter `\(parameter.text)` appears twice in `fn \(name.text)`", at: parameter)
            }
            parameters.append(parameter.text)
            if current.kind == .comma {
                try advance()
            } else if current.kind != .rightParen {
                throw unexpected(expected: "`,` or `)` in the parameters of `fn \(name.text)`")
            }
        }
        try advance()
        leave()
        let body = try parseBlock(.body, after: "`fn \(name.text)(…)`")
        let declaration = FunctionDeclaration(name: name.text, parameters: parameters, body: body, sourceText: sourceText(from: keyword.start))
        return Stmt(.defineFunction(declaration), at: keyword.location)
    }

    /// The name of a type being defined or handled: any word but a reserved one.
    func parseDefinedName(after: String, example: String) throws -> Token {
        guard current.kind == .word else {
            throw unexpected(expected: "a type name after \(after), as in `\(example)`")
        }
        if Words.reserved.contains(current.text) {
            throw error("`\(current.text)` is a reserved word and cannot name a type")
        }
        return try advance()
    }

    /// A handler's name: any word but a reserved one.
    func parseHandlerName(after: String) throws -> Token {
        guard current.kind == .word else {
            throw unexpected(expected: "a handler name after \(after)")
        }
        if Words.reserved.contains(current.text) {
            throw error("`\(current.text)` is a reserved word and cannot name a handler")
        }
        return try advance()
    }
}
