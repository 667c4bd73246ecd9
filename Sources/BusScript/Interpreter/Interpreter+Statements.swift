import Foundation
import OrderedCollections

extension Interpreter {
    func execute(_ block: Block, in frame: Frame) throws -> Flow {
        frame.scopes.append([:])
        defer { frame.scopes.removeLast() }
        for statement in block.statements {
            let flow = try execute(statement, in: frame, echo: false)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    /// Runs one statement. `echo` is true for a statement written directly
    /// at the top level: a bare expression there shows its value.
    func execute(_ statement: Stmt, in frame: Frame, echo: Bool) throws -> Flow {
        let location = statement.location
        try tick(frame, at: location)
        switch statement.kind {
        case .let_(let name, let expr):
            let value = try evaluate(expr, in: frame)
            if frame.isTopLevel, frame.scopes.count <= 1 {
                globals[name] = value
            } else {
                frame.scopes[frame.scopes.count - 1][name] = value
            }
        case .assign(let target, let op, let expr):
            try assign(target, op, expr, in: frame, at: location)
        case .expression(let expr):
            if echo, case .name("last") = expr.kind {
                // A bare `last` shows its cascade again (LastCascadeTrace).
                showLast()
                break
            }
            let value = try evaluate(expr, in: frame)
            if echo {
                // A call that returns nil echoes nothing (LANGUAGE.md §8).
                if case .call = expr.kind, value.isNil { break }
                emit(.value(value.literalDescription))
            }
        case .if_(let branches, let elseBlock):
            for branch in branches {
                let condition = try evaluate(branch.condition, in: frame)
                if try Operations.condition(condition, what: "the condition of `if`", at: branch.condition.location) {
                    return try execute(branch.body, in: frame)
                }
            }
            if let elseBlock { return try execute(elseBlock, in: frame) }
        case .for_(let name, let sequence, let body):
            return try executeFor(name, sequence, body, in: frame)
        case .while_(let condition, let body):
            while try Operations.condition(try evaluate(condition, in: frame), what: "the condition of `while`", at: condition.location) {
                try tick(frame, at: location)
                switch try execute(body, in: frame) {
                case .breakLoop: return .normal
                case .returned(let value): return .returned(value)
                case .normal, .continueLoop: continue
                }
            }
        case .break_:
            return .breakLoop
        case .continue_:
            return .continueLoop
        case .return_(let expr):
            return .returned(try expr.map { try evaluate($0, in: frame) } ?? .nil)
        case .fail(let expr):
            throw ScriptFailure(try evaluate(expr, in: frame).displayText, at: location)
        case .print(let expr):
            let text = try evaluate(expr, in: frame).displayText
            let run = frame.handlerRun
            emit(.print(message: run?.messageID, handler: run?.handlerName, text: text))
        case .assert(let condition, let message):
            try executeAssert(condition, message, in: frame, at: location)
        case .emit(let literal):
            guard let run = frame.handlerRun else {
                throw ScriptFailure("`emit` is for handler bodies", at: location)
            }
            run.handling.emit(try buildMessage(literal, in: frame))
        default:
            try executeCommand(statement, in: frame)
        }
        return .normal
    }

    private func executeFor(_ name: String, _ sequence: Expr, _ body: Block, in frame: Frame) throws -> Flow {
        func iterate(_ value: Value) throws -> Flow? {
            try tick(frame, at: body.end)
            frame.scopes.append([name: value])
            defer { frame.scopes.removeLast() }
            switch try execute(body, in: frame) {
            case .breakLoop: return .normal
            case .returned(let result): return .returned(result)
            case .normal, .continueLoop: return nil
            }
        }
        // `for i in range(n)` counts without building the list (constant memory).
        if case .call("range", let args) = sequence.kind, definitions.functions["range"] == nil {
            var values: [Value] = []
            for arg in args { values.append(try evaluate(arg, in: frame)) }
            try Builtins.checkArity("range", count: values.count, at: sequence.location)
            let (start, end) = try Builtins.rangeBounds(values, at: sequence.location)
            var i = start
            while i < end {
                if let flow = try iterate(.int(i)) { return flow }
                i += 1
            }
            return .normal
        }
        switch try evaluate(sequence, in: frame) {
        case .list(let items):
            for item in items {
                if let flow = try iterate(item) { return flow }
            }
        case .map(let entries):
            for key in entries.keys {
                if let flow = try iterate(.string(key)) { return flow }
            }
        case let other:
            throw ScriptFailure("`for` goes over a list or a map's keys, not \(other.typeName)", at: sequence.location)
        }
        return .normal
    }

    private func executeAssert(_ condition: Expr, _ message: Expr?, in frame: Frame, at location: SourceLocation) throws {
        var detail = ""
        let passed: Bool
        if case .binary(let op, let lhs, let rhs) = condition.kind, op != .coalesce, op != .add, op != .subtract,
           op != .multiply, op != .divide, op != .remainder {
            let left = try evaluate(lhs, in: frame)
            let right = try evaluate(rhs, in: frame)
            let result = try Operations.binary(op, left, right, at: condition.location)
            passed = try Operations.condition(result, what: "the condition of `assert`", at: condition.location)
            detail = "left \(left.literalDescription), right \(right.literalDescription)"
        } else {
            passed = try Operations.condition(try evaluate(condition, in: frame), what: "the condition of `assert`", at: condition.location)
        }
        if passed { return }
        var text = "assertion failed: "
        if let message {
            text += try evaluate(message, in: frame).displayText
            text += detail.isEmpty ? " (\(condition.sourceDescription))" : " (\(condition.sourceDescription): \(detail))"
        } else {
            text += condition.sourceDescription + (detail.isEmpty ? "" : " (\(detail))")
        }
        throw ScriptFailure(text, at: location)
    }

    // MARK: Assignment

    private func assign(_ target: AssignmentTarget, _ op: AssignmentOperator, _ expr: Expr, in frame: Frame, at location: SourceLocation) throws {
        let rhs = try evaluate(expr, in: frame)
        if !target.path.isEmpty { try checkNesting(rhs, extra: target.path.count, at: location) }
        let describe = { (depth: Int) -> String in
            var text = target.root
            for step in target.path.prefix(depth) {
                switch step {
                case .member(let name, _): text += ".\(name)"
                case .index(let e): text += "[\(e.sourceDescription)]"
                }
            }
            return text
        }
        // Index expressions are evaluated before anything is changed.
        var keys: [PathKey] = []
        for step in target.path {
            switch step {
            case .member(let name, _): keys.append(.key(name))
            case .index(let e):
                switch try evaluate(e, in: frame) {
                case .string(let key): keys.append(.key(key))
                case .int(let i): keys.append(.position(i))
                case let other: throw ScriptFailure("an index must be an Int or a String key, not \(other.typeName)", at: e.location)
                }
            }
        }
        let combine: (Value) throws -> Value = { old in
            switch op {
            case .assign: return rhs
            case .add, .subtract:
                if old.isNil {
                    throw ScriptFailure("`\(describe(target.path.count))` is nil; give it a value before `\(op.rawValue)`", at: location)
                }
                return try Operations.binary(op == .add ? .add : .subtract, old, rhs, at: location)
            }
        }

        if target.root == "ctx" {
            guard let first = keys.first, case .key(let key) = first else {
                throw ScriptFailure("the context's keys are Strings", at: location)
            }
            if keys.count == 1 {
                let new = try combine(context.values[key] ?? .nil)
                context.values[key] = new.isNil ? nil : new
                touch(key)
                return
            }
            guard let index = context.values.index(forKey: key) else {
                throw ScriptFailure("`ctx.\(key)` is nil; set it before assigning inside it", at: location)
            }
            try Interpreter.update(&context.values.values[index], keys[1...], depth: 1, describe: describe, at: location, combine: combine)
            touch(key)
            return
        }
        // A local: innermost scope that binds it, or a top-level global.
        if let scope = frame.scopeIndex(of: target.root) {
            guard var value = frame.scopes[scope][target.root] else { return }
            frame.scopes[scope][target.root] = .nil
            defer { frame.scopes[scope][target.root] = value }
            if keys.isEmpty {
                value = try combine(value)
            } else {
                try Interpreter.update(&value, keys[...], depth: 0, describe: describe, at: location, combine: combine)
            }
            return
        }
        if frame.isTopLevel, let index = globals.index(forKey: target.root) {
            if keys.isEmpty {
                globals.values[index] = try combine(globals.values[index])
            } else {
                try Interpreter.update(&globals.values[index], keys[...], depth: 0, describe: describe, at: location, combine: combine)
            }
            return
        }
        throw ScriptFailure("`\(target.root)` is not defined; declare it first with `let \(target.root) = …`", at: location)
    }

    enum PathKey {
        case key(String)
        case position(Int)
    }

    /// Applies `combine` at the end of `path` inside `value`, in place: the
    /// last step's missing map key is created; a missing key, nil or an
    /// out-of-range index on the way is an error; lists never grow.
    static func update(_ value: inout Value, _ path: ArraySlice<PathKey>, depth: Int, describe: (Int) -> String,
                       at location: SourceLocation, combine: (Value) throws -> Value) throws {
        guard let step = path.first else {
            value = try combine(value)
            return
        }
        let isLast = path.count == 1
        switch (value, step) {
        case (.map(var entries), .key(let key)):
            value = .nil  // let `entries` be uniquely referenced
            defer { value = .map(entries) }
            if isLast {
                let new = try combine(entries[key] ?? .nil)
                entries[key] = new.isNil ? nil : new
            } else {
                guard let index = entries.index(forKey: key) else {
                    throw ScriptFailure("`\(describe(depth + 1))` is nil; set it before assigning inside it", at: location)
                }
                try update(&entries.values[index], path.dropFirst(), depth: depth + 1, describe: describe, at: location, combine: combine)
            }
        case (.list(var items), .position(let i)):
            guard i >= 0, i < items.count else {
                throw ScriptFailure("index \(i) out of range: `\(describe(depth))` has \(items.count) element\(items.count == 1 ? "" : "s"); lists grow with `+= [x]`", at: location)
            }
            value = .nil
            defer { value = .list(items) }
            try update(&items[i], path.dropFirst(), depth: depth + 1, describe: describe, at: location, combine: combine)
        case (.nil, _):
            throw ScriptFailure("`\(describe(depth))` is nil; set it before assigning inside it", at: location)
        case (.list, .key):
            throw ScriptFailure("`\(describe(depth))` is a list; index it with an Int", at: location)
        case (.map, .position):
            throw ScriptFailure("`\(describe(depth))` is a map; its keys are Strings", at: location)
        default:
            throw ScriptFailure("`\(describe(depth))` is a \(value.typeName); only maps and lists can be assigned into", at: location)
        }
    }
}
