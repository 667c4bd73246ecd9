import OrderedCollections

/// Checks a statement or a body against the current definitions before it
/// runs (LANGUAGE.md §4 "Resolution", §13): names, `msg.FIELD`, the types
/// and labels of message literals, where each statement may stand.
///
/// Calls to user functions are not checked here: they are looked up when
/// made, so functions may be defined in any order.
struct Checker {
    /// Where the checked code runs.
    enum Place: Equatable {
        case topLevel
        case commandHandler(String)
        case eventHandler(String)
        case outboxHandler
        case function

        var isHandler: Bool {
            switch self {
            case .commandHandler, .eventHandler, .outboxHandler: true
            default: false
            }
        }
    }

    static let messageRecordFields = ["id", "type", "name", "payload", "meta", "attempts", "created_at", "status", "error"]
    static let lastFields = ["result", "ok", "error", "errors", "messages", "handlers"]
    static let outboxFields = ["pending", "processed", "dead", "total", "messages"]
    static let predefined: Set<String> = ["msg", "ctx", "message", "outbox", "last"]

    let types: OrderedDictionary<String, MessageTypeDefinition>
    /// The session's top-level names (looked up, not copied: a long session
    /// has many).
    private let globals: OrderedDictionary<String, Value>
    let place: Place
    /// Every error found; `check` throws the first.
    private(set) var errors: [ScriptFailure] = []
    private var scopes: [Set<String>]
    private var loopDepth = 0

    /// - Parameters:
    ///   - globals: names bound at the top level (visible only to top-level code).
    init(types: OrderedDictionary<String, MessageTypeDefinition>, place: Place, globals: OrderedDictionary<String, Value> = [:], parameters: [String] = []) {
        self.types = types
        self.place = place
        self.globals = globals
        self.scopes = [[], Set(parameters)]
    }

    /// Checks one top-level statement; throws its first error.
    mutating func checkTopLevel(_ statement: Stmt) throws {
        statementAtTop(statement)
        if let first = errors.first { throw first }
    }

    /// Checks a handler or function body; collects every error.
    mutating func checkBody(_ block: Block) {
        self.block(block)
    }

    // MARK: Statements

    private mutating func statementAtTop(_ statement: Stmt) {
        // Top-level `let` of an existing name rebinds it; definitions and
        // command words are checked when they run.
        self.statement(statement, topLevelOutermost: true)
    }

    private mutating func block(_ block: Block) {
        scopes.append([])
        for statement in block.statements { self.statement(statement, topLevelOutermost: false) }
        scopes.removeLast()
    }

