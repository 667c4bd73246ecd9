extension Cascade {
    /// Runs the one handler of a command.
    ///
    /// - Throws: ``MessageBusError/noHandler(messageName:)``,
    ///   ``MessageBusError/commandHandlerFailed(messageName:handlerName:underlying:)``,
    ///   or a ``CascadeAbortingError`` unchanged.
    @inlinable
    func dispatchCommand(_ envelope: Envelope) throws {
        let handler = bus.commandHandlerTable[envelope.message.messageName]
        let observers = bus.observers
        CascadeLedger.announce(envelope, handlerCount: handler == nil ? 0 : 1, to: observers)
        guard let handler else {
            throw ledger.missingCommandHandler(for: envelope, logger: bus.logger)
        }

        let handling = handlerContext(for: envelope, handlerName: handler.name)
        let invocation = observers.isEmpty ? nil : HandlerInvocation(observers: observers, handlerName: handler.name, envelope: envelope)
        ledger.handlerRunCount += 1
        let outcome: Result<(any Sendable)?, any Error>
        do {
            outcome = .success(try handler.body(envelope.message, handling))
        } catch {
            outcome = .failure(error)
        }
        invocation?.finish(outcome)

        let bus = self.bus
        try ledger.recordCommand(
            envelope,
            handlerName: handler.name,
            outcome: outcome,
            emitted: handling.emissions,
            observers: observers,
            logger: bus.logger,
            takeID: bus.takeMessageID
        )
    }

    /// Runs each handler of an event in registration order: `before`, body
    /// (unless `before` threw), `after`. Failures are logged and recorded.
    ///
    /// - Throws: Only a ``CascadeAbortingError``, unchanged.
    @inlinable
    func dispatchEvent(_ envelope: Envelope) throws {
        let handlers = bus.eventHandlerTable[envelope.message.messageName] ?? []
        let observers = bus.observers
        CascadeLedger.announce(envelope, handlerCount: handlers.count, to: observers)

        let bus = self.bus
        for handler in handlers {
            let handling = handlerContext(for: envelope, handlerName: handler.name)
            let invocation = observers.isEmpty ? nil : HandlerInvocation(observers: observers, handlerName: handler.name, envelope: envelope)
            ledger.handlerRunCount += 1
            let outcome: Result<(any Sendable)?, any Error>
            do {
                try handler.before?(envelope.message, handling)
                outcome = .success(try handler.body(envelope.message, handling))
            } catch {
                outcome = .failure(error)
            }
            handler.after?(envelope.message, handling)
            invocation?.finish(outcome)

            try ledger.recordEventHandler(
                envelope,
                handlerName: handler.name,
                outcome: outcome,
                emitted: handling.emissions,
                observers: observers,
                logger: bus.logger,
                takeID: bus.takeMessageID
            )
        }
    }

    /// A context for one handler invocation: the previous invocation's one
    /// when no handler kept a reference to it, else a new one.
    ///
    /// A handler that keeps its context (to emit later, which has no effect)
    /// keeps it to itself: it is never handed to another invocation. The rest
    /// of the time a cascade allocates one context instead of one per
    /// handler call (issue 7: W1 allocations).
    @inlinable
    func handlerContext(for envelope: Envelope, handlerName: String) -> HandlerContext<Context> {
        // Not an optional: `isKnownUniquelyReferenced` on an optional of a
        // generic class looked up the optional's type metadata on every call.
        if !isKnownUniquelyReferenced(&spareHandlerContext) {
            spareHandlerContext = HandlerContext(bus: bus, envelope: envelope, handlerName: handlerName)
        } else {
            spareHandlerContext.reuse(for: envelope, handlerName: handlerName)
        }
        return spareHandlerContext
    }
}
