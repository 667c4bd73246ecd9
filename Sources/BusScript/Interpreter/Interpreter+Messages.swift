import Foundation
import MessageBus
import OrderedCollections

extension Interpreter {
    /// Builds a message from `T(label: expr, ...)`: every field checked
    /// against the type, defaults filled in (LANGUAGE.md §3).
    func buildMessage(_ literal: MessageLiteral, in frame: Frame) throws -> ScriptMessage {
        guard let type = definitions.types[literal.typeName] else {
            throw ScriptFailure("unknown type `\(literal.typeName)`\(DidYouMean.hint(for: literal.typeName, among: definitions.types.keys))", at: literal.location)
        }
        if type.takesInOrder(literal.arguments) {
            return try buildInOrder(literal, type, in: frame)
        }
        var given: [String: (Value, SourceLocation)] = [:]
        for argument in literal.arguments {
            guard type.field(named: argument.label) != nil else {
                let hint = DidYouMean.hint(for: argument.label, among: type.fields.map(\.name))
                throw ScriptFailure("unknown field `\(argument.label)` for \(type.name)\(hint)", at: argument.labelLocation)
            }
            given[argument.label] = (try evaluate(argument.value, in: frame), argument.value.location)
        }
        var fields = OrderedDictionary<String, Value>()
        for field in type.fields {
            if let (value, location) = given[field.name] {
                guard let stored = field.type.coerce(value) else {
                    throw ScriptFailure("wrong type for field `\(field.name)` of \(type.name): expected \(field.type), got \(Interpreter.describe(value))", at: location)
                }
                fields[field.name] = stored
            } else if let defaultValue = field.defaultValue {
                fields[field.name] = defaultValue
            } else if !field.type.isOptional {
                throw ScriptFailure("missing field `\(field.name)` for \(type.name) (\(field.name): \(field.type))", at: literal.location)
            }
        }
        return ScriptMessage(name: type.name, kind: type.messageKind, fields: fields)
    }

    /// `buildMessage` when every field is given in declaration order (what
    /// scripts almost always write): the same checks in the same order, but
    /// no lookups by name, and the message shares the type's field names.
    private func buildInOrder(_ literal: MessageLiteral, _ type: MessageTypeDefinition, in frame: Frame) throws -> ScriptMessage {
        var values = ContiguousArray<Value>()
        values.reserveCapacity(literal.arguments.count)
        // By index: iterating would copy each argument and field.
        for index in literal.arguments.indices {
            values.append(try evaluate(literal.arguments[index].value, in: frame))
        }
        let fields = type.fields
        for index in fields.indices {
            guard let stored = fields[index].type.coerce(values[index]) else {
                let field = fields[index]
                throw ScriptFailure("wrong type for field `\(field.name)` of \(type.name): expected \(field.type), got \(Interpreter.describe(values[index]))", at: literal.arguments[index].value.location)
            }
            values[index] = stored
        }
        return ScriptMessage(name: type.name, kind: type.messageKind,
                             fields: OrderedDictionary(uncheckedUniqueKeys: type.fieldNames, values: values))
    }

    // MARK: Handlers on the bus

    /// Makes the bus's registrations for `typeName` match the definitions.
    func registerHandlers(for typeName: String) {
        if let handler = definitions.commandHandlers[typeName] {
            bus.setCommandHandler(RegisteredCommandHandler(name: handler.name) { [unowned self] message, handling in
                try self.runHandler(handler, message, handling)
            }, forMessageNamed: typeName)
        } else {
            bus.removeCommandHandler(forMessageNamed: typeName)
        }
        let events = (definitions.eventHandlers[typeName] ?? []).map { handler in
            RegisteredEventHandler<ContextStore>(name: handler.name) { [unowned self] message, handling in
                try self.runHandler(handler, message, handling)
            }
        }
        bus.setEventHandlers(events, forMessageNamed: typeName)
    }

    /// Runs a script handler for one message. Returns its result (a
    /// ``Value``); throws its failure, which the bus records.
    func runHandler(_ handler: HandlerDefinition, _ message: any Message, _ handling: HandlerContext<ContextStore>) throws -> (any Sendable)? {
        guard let scriptMessage = message as? ScriptMessage else {
            throw ScriptFailure("handler `\(handler.name)` got a \(message.messageName) that was not built by busctl", at: handler.location)
        }
        let run = HandlerRun(handlerName: handler.name, messageID: handling.envelope.id.rawValue, message: scriptMessage, handling: handling)
        let frame = Frame(role: .handler(run), stepLimit: settings.stepLimit)
        // No result is nil rather than a boxed `Value.nil`: the trace and
        // `last` read both as nil, and most handlers return nothing.
        if case .returned(let value) = try execute(handler.declaration.body, in: frame), !value.isNil {
            return value
        }
        return nil
    }

    // MARK: Cascades

    /// What a finished cascade did, for `last` and the summary.
    struct CascadeOutcome {
        var result: Value = .nil
        var ok = true
        var error: String?
        var errors = 0
        var messages = 0
        var handlers = 0

