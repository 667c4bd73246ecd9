import MessageBus

/// Watches the bus and turns what it does into trace events (LANGUAGE.md §7).
final class TraceObserver: MessageBusObserver {
    weak var interpreter: Interpreter?
    let deterministic: Bool
    /// The outbox record whose `dispatch` is running, for `dispatch` lines.
    var outboxID: String?
    /// For error notes: where each emitted message of the running cascade
    /// came from. A list, searched only when an error note needs it: cheaper
    /// to keep than a table, and its text is built only then.
    private var origins: [(id: Int, handler: String, cause: Int)] = []
    private var current: Int?
    private var sentAt: SourceLocation?

    /// The interpreter's, where a quiet cascade's steps are kept.
    let lastTrace: LastCascadeTrace
    /// The interpreter's ``Interpreter/tracesQuietly``, kept up to date by it.
    var isQuiet = false

    init(deterministic: Bool, lastTrace: LastCascadeTrace) {
        self.deterministic = deterministic
        self.lastTrace = lastTrace
    }

    func begin(root: Int, sentAt: SourceLocation) {
        // The storage is kept for the next cascade, unless a huge one grew it.
        origins.removeAll(keepingCapacity: origins.capacity <= 4096)
        self.sentAt = sentAt
    }

    /// "PlaceOrder #3, emitted by `confirm` of OrderPlaced #2; the cascade was sent at shop.bus:40:1".
    func describeCurrent(name: String) -> String {
        var text = "\(name)"
        if let current {
            text += " #\(current)"
            if let origin = origins.last(where: { $0.id == current }) {
                text += ", emitted by `\(origin.handler)` while handling #\(origin.cause)"
            }
        }
        if let sentAt { text += "; the cascade was sent at \(sentAt)" }
        return text
    }

    // With the trace off, each step is only kept for `last`, unbuilt
    // (BusObservation); otherwise its event is shown at once.

    func messageBus(didDispatch envelope: Envelope, handlerCount: Int) {
        current = envelope.id.rawValue
        if isQuiet {
            lastTrace.record(.dispatch(envelope, outboxID: outboxID))
        } else if let event = BusObservation.dispatchEvent(envelope, outboxID: outboxID) {
            interpreter?.emit(event)
        }
    }

    func messageBus(didRunHandler name: String, for envelope: Envelope, outcome: Result<(any Sendable)?, any Error>, duration: Duration) {
        let ms = deterministic ? 0 : TraceObserver.milliseconds(duration)
        // A failed handler is shown even with the trace off.
        if isQuiet, case .success(let result) = outcome {
            lastTrace.record(.handlerSucceeded(name: name, messageID: envelope.id.rawValue, result: result, milliseconds: ms))
        } else if let event = BusObservation.handlerEvent(name: name, messageID: envelope.id.rawValue, outcome: outcome, milliseconds: ms) {
            interpreter?.emit(event)
        }
    }

    func messageBus(didEmit envelope: Envelope, from handlerName: String) {
        origins.append((envelope.id.rawValue, handlerName, envelope.causationID?.rawValue ?? 0))
        if isQuiet {
            lastTrace.record(.emit(envelope, from: handlerName))
        } else {
            interpreter?.emit(BusObservation.emitEvent(envelope, from: handlerName))
        }
    }

    func messageBus(foundNoHandlersFor envelope: Envelope) {
        if isQuiet {
            lastTrace.record(.unhandled(envelope))
        } else {
            interpreter?.emit(.unhandled(message: envelope.id.rawValue, name: envelope.message.messageName))
        }
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
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
