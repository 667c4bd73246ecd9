import Foundation
import OrderedCollections

extension Interpreter {
    // MARK: Types

    func defineType(_ declaration: TypeDeclaration, at location: SourceLocation) throws {
        let name = declaration.name
        try checkNameIsFree(name, for: "type", at: location)
        var fields: [MessageTypeDefinition.Field] = []
        var seen = Set<String>()
        for field in declaration.fields {
            guard seen.insert(field.name).inserted else {
                throw ScriptFailure("field `\(field.name)` is declared twice in \(name)", at: field.location)
            }
            var defaultValue: Value?
            if let expr = field.defaultValue {
                let value = try constantValue(expr)
                guard let stored = field.type.coerce(value) else {
                    throw ScriptFailure("wrong type for the default of `\(field.name)`: expected \(field.type), got \(Interpreter.describe(value))\(value.isNil ? "; write the type as \(field.type)? to allow nil" : "")", at: expr.location)
                }
                defaultValue = stored
            } else if field.type.isOptional {
                defaultValue = .nil
            }
            fields.append(.init(name: field.name, type: field.type, defaultValue: defaultValue))
        }
        let definition = MessageTypeDefinition(kind: declaration.kind, name: name, fields: fields, declaration: declaration, location: location)
        let previous = definitions.types[name]
        definitions.types[name] = definition
        guard let previous else { return }

        if previous.kind != declaration.kind {
            var removed: [String] = []
            if let handler = definitions.commandHandlers.removeValue(forKey: name) { removed.append(handler.name) }
            if let handlers = definitions.eventHandlers.removeValue(forKey: name) { removed += handlers.map(\.name) }
            registerHandlers(for: name)
            let list = removed.isEmpty ? "" : "; removed its handlers: " + removed.map { "`\($0)`" }.joined(separator: ", ")
            note("redefined \(name) as \(declaration.kind == .command ? "a command" : "an event")\(list)")
        } else {
            note("redefined \(declaration.kind.rawValue) \(name)")
        }
        recheckHandlers()
    }

    /// After a type changes, every handler is checked again and each stale
    /// reference is reported (LANGUAGE.md §3).
    func recheckHandlers() {
        for handler in definitions.allHandlers {
            for problem in checkBody(of: handler) {
                note("warning: handler `\(handler.name)`: \(problem.location.map { "\($0): " } ?? "")\(problem.message)")
            }
        }
        for function in definitions.functions.values {
            var checker = Checker(types: definitions.types, place: .function, parameters: function.declaration.parameters)
            checker.checkBody(function.declaration.body)
            for problem in checker.errors {
                note("warning: function `\(function.name)`: \(problem.location.map { "\($0): " } ?? "")\(problem.message)")
            }
        }
    }

    /// Defaults are constant literals: nil, numbers, strings, Bools, and
    /// lists and maps of them.
    func constantValue(_ expr: Expr) throws -> Value {
        switch expr.kind {
        case .literal(let value):
            return value
        case .unary(.negate, let operand):
            return try Operations.negate(try constantValue(operand), at: expr.location)
        case .list(let items):
            return .list(try items.map(constantValue))
        case .map(let entries):
            var map = OrderedDictionary<String, Value>()
            for entry in entries {
                guard case .string(let key) = try constantValue(entry.key) else {
                    throw ScriptFailure("map keys must be Strings", at: entry.key.location)
                }
                let value = try constantValue(entry.value)
                if !value.isNil { map[key] = value }
            }
            return .map(map)
        default:
            throw ScriptFailure("a default must be a constant literal (a number, a string, true, false, nil, or a list or map of them)", at: expr.location)
        }
    }

    /// Types, functions and built-ins share one namespace.
    func checkNameIsFree(_ name: String, for kind: String, at location: SourceLocation) throws {
        if Builtins.isBuiltin(name) {
            throw ScriptFailure("`\(name)` is a built-in function; choose another name for the \(kind)", at: location)
        }
        if kind != "type", definitions.types[name] != nil {
            throw ScriptFailure("`\(name)` is already a message type; choose another name for the \(kind)", at: location)
        }
        if kind != "function", definitions.functions[name] != nil {
            throw ScriptFailure("`\(name)` is already a function; choose another name for the \(kind)", at: location)
        }
    }

    // MARK: Handlers

    func checkBody(of handler: HandlerDefinition) -> [ScriptFailure] {
        let place: Checker.Place
        switch handler.kind {
        case .command: place = .commandHandler(handler.typeName ?? "")
        case .event: place = .eventHandler(handler.typeName ?? "")
        case .outbox: place = .outboxHandler
        }
        var checker = Checker(types: definitions.types, place: place)
        checker.checkBody(handler.declaration.body)
        return checker.errors
    }