        var lastValue: Value {
            var map = OrderedDictionary<String, Value>()
            if !result.isNil { map["result"] = result }
            map["ok"] = .bool(ok)
            if let error { map["error"] = .string(error) }
            map["errors"] = .int(errors)
            map["messages"] = .int(messages)
            map["handlers"] = .int(handlers)
            return .map(map)
        }
    }

    /// `send`: runs the message's whole cascade; throws when it fails, after
    /// updating `last`.
    func send(_ literal: MessageLiteral, in frame: Frame, at location: SourceLocation) throws {
        let message = try buildMessage(literal, in: frame)
        let outcome = try runCascade(message, at: location)
        lastOutcome = .cascade(outcome.1)
        if let failure = outcome.0 { throw failure }
    }

    /// `batch [...]`: checks every message first, then runs each cascade in
    /// order; the first failure stops the rest (reported as skipped).
    func batch(_ literals: [MessageLiteral], in frame: Frame, at location: SourceLocation) throws {
        var messages: [ScriptMessage] = []
        for literal in literals { messages.append(try buildMessage(literal, in: frame)) }
        var total = CascadeOutcome()
        var results: [Value] = []
        for (index, message) in messages.enumerated() {
            let (failure, outcome) = try runCascade(message, at: location)
            results.append(outcome.result)
            total.errors += outcome.errors
            total.messages += outcome.messages
            total.handlers += outcome.handlers
            if var failure {
                total.ok = false
                total.error = failure.message
                total.result = .list(results)
                lastOutcome = .cascade(total)
                let skipped = messages.count - index - 1
                if skipped > 0 {
                    failure.notes.append("batch: message \(index + 1) of \(messages.count) failed; the \(skipped) after it were skipped")
                }
                throw failure
            }
        }
        total.result = .list(results)
        lastOutcome = .cascade(total)
    }

    /// Runs one cascade to its end, showing it in the trace.
    /// - Returns: the failure to throw (after `last` is set), and the outcome.
    func runCascade(_ message: ScriptMessage, at location: SourceLocation) throws -> (ScriptFailure?, CascadeOutcome) {
        bus.cascadeLimit = settings.cascadeLimit
        emit(.cascadeStarted(stepping: false))
        let start = ContinuousClock.now
        let cascade = bus.startCascade(message)
        traceObserver.begin(root: cascade.root.id.rawValue, sentAt: location)
        var failure: ScriptFailure?
        do {
            try cascade.run()
        } catch let error as any CascadeAbortingError {
            throw error
        } catch {
            failure = diagnose(error, statement: location)
        }
        return finish(cascade, failure: failure, busy: ContinuousClock.now - start)
    }

    /// Builds the outcome and summary of a finished (or failed) cascade.
    /// - Parameter busy: the time the cascade spent dispatching.
    func finish(_ cascade: Cascade<ContextStore>, failure: ScriptFailure?, busy: Duration) -> (ScriptFailure?, CascadeOutcome) {
        var outcome = CascadeOutcome()
        for result in cascade.results where result.envelope.id == cascade.root.id {
            if case .success(let value) = result.outcome, cascade.root.message.messageKind == .command {
                outcome.result = (value as? Value) ?? .nil
            }
        }
        outcome.ok = failure == nil
        outcome.error = failure?.message
        outcome.errors = cascade.errorCount
        outcome.messages = cascade.dispatchedCount
        outcome.handlers = cascade.handlerRunCount
        let elapsed = options.deterministic ? 0 : milliseconds(busy)
        let summary = TraceEvent.summary(messages: outcome.messages, handlers: outcome.handlers, errors: outcome.errors, milliseconds: elapsed)
        if var failure {
            failure.trailingEvents.append(summary)
            return (failure, outcome)
        }
        emit(summary)
        return (nil, outcome)
    }

    /// Turns what the bus threw into the statement's error, with the
    /// handler's position and the message being handled.
    func diagnose(_ error: any Error, statement: SourceLocation) -> ScriptFailure {
        switch error {
        case MessageBusError.commandHandlerFailed(let name, let handlerName, let underlying):
            var failure = (underlying as? ScriptFailure) ?? ScriptFailure(String(describing: underlying), at: statement)
            failure.statementLocation = statement
            let context = traceObserver.describeCurrent(name: name)
            failure.notes.append("in `\(handlerName)`, handling \(context)")
            return failure
        case MessageBusError.noHandler(let name):
            var failure = ScriptFailure("no handler for \(name): define one with `handle \(name) { … }`", at: statement)
            let context = traceObserver.describeCurrent(name: name)
            if context.contains("emitted") { failure.notes.append("the message was \(context)") }
            return failure
        case MessageBusError.cascadeLimitExceeded(let limit):
            return ScriptFailure("cascade limit: the cascade dispatched \(limit) messages and still had more queued (do handlers emit each other in a loop? raise it with `set cascade_limit N`)", at: statement)
        case let failure as ScriptFailure:
            return failure
        default:
            return ScriptFailure(String(describing: error), at: statement)
        }
    }

    /// "String \"x\"", "nil": a value and its type, for wrong-type errors.
    static func describe(_ value: Value) -> String {
        value.isNil ? "nil" : "\(value.typeName) \(value.literalDescription.prefix(60))"
    }

    func milliseconds(_ duration: Duration) -> Double {
        TraceObserver.milliseconds(duration)
    }
}
