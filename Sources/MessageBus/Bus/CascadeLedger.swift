import Logging

/// The bookkeeping of one cascade (its FIFO queue, results, counts and
/// failure) and the rules that update it, shared by the synchronous
/// ``Cascade`` and by ``AsyncMessageBus``.
///
/// Both buses take messages, count them against the cascade limit, record
/// handler outcomes, log failures, give emitted messages their ids, queue
/// them and fail the cascade through this one type, so their cascades have
/// the same order and the same failure rules. They differ only in how they
/// run handlers: one after the other, or (for the handlers of one event on
/// the async bus) concurrently, with the outcomes then recorded here in
/// registration order.
@usableFromInline
struct CascadeLedger {
    /// The FIFO queue of messages waiting to be dispatched.
    var queue = EnvelopeQueue()

    /// One result per command and one per event handler, in the order they were recorded.
    var results: [HandlerResult] = []

    /// How many messages were taken from the queue.
    var dispatchedCount = 0

    /// How many handlers were run.
    @usableFromInline
    var handlerRunCount = 0

    /// Failed event handlers, plus 1 for a missing or failed command handler.
    var errorCount = 0

    /// The error that ended the cascade early, or `nil`.
    var failure: (any Error)?

    /// Starts a ledger whose queue holds `root`.
    @usableFromInline
    init(root: Envelope) {
        // Room for a small cascade (W1's is 3 messages, 4 results), so that
        // the common case allocates each buffer once instead of growing it.
        queue.reserveCapacity(4)
        results.reserveCapacity(4)
        queue.append(root)
    }

    /// Takes the oldest queued message, counting it as dispatched.
    ///
    /// - Parameter limit: The most messages the cascade may dispatch.
    /// - Returns: The message, or `nil` when nothing is queued.
    /// - Throws: ``MessageBusError/cascadeLimitExceeded(limit:)`` when
    ///   ``dispatchedCount`` has reached `limit`; the cascade then fails.
    @usableFromInline
    mutating func takeNext(limit: Int) throws -> Envelope? {
        guard !queue.isEmpty else { return nil }
        guard dispatchedCount < limit else {
            throw fail(MessageBusError.cascadeLimitExceeded(limit: limit))
        }
        guard let envelope = queue.popFirst() else { return nil }
        dispatchedCount += 1
        return envelope
    }

    /// Ends the cascade with `error`: drops the queue and records the failure.
    ///
    /// - Returns: `error`, for the caller to throw.
    @usableFromInline
    mutating func fail(_ error: any Error) -> any Error {
        queue.removeAll()
        failure = error
        return error
    }

    /// Tells the observers that `envelope` is being dispatched to
    /// `handlerCount` handlers and, for an event without handlers, that nobody handles it.
    @usableFromInline
    static func announce(_ envelope: Envelope, handlerCount: Int, to observers: [any MessageBusObserver]) {
        for observer in observers {
            observer.messageBus(didDispatch: envelope, handlerCount: handlerCount)
        }
        if handlerCount == 0, envelope.message.messageKind == .event {
            for observer in observers {
                observer.messageBus(foundNoHandlersFor: envelope)
            }
        }
    }

    /// Counts and logs a command that has no handler.
    ///
    /// - Returns: ``MessageBusError/noHandler(messageName:)``, for the caller to throw.
    @usableFromInline
    mutating func missingCommandHandler(for envelope: Envelope, logger: Logger) -> MessageBusError {
        let name = envelope.message.messageName
        errorCount += 1
        logger.debug("no handler for command \(name)", metadata: ["message": "\(name)", "message_id": "\(envelope.id)"])
        return MessageBusError.noHandler(messageName: name)
    }