    func defineHandler(_ declaration: HandlerDeclaration, at location: SourceLocation) throws {
        let typeName = declaration.typeName ?? ""
        switch declaration.kind {
        case .command, .event:
            guard let type = definitions.types[typeName] else {
                throw ScriptFailure("unknown type `\(typeName)`\(DidYouMean.hint(for: typeName, among: definitions.types.keys)); define it first with `\(declaration.kind == .command ? "command" : "event") \(typeName)(…)`", at: declaration.typeLocation ?? location)
            }
            if declaration.kind == .command, type.kind == .event {
                throw ScriptFailure("\(typeName) is an event: its handlers are added with `on \(typeName) { … }`", at: declaration.typeLocation ?? location)
            }
            if declaration.kind == .event, type.kind == .command {
                throw ScriptFailure("\(typeName) is a command: its one handler is set with `handle \(typeName) { … }`", at: declaration.typeLocation ?? location)
            }
        case .outbox:
            break
        }
        let name = declaration.name ?? derivedHandlerName(declaration)
        var handler = HandlerDefinition(kind: declaration.kind, typeName: declaration.typeName, name: name, declaration: declaration, location: location)
        if let problem = checkBody(of: handler).first { throw problem }

        // A name held by another type's or another kind's handler is an error.
        if let existing = definitions.handler(named: name), existing.kind != handler.kind || existing.typeName != handler.typeName {
            let owner = existing.typeName.map { " of \($0)" } ?? ""
            throw ScriptFailure("`\(name)` is already the name of the \(existing.kindDescription)\(owner); choose another name with `as`", at: location)
        }
        switch declaration.kind {
        case .command:
            if let old = definitions.commandHandlers[typeName] {
                note(old.name == name ? "replaced handler `\(name)` of \(typeName)" : "replaced handler `\(old.name)` of \(typeName) with `\(name)`")
            }
            definitions.commandHandlers[typeName] = handler
            registerHandlers(for: typeName)
        case .event:
            var list = definitions.eventHandlers[typeName] ?? []
            if let index = list.firstIndex(where: { $0.name == name }) {
                handler.location = location
                list[index] = handler
                note("replaced handler `\(name)` of \(typeName) (its place in the order stays)")
            } else {
                list.append(handler)
            }
            definitions.eventHandlers[typeName] = list
            registerHandlers(for: typeName)
        case .outbox:
            if let index = definitions.outboxHandlers.firstIndex(where: { $0.name == name }) {
                definitions.outboxHandlers[index] = handler
                note("replaced outbox handler `\(name)` (its place in the order stays)")
            } else {
                definitions.outboxHandlers.append(handler)
            }
            registerOutboxHandlers()
        }
    }

    /// `place_order` for a command handler, `<type_snake>_<n>` for an event
    /// handler, `outbox_<n>` for an outbox handler (smallest free n ≥ 1).
    func derivedHandlerName(_ declaration: HandlerDeclaration) -> String {
        let base: String
        switch declaration.kind {
        case .command:
            return Interpreter.snakeCase(declaration.typeName ?? "handler")
        case .event:
            base = Interpreter.snakeCase(declaration.typeName ?? "event")
        case .outbox:
            base = "outbox"
        }
        let taken = Set(definitions.allHandlers.map(\.name))
        var n = 1
        while taken.contains("\(base)_\(n)") { n += 1 }
        return "\(base)_\(n)"
    }

    static func snakeCase(_ name: String) -> String {
        let chars = Array(name)
        var out = ""
        for (i, c) in chars.enumerated() {
            if c.isUppercase {
                let previous = i > 0 ? chars[i - 1] : nil
                let next = i + 1 < chars.count ? chars[i + 1] : nil
                if let previous, previous != "_",
                   previous.isLowercase || previous.isNumber || (previous.isUppercase && (next?.isLowercase ?? false)) {
                    out += "_"
                }
                out += c.lowercased()
            } else {
                out.append(c)
            }
        }
        return out
    }

    // MARK: Functions

    func defineFunction(_ declaration: FunctionDeclaration, at location: SourceLocation) throws {
        try checkNameIsFree(declaration.name, for: "function", at: location)
        var seen = Set<String>()
        for parameter in declaration.parameters where !seen.insert(parameter).inserted {
            throw ScriptFailure("parameter `\(parameter)` is declared twice", at: location)
        }
        var checker = Checker(types: definitions.types, place: .function, parameters: declaration.parameters)
        checker.checkBody(declaration.body)
        if let problem = checker.errors.first { throw problem }
        if definitions.functions[declaration.name] != nil {
            note("replaced function `\(declaration.name)`")
        }
        definitions.functions[declaration.name] = FunctionDefinition(name: declaration.name, declaration: declaration, location: location)
    }

