import MessageBus

/// A dispatch step the bus reported while the trace was off, kept as the
/// bus gave it so that its ``TraceEvent`` is built only if `last` replays it.
///
/// Nothing shows these steps with the trace off, yet a later bare `last`
/// replays the last cascade: keeping the raw facts costs a few retains,
/// building the events cost a tenth of a quiet run. The trace modes build
/// the same events at once through the same functions, so both paths show
/// the same text. A failed handler is always shown, so never deferred.
enum BusObservation {
    case dispatch(Envelope, outboxID: String?)
    case handlerSucceeded(name: String, messageID: Int, result: (any Sendable)?, milliseconds: Double)
    case emit(Envelope, from: String)
    case unhandled(Envelope)

    /// True for the dispatch of a message an outbox handler dispatched.
    var isFromOutbox: Bool {
        if case .dispatch(_, let outboxID) = self { return outboxID != nil }
        return false
    }

    /// The trace event; nil for a message busctl did not build.
    var event: TraceEvent? {
        switch self {
        case .dispatch(let envelope, let outboxID):
            BusObservation.dispatchEvent(envelope, outboxID: outboxID)
        case .handlerSucceeded(let name, let messageID, let result, let ms):
            BusObservation.handlerEvent(name: name, messageID: messageID, outcome: .success(result), milliseconds: ms)
        case .emit(let envelope, let handlerName):
            BusObservation.emitEvent(envelope, from: handlerName)
        case .unhandled(let envelope):
            .unhandled(message: envelope.id.rawValue, name: envelope.message.messageName)
        }
    }

    static func dispatchEvent(_ envelope: Envelope, outboxID: String?) -> TraceEvent? {
        guard let message = envelope.message as? ScriptMessage else { return nil }
        var fields: [(name: String, value: Value)] = []
        fields.reserveCapacity(message.fields.count)
        for (name, value) in message.fields { fields.append((name, value)) }
        return .dispatch(DispatchTrace(
            id: envelope.id.rawValue, cause: envelope.causationID?.rawValue,
            kind: message.kind.rawValue, name: message.name, fields: fields, outboxID: outboxID))
    }

    /// nil for a crash or an interrupt unwinding through the handler: never
    /// a handler failure (LANGUAGE.md §11).
    static func handlerEvent(name: String, messageID: Int, outcome: Result<(any Sendable)?, any Error>, milliseconds ms: Double) -> TraceEvent? {
        switch outcome {
        case .success(let value):
            return .handler(HandlerTrace(message: messageID, handler: name, ok: true,
                                         result: (value as? Value) ?? .nil, error: nil, milliseconds: ms, location: nil))
        case .failure(let error):
            if error is any CascadeAbortingError { return nil }
            let failure = error as? ScriptFailure
            return .handler(HandlerTrace(message: messageID, handler: name, ok: false, result: .nil,
                                         error: failure?.message ?? String(describing: error),
                                         milliseconds: ms, location: failure?.location))
        }
    }

    static func emitEvent(_ envelope: Envelope, from handlerName: String) -> TraceEvent {
        .emit(from: envelope.causationID?.rawValue ?? 0, handler: handlerName, id: envelope.id.rawValue,
              name: envelope.message.messageName)
    }
}
