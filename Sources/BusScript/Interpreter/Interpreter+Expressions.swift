import Foundation
import OrderedCollections

extension Interpreter {
    func evaluate(_ expr: Expr, in frame: Frame) throws -> Value {
        switch expr.kind {
        case .literal(let value):
            return value
        case .interpolated(let parts):
            var text = ""
            for part in parts {
                switch part {
                case .text(let s): text += s
                case .expression(let e): text += try evaluate(e, in: frame).displayText
                }
            }
            try charge(frame, text.utf8.count / 8, at: expr.location)
            return .string(text)
        case .list(let items):
            var values: [Value] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(try evaluate(item, in: frame)) }
            let list = Value.list(values)
            try checkNesting(list, at: expr.location)
            return list
        case .map(let entries):
            var map = OrderedDictionary<String, Value>()
            for entry in entries {
                let key = try evaluate(entry.key, in: frame)
                guard case .string(let k) = key else {
                    throw ScriptFailure("map keys must be Strings, not \(key.typeName)", at: entry.key.location)
                }
                let value = try evaluate(entry.value, in: frame)
                // A map never holds nil: a nil value leaves its key out.
                if value.isNil { map[k] = nil } else { map[k] = value }
            }
            let result = Value.map(map)
            try checkNesting(result, at: expr.location)
            return result
        case .name(let name):
            return try lookup(name, in: frame, at: expr.location)
        case .member(let base, let name):
            if case .name("outbox") = base.kind, frame.scopeIndex(of: "outbox") == nil {
                return try outboxField(name, at: expr.location)
            }
            if case .name("msg") = base.kind, let message = frame.handledMessage {
                return try messageField(message, name, at: expr.location)
            }
            let value = try evaluate(base, in: frame)
            return try Operations.member(value, name, describing: base.sourceDescription, at: expr.location)
        case .index(let base, let index):
            let container = try evaluate(base, in: frame)
            let key = try evaluate(index, in: frame)
            return try Operations.index(container, key, describing: base.sourceDescription, at: expr.location)
        case .call(let name, let args):
            var values: [Value] = []
            values.reserveCapacity(args.count)
            for arg in args { values.append(try evaluate(arg, in: frame)) }
            return try call(name, values, in: frame, at: expr.location)
        case .unary(let op, let operand):
            let value = try evaluate(operand, in: frame)
            switch op {
            case .negate: return try Operations.negate(value, at: expr.location)
            case .not: return .bool(!(try Operations.condition(value, what: "the operand of `not`", at: operand.location)))
            }
        case .binary(let op, let lhs, let rhs):
            let left = try evaluate(lhs, in: frame)
            if op == .coalesce, !left.isNil { return left }
            let right = try evaluate(rhs, in: frame)
            let result = try Operations.binary(op, left, right, at: expr.location)
            if op == .add { try charge(frame, result.size, at: expr.location) }
            return result
        case .logical(let op, let lhs, let rhs):
            let left = try Operations.condition(try evaluate(lhs, in: frame), what: "the left side of `\(op.rawValue)`", at: lhs.location)
            if op == .and, !left { return .bool(false) }
            if op == .or, left { return .bool(true) }
            return .bool(try Operations.condition(try evaluate(rhs, in: frame), what: "the right side of `\(op.rawValue)`", at: rhs.location))
        }
    }

    /// Refuses values nested deeper than ``Value/maximumNesting``.
    func checkNesting(_ value: Value, extra: Int = 0, at location: SourceLocation) throws {
        if value.nests(deeperThan: Value.maximumNesting - extra) {
            throw ScriptFailure("lists and maps nest at most \(Value.maximumNesting) levels deep (out of range)", at: location)
        }
    }

    /// `msg.FIELD`. A field the message's type no longer has (the type was
    /// redefined after the handler) is an error, not a silent nil.
    func messageField(_ message: ScriptMessage, _ name: String, at location: SourceLocation) throws -> Value {
        if let value = message.fields[name] { return value }
        let type = definitions.types[message.name]
        if type?.field(named: name) == nil {
            let fields = type?.fields.map(\.name) ?? Array(message.fields.keys)
            throw ScriptFailure("unknown field `\(name)`: \(message.name) has no field `\(name)` (was the type redefined?)\(DidYouMean.hint(for: name, among: fields))", at: location)
        }
        return .nil
    }

    func lookup(_ name: String, in frame: Frame, at location: SourceLocation) throws -> Value {
        if let index = frame.scopeIndex(of: name), let value = frame.scopes[index][name] {
            return value
        }
        switch name {
        case "ctx":
            return .map(context.values)
        case "msg":
            if let value = frame.messageValue { return value }
        case "last":
            if frame.isTopLevel { return last }
        case "message":
            if case .outbox(let run) = frame.role { return run.recordValue }
        case "outbox":
            return try outboxValue(at: location)
        default:
            break
        }
        if frame.isTopLevel, let value = globals[name] { return value }
        let candidates = frame.scopes.flatMap(\.keys) + (frame.isTopLevel ? Array(globals.keys) : [])
        throw ScriptFailure("`\(name)` is not defined\(DidYouMean.hint(for: name, among: candidates))", at: location)
    }

    /// A built-in or a user function, looked up when called.
    func call(_ name: String, _ args: [Value], in frame: Frame, at location: SourceLocation) throws -> Value {
        if Builtins.isBuiltin(name) {
            try charge(frame, Interpreter.cost(ofBuiltin: name, args), at: location)
            let result = try Builtins.call(name, args, at: location, environment: self)
            try charge(frame, result.size, at: location)
            return result
        }
        guard let function = definitions.functions[name] else {
            let candidates = Array(definitions.functions.keys) + Array(Builtins.arities.keys)
            throw ScriptFailure("`\(name)` is not defined as a function\(DidYouMean.hint(for: name, among: candidates))", at: location)
        }
        let parameters = function.declaration.parameters
        guard parameters.count == args.count else {
            throw ScriptFailure("\(name)() takes \(parameters.count) argument\(parameters.count == 1 ? "" : "s"), got \(args.count)", at: location)
        }
        guard frame.depth < 200 else {
            throw ScriptFailure("call depth: more than 200 nested calls (is `\(name)` recursing without end?)", at: location)
        }
        var scope: [String: Value] = [:]
        for (parameter, value) in zip(parameters, args) { scope[parameter] = value }
        let callee = Frame(function: name, calledFrom: frame, parameters: scope)
        try tick(frame, at: location)
        switch try execute(function.declaration.body, in: callee) {
        case .returned(let value): return value
        default: return .nil
        }
    }
}