    // MARK: Listing and removing

    func remove(_ name: String, at location: SourceLocation) throws {
        if let handler = definitions.handler(named: name) {
            switch handler.kind {
            case .command:
                if let typeName = handler.typeName { definitions.commandHandlers[typeName] = nil; registerHandlers(for: typeName) }
            case .event:
                if let typeName = handler.typeName {
                    definitions.eventHandlers[typeName]?.removeAll { $0.name == name }
                    if definitions.eventHandlers[typeName]?.isEmpty == true { definitions.eventHandlers[typeName] = nil }
                    registerHandlers(for: typeName)
                }
            case .outbox:
                definitions.outboxHandlers.removeAll { $0.name == name }
                registerOutboxHandlers()
            }
            note("removed \(handler.kindDescription) `\(name)`")
            return
        }
        if definitions.functions.removeValue(forKey: name) != nil {
            note("removed function `\(name)`")
            return
        }
        if definitions.types[name] != nil {
            throw ScriptFailure("`\(name)` is a message type; `remove` deletes handlers and functions (redefine a type to change it, `reset` to start over)", at: location)
        }
        let candidates = definitions.allHandlers.map(\.name) + definitions.functions.keys
        throw ScriptFailure("no handler or function named `\(name)`\(DidYouMean.hint(for: name, among: candidates)); `handlers` lists them", at: location)
    }

    func show(_ name: String, at location: SourceLocation) throws {
        if let type = definitions.types[name] {
            emit(.text(type.declaration.sourceText))
        } else if let handler = definitions.handler(named: name) {
            emit(.text(handler.savedText))
        } else if let function = definitions.functions[name] {
            emit(.text(function.declaration.sourceText))
        } else if Builtins.isBuiltin(name) {
            emit(.text("\(name) is a built-in function; `help builtins` describes it"))
        } else {
            let candidates = Array(definitions.types.keys) + definitions.allHandlers.map(\.name) + definitions.functions.keys
            throw ScriptFailure("nothing named `\(name)`\(DidYouMean.hint(for: name, among: candidates)); `types`, `handlers` and `vars` list what exists", at: location)
        }
    }

    func listTypes() {
        guard !definitions.types.isEmpty else {
            emit(.text("no types yet; define one with `command PlaceOrder(order_id: Int)` or `event OrderPlaced(order_id: Int)`"))
            return
        }
        var rows: [[String]] = [["TYPE", "KIND", "FIELDS", "HANDLERS"]]
        for type in definitions.types.values {
            let fields = type.fields.map { field -> String in
                var text = "\(field.name): \(field.type)"
                if let value = field.defaultValue, !(value.isNil && field.type.isOptional) { text += " = \(value.literalDescription)" }
                return text
            }.joined(separator: ", ")
            let handlers: [String]
            if type.kind == .command {
                handlers = definitions.commandHandlers[type.name].map { [$0.name] } ?? ["(none)"]
            } else {
                handlers = (definitions.eventHandlers[type.name] ?? []).map(\.name)
            }
            rows.append([type.name, type.kind.rawValue, fields, handlers.joined(separator: ", ")])
        }
        emitTable(rows)
    }

    func listHandlers() {
        let all = definitions.allHandlers
        guard !all.isEmpty else {
            emit(.text("no handlers yet; add one with `handle PlaceOrder { … }` or `on OrderPlaced { … }`"))
            return
        }
        var rows: [[String]] = [["HANDLER", "KIND", "TYPE", "DEFINED AT"]]
        for handler in all {
            rows.append([handler.name, handler.kindDescription, handler.typeName ?? "-", handler.location.description])
        }
        emitTable(rows)
    }

    func listVars() {
        if globals.isEmpty && definitions.functions.isEmpty {
            emit(.text("no top-level variables or functions yet"))
            return
        }
        var rows: [[String]] = [["NAME", "VALUE"]]
        for (name, value) in globals {
            var text = value.literalDescription
            if text.count > 60 { text = String(text.prefix(57)) + "..." }
            rows.append([name, text])
        }
        for function in definitions.functions.values {
            rows.append([function.name, "fn(\(function.declaration.parameters.joined(separator: ", ")))"])
        }
        emitTable(rows)
    }
}