    /// Records what a command's handler did: on success its result and its
    /// emitted messages (queued, with ids); on failure its result and the error.
    ///
    /// - Parameters:
    ///   - envelope: The command.
    ///   - handlerName: The handler's name.
    ///   - outcome: What the handler returned or threw.
    ///   - emitted: What it emitted, in emit order (ignored when it threw).
    ///   - observers: Told of each queued message.
    ///   - logger: Where a failure is logged (level `.debug`: the caller sees the error).
    ///   - takeID: Gives the next message id of the bus.
    /// - Throws: A ``CascadeAbortingError`` unchanged (nothing is recorded);
    ///   ``MessageBusError/commandHandlerFailed(messageName:handlerName:underlying:)``
    ///   for any other error.
    @usableFromInline
    mutating func recordCommand(
        _ envelope: Envelope,
        handlerName: String,
        outcome: Result<(any Sendable)?, any Error>,
        emitted: EmittedMessages,
        observers: [any MessageBusObserver],
        logger: Logger,
        takeID: () -> MessageID
    ) throws {
        if let error = try record(envelope, handlerName: handlerName, outcome: outcome, emitted: emitted, observers: observers, takeID: takeID) {
            let name = envelope.message.messageName
            logger.debug(
                "command handler \(handlerName) failed for \(name): \(error)",
                error: error,
                metadata: ["message": "\(name)", "handler": "\(handlerName)", "message_id": "\(envelope.id)"]
            )
            throw MessageBusError.commandHandlerFailed(messageName: name, handlerName: handlerName, underlying: error)
        }
    }

    /// Records one handler's outcome: its result, and on success its emitted
    /// messages (queued, with ids). Returns the error of a failed handler,
    /// counted; rethrows a ``CascadeAbortingError`` without recording it.
    private mutating func record(
        _ envelope: Envelope,
        handlerName: String,
        outcome: Result<(any Sendable)?, any Error>,
        emitted: EmittedMessages,
        observers: [any MessageBusObserver],
        takeID: () -> MessageID
    ) throws -> (any Error)? {
        if case .failure(let error) = outcome, error is any CascadeAbortingError {
            throw error
        }
        results.append(HandlerResult(envelope: envelope, handlerName: handlerName, outcome: outcome))
        switch outcome {
        case .success:
            enqueue(emitted, causedBy: envelope, from: handlerName, observers: observers, takeID: takeID)
            return nil
        case .failure(let error):
            errorCount += 1
            return error
        }
    }

    /// Records what one event handler did: its result and, on success, its
    /// emitted messages (queued, with ids); a failure is counted and logged
    /// (level `.error`) and the cascade goes on.
    ///
    /// - Parameters: As for ``recordCommand(_:handlerName:outcome:emitted:observers:logger:takeID:)``.
    /// - Throws: Only a ``CascadeAbortingError``, unchanged (nothing is recorded).
    @usableFromInline
    mutating func recordEventHandler(
        _ envelope: Envelope,
        handlerName: String,
        outcome: Result<(any Sendable)?, any Error>,
        emitted: EmittedMessages,
        observers: [any MessageBusObserver],
        logger: Logger,
        takeID: () -> MessageID
    ) throws {
        if let error = try record(envelope, handlerName: handlerName, outcome: outcome, emitted: emitted, observers: observers, takeID: takeID) {
            let name = envelope.message.messageName
            logger.error(
                "event handler \(handlerName) failed for \(name): \(error)",
                error: error,
                metadata: ["message": "\(name)", "handler": "\(handlerName)", "message_id": "\(envelope.id)"]
            )
        }
    }

    /// Gives each emitted message an id, queues it and tells the observers.
    private mutating func enqueue(
        _ messages: EmittedMessages,
        causedBy cause: Envelope,
        from handlerName: String,
        observers: [any MessageBusObserver],
        takeID: () -> MessageID
    ) {
        messages.forEach { message in
            let envelope = Envelope(id: takeID(), causationID: cause.id, message: message)
            queue.append(envelope)
            for observer in observers {
                observer.messageBus(didEmit: envelope, from: handlerName)
            }
        }
    }
}

extension Result where Failure == any Error {
    /// The error when it is a ``CascadeAbortingError``, else `nil`.
    var abortingError: (any Error)? {
        if case .failure(let error) = self, error is any CascadeAbortingError {
            return error
        }
        return nil
    }
}