    private mutating func statement(_ statement: Stmt, topLevelOutermost: Bool) {
        let location = statement.location
        switch statement.kind {
        case .let_(let name, let value):
            expression(value)
            if Checker.predefined.contains(name) {
                error("`\(name)` is predefined and cannot be bound", at: location)
            } else if !topLevelOutermost, let innermost = scopes.last, innermost.contains(name) {
                error("`\(name)` is already bound in this block; assign with `\(name) = …` instead", at: location)
            }
            bind(name, outermost: topLevelOutermost)
        case .assign(let target, _, let value):
            assignmentTarget(target)
            expression(value)
        case .expression(let expr):
            expression(expr)
        case .if_(let branches, let elseBlock):
            for branch in branches {
                expression(branch.condition)
                block(branch.body)
            }
            if let elseBlock { block(elseBlock) }
        case .for_(let name, let sequence, let body):
            expression(sequence)
            if Checker.predefined.contains(name) { error("`\(name)` is predefined and cannot be bound", at: location) }
            scopes.append([name])
            loopDepth += 1
            block(body)
            loopDepth -= 1
            scopes.removeLast()
        case .while_(let condition, let body):
            expression(condition)
            loopDepth += 1
            block(body)
            loopDepth -= 1
        case .break_, .continue_:
            if loopDepth == 0 {
                error("`\(statement.kind.keyword)` must be inside a `for` or `while` loop", at: location)
            }
        case .return_(let value):
            if place == .topLevel { error("`return` is for handler and function bodies", at: location) }
            if let value { expression(value) }
        case .fail(let value), .print(let value):
            expression(value)
        case .assert(let condition, let message):
            expression(condition)
            if let message { expression(message) }
        case .emit(let literal):
            switch place {
            case .commandHandler, .eventHandler: break
            case .topLevel: error("`emit` is for handler bodies; at the top level use `send`", at: location)
            case .outboxHandler: error("an outbox handler hands its message to the bus with `dispatch`, not `emit`", at: location)
            case .function: error("a function cannot `emit`; emit from the handler that calls it", at: location)
            }
            messageLiteral(literal)
        case .outboxAdd(let literal, let meta):
            if place == .function { error("a function cannot use `outbox add`", at: location) }
            if place == .outboxHandler { error("an outbox handler cannot add outbox messages", at: location) }
            messageLiteral(literal)
            if let meta { expression(meta) }
        case .dispatch:
            if place != .outboxHandler { error("`dispatch` is for outbox handler bodies", at: location) }
        case .crash:
            if place == .function { error("a function cannot `crash`", at: location) }
        case .send(let literal), .step(let literal):
            messageLiteral(literal)
        case .batch(let literals):
            for literal in literals { messageLiteral(literal) }
        case .load(let expr), .save(let expr):
            expression(expr)
        case .quit(let expr):
            if let expr { expression(expr) }
        case .outboxShow(let id):
            if case .expression(let expr) = id { expression(expr) }
        case .outboxRetry(let id):
            if case .expression(let expr)? = id { expression(expr) }
        case .expectError:
            // The inner statement is checked when it runs, so that its
            // checking error is what `expect error` catches.
            break
        case .defineType, .defineHandler, .defineFunction, .next, .run, .queue, .types, .show, .handlers,
             .vars, .remove, .set, .reset, .help, .begin, .commit, .rollback, .outboxTable, .outboxStep,
             .outboxRun, .outboxPurge, .graph:
            break
        }
    }

    private mutating func assignmentTarget(_ target: AssignmentTarget) {
        switch target.root {
        case "msg", "message", "last", "outbox":
            error("`\(target.root)` is read-only", at: target.rootLocation)
        case "ctx":
            if target.path.isEmpty {
                error("assign to a key of the context, as in `ctx.stock = …`, not to `ctx` itself", at: target.rootLocation)
            }
        default:
            if !isBound(target.root) {
                error("`\(target.root)` is not defined; declare it first with `let \(target.root) = …`", at: target.rootLocation)
            }
        }
        for step in target.path {
            if case .index(let expr) = step { expression(expr) }
        }
    }

    private mutating func messageLiteral(_ literal: MessageLiteral) {
        // By index: iterating would copy each argument (its label and locations).
        for index in literal.arguments.indices { expression(literal.arguments[index].value) }
        guard let type = types[literal.typeName] else {
            let hint = DidYouMean.hint(for: literal.typeName, among: types.keys)
            let advice = hint.isEmpty ? "; define it first with `command \(literal.typeName)(…)` or `event \(literal.typeName)(…)`" : hint
            error("unknown type `\(literal.typeName)`\(advice)", at: literal.location)
            return
        }
        // Every field given once, in order: nothing to report.
        if type.takesInOrder(literal.arguments) { return }
        var seen = Set<String>()
        for argument in literal.arguments {
            if !seen.insert(argument.label).inserted {
                error("field `\(argument.label)` is given twice", at: argument.labelLocation)
            } else if type.field(named: argument.label) == nil {
                let hint = DidYouMean.hint(for: argument.label, among: type.fields.map(\.name))
                error("unknown field `\(argument.label)` for \(type.name)\(hint)", at: argument.labelLocation)
            }
        }
        for field in type.fields where !seen.contains(field.name) && field.defaultValue == nil && !field.type.isOptional {
            error("missing field `\(field.name)` for \(type.name) (\(field.name): \(field.type))", at: literal.location)
        }
    }

    // MARK: Expressions

