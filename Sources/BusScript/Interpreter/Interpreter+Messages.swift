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
        let frame = Frame(role: .handler(run), budget: StepBudget(limit: settings.stepLimit))
        switch try execute(handler.declaration.body, in: frame) {
        case .returned(let value): return value
        default: return Value.nil
        }
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
        last = outcome.1.lastValue
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
                last = total.lastValue
                let skipped = messages.count - index - 1
                if skipped > 0 {
                    failure.notes.append("batch: message \(index + 1) of \(messages.count) failed; the \(skipped) after it were skipped")
                }
                throw failure
            }
        }
        total.result = .list(results)
        last = total.lastValue
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
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}

/// Watches the bus and turns what it does into trace events (LANGUAGE.md §7).
final class TraceObserver: MessageBusObserver {
    weak var interpreter: Interpreter?
    let deterministic: Bool
    /// The outbox record whose `dispatch` is running, for `dispatch` lines.
    var outboxID: String?
    /// For error notes: what each message of the running cascade is and
    /// where it came from.
    private var origins: [Int: String] = [:]
    private var current: Int?
    private var sentAt: SourceLocation?

    init(deterministic: Bool) {
        self.deterministic = deterministic
    }

    func begin(root: Int, sentAt: SourceLocation) {
        origins = [:]
        self.sentAt = sentAt
    }

    /// "PlaceOrder #3, emitted by `confirm` of OrderPlaced #2; the cascade was sent at shop.bus:40:1".
    func describeCurrent(name: String) -> String {
        var text = "\(name)"
        if let current {
            text += " #\(current)"
            if let origin = origins[current] { text += ", \(origin)" }
        }
        if let sentAt { text += "; the cascade was sent at \(sentAt)" }
        return text
    }

    func messageBus(didDispatch envelope: Envelope, handlerCount: Int) {
        current = envelope.id.rawValue
        guard let interpreter, let message = envelope.message as? ScriptMessage else { return }
        var fields: [(name: String, value: Value)] = []
        for (name, value) in message.fields { fields.append((name, value)) }
        interpreter.emit(.dispatch(DispatchTrace(
            id: envelope.id.rawValue, cause: envelope.causationID?.rawValue,
            kind: message.kind.rawValue, name: message.name, fields: fields, outboxID: outboxID)))
    }

    func messageBus(didRunHandler name: String, for envelope: Envelope, outcome: Result<(any Sendable)?, any Error>, duration: Duration) {
        guard let interpreter else { return }
        let ms = deterministic ? 0 : interpreter.milliseconds(duration)
        switch outcome {
        case .success(let value):
            interpreter.emit(.handler(HandlerTrace(message: envelope.id.rawValue, handler: name, ok: true,
                                                   result: (value as? Value) ?? .nil, error: nil, milliseconds: ms, location: nil)))
        case .failure(let error):
            // A crash or an interrupt is never a handler failure (LANGUAGE.md §11).
            if error is any CascadeAbortingError { return }
            let failure = error as? ScriptFailure
            interpreter.emit(.handler(HandlerTrace(message: envelope.id.rawValue, handler: name, ok: false, result: .nil,
                                                   error: failure?.message ?? String(describing: error),
                                                   milliseconds: ms, location: failure?.location)))
        }
    }

    func messageBus(didEmit envelope: Envelope, from handlerName: String) {
        let id = envelope.id.rawValue
        let cause = envelope.causationID?.rawValue ?? 0
        origins[id] = "emitted by `\(handlerName)` while handling #\(cause)"
        interpreter?.emit(.emit(from: cause, handler: handlerName, id: id, name: envelope.message.messageName))
    }

    func messageBus(foundNoHandlersFor envelope: Envelope) {
        interpreter?.emit(.unhandled(message: envelope.id.rawValue, name: envelope.message.messageName))
    }

    // MARK: Outbox stages

    private func outboxTrace(_ operation: String, _ record: OutboxRecord, error: String? = nil) -> TraceEvent {
        .outbox(OutboxTrace(operation: operation, id: record.id.uuidString.lowercased(), name: record.name,
                            attempts: record.attempts, error: error))
    }

    func messageBus(didClaimOutboxRecord record: OutboxRecord) {
        interpreter?.emit(outboxTrace("claimed", record))
    }

    func messageBus(didRunOutboxHandler name: String, for record: OutboxRecord, error: (any Error)?, duration: Duration) {
        guard let interpreter else { return }
        if let error, error is any CascadeAbortingError { return }
        // What the handler changed is kept even if the message is not marked
        // processed afterwards, so it is committed before the mark.
        do { try interpreter.commitChanges() } catch {
            interpreter.note("warning: \(error)")
        }
        let ms = deterministic ? 0 : interpreter.milliseconds(duration)
        let failure = error as? ScriptFailure
        interpreter.emit(.handler(HandlerTrace(message: 0, handler: name, ok: error == nil, result: .nil,
                                               error: error.map { failure?.message ?? String(describing: $0) },
                                               milliseconds: ms, location: failure?.location,
                                               outboxID: record.id.uuidString.lowercased())))
    }

    func messageBus(didFinishOutboxRecord record: OutboxRecord, outcome: OutboxOutcome) {
        guard let interpreter else { return }
        switch outcome {
        case .processed: interpreter.emit(outboxTrace("processed", record))
        case .failed(let error): interpreter.emit(outboxTrace("failed", record, error: error))
        case .dead(let error): interpreter.emit(outboxTrace("dead", record, error: error))
        }
        // The file holds every change at the latest at the end of each outbox attempt.
        do { try interpreter.commitChanges() } catch {
            interpreter.note("warning: \(error)")
        }
    }
}