    private mutating func expression(_ expr: Expr) {
        switch expr.kind {
        case .literal:
            break
        case .interpolated(let parts):
            for case .expression(let inner) in parts { expression(inner) }
        case .list(let items):
            for item in items { expression(item) }
        case .map(let entries):
            for entry in entries {
                expression(entry.key)
                expression(entry.value)
            }
        case .name(let name):
            name_(name, at: expr.location)
        case .member(let base, let member):
            expression(base)
            memberOfPredefined(base, member, at: expr.location)
        case .index(let base, let index):
            expression(base)
            expression(index)
        case .call(let name, let args):
            for arg in args { expression(arg) }
            if Builtins.isBuiltin(name) {
                do { try Builtins.checkArity(name, count: args.count, at: expr.location) } catch let failure as ScriptFailure {
                    errors.append(failure)
                } catch {}
            }
        case .unary(_, let operand):
            expression(operand)
        case .binary(_, let lhs, let rhs), .logical(_, let lhs, let rhs):
            expression(lhs)
            expression(rhs)
        }
    }

    private mutating func name_(_ name: String, at location: SourceLocation) {
        switch name {
        case "ctx", "outbox":
            return
        case "msg":
            switch place {
            case .commandHandler, .eventHandler: return
            case .outboxHandler: error("an outbox handler reads its stored record as `message`, not `msg`", at: location)
            case .function: error("a function cannot read `msg`; pass what it needs as arguments", at: location)
            case .topLevel: error("`msg` is the message being handled; it exists only in handler bodies", at: location)
            }
        case "message":
            switch place {
            case .outboxHandler: return
            case .commandHandler, .eventHandler: error("a command or event handler reads its message as `msg`", at: location)
            case .function: error("a function cannot read `message`; pass what it needs as arguments", at: location)
            case .topLevel: error("`message` is the outbox record being processed; it exists only in outbox handler bodies", at: location)
            }
        case "last":
            if place != .topLevel { error("`last` is for top-level code", at: location) }
        default:
            if !isBound(name) {
                var candidates = scopes.flatMap { $0 } + ["ctx"] + globals.keys
                // A statement word typed wrong, alone on its line (`runn`).
                if place == .topLevel { candidates += Words.commands }
                var hint = DidYouMean.hint(for: name, among: candidates)
                // `sku: LAMP` where a String was meant.
                if hint.isEmpty, types[name] == nil, name.first?.isUppercase == true {
                    hint = "; for text, write it in quotes: \"\(name)\""
                }
                error("`\(name)` is not defined\(hint)", at: location)
            }
        }
    }

    private mutating func memberOfPredefined(_ base: Expr, _ member: String, at location: SourceLocation) {
        guard case .name(let root) = base.kind else { return }
        switch root {
        case "msg":
            let typeName: String
            switch place {
            case .commandHandler(let name), .eventHandler(let name): typeName = name
            default: return
            }
            guard let type = types[typeName] else { return }
            if type.field(named: member) == nil {
                let hint = DidYouMean.hint(for: member, among: type.fields.map(\.name))
                error("unknown field `\(member)`: \(type.name) has no field `\(member)`\(hint)", at: location)
            }
        case "message" where place == .outboxHandler:
            if !Checker.messageRecordFields.contains(member) {
                error("unknown field `\(member)` of the outbox record\(DidYouMean.hint(for: member, among: Checker.messageRecordFields))", at: location)
            }
        case "last" where place == .topLevel && !isBound("last"):
            if !Checker.lastFields.contains(member) {
                error("`last` has no field `\(member)`\(DidYouMean.hint(for: member, among: Checker.lastFields))", at: location)
            }
        case "outbox":
            if !Checker.outboxFields.contains(member) {
                error("`outbox` has no field `\(member)`\(DidYouMean.hint(for: member, among: Checker.outboxFields))", at: location)
            }
        default:
            return
        }
    }

    // MARK: Scopes

    private func isBound(_ name: String) -> Bool {
        globals[name] != nil || scopes.contains { $0.contains(name) }
    }

    private mutating func bind(_ name: String, outermost: Bool) {
        if outermost {
            scopes[0].insert(name)
        } else if !scopes.isEmpty {
            scopes[scopes.count - 1].insert(name)
        }
    }

    private mutating func error(_ message: String, at location: SourceLocation) {
        errors.append(ScriptFailure(message, at: location))
    }
}

extension Stmt.Kind {
    /// The keyword that starts this statement, for messages.
    var keyword: String {
        switch self {
        case .break_: "break"
        case .continue_: "continue"
        case .return_: "return"
        default: "statement"
        }
    }
}
