extension Cascade {
    /// Runs the one handler of a command.
    ///
    /// - Throws: ``MessageBusError/noHandler(messageName:)``,
    ///   ``MessageBusError/commandHandlerFailed(messageName:handlerName:underlying:)``,
    ///   or a ``CascadeAbortingError`` unchanged.
    func dispatchCommand(_ envelope: Envelope) throws {
        let name = envelope.message.messageName
        let handler = bus.commandHandlerTable[name]
        let observers = bus.observers
        for observer in observers {
            observer.messageBus(didDispatch: envelope, handlerCount: handler == nil ? 0 : 1)
        }
        guard let handler else {
            errorCount += 1
            bus.logger.debug("no handler for command \(name)", metadata: ["message": "\(name)", "message_id": "\(envelope.id)"])
            throw MessageBusError.noHandler(messageName: name)
        }

        let handling = HandlerContext(bus: bus, envelope: envelope, handlerName: handler.name)
        let invocation = observers.isEmpty ? nil : HandlerInvocation(observers: observers, handlerName: handler.name, envelope: envelope)
        handlerRunCount += 1
        let outcome: Result<(any Sendable)?, any Error>
        do {
            outcome = .success(try handler.body(envelope.message, handling))
        } catch {
            outcome = .failure(error)
        }
        invocation?.finish(outcome)

        switch outcome {
        case .success:
            results.append(HandlerResult(envelope: envelope, handlerName: handler.name, outcome: outcome))
            enqueue(handling.emitted, causedBy: envelope, from: handler.name, observers: observers)
        case .failure(let error):
            if error is any CascadeAbortingError {
                throw error
            }
            errorCount += 1
            results.append(HandlerResult(envelope: envelope, handlerName: handler.name, outcome: outcome))
            bus.logger.debug(
                "command handler \(handler.name) failed for \(name): \(error)",
                error: error,
                metadata: ["message": "\(name)", "handler": "\(handler.name)", "message_id": "\(envelope.id)"]
            )
            throw MessageBusError.commandHandlerFailed(messageName: name, handlerName: handler.name, underlying: error)
        }
    }

    /// Runs each handler of an event in registration order: `before`, body
    /// (unless `before` threw), `after`. Failures are logged and recorded.
    ///
    /// - Throws: Only a ``CascadeAbortingError``, unchanged.
    func dispatchEvent(_ envelope: Envelope) throws {
        let name = envelope.message.messageName
        let handlers = bus.eventHandlerTable[name] ?? []
        let observers = bus.observers
        for observer in observers {
            observer.messageBus(didDispatch: envelope, handlerCount: handlers.count)
        }
        if handlers.isEmpty {
            for observer in observers {
                observer.messageBus(foundNoHandlersFor: envelope)
            }
            return
        }

        for handler in handlers {
            let handling = HandlerContext(bus: bus, envelope: envelope, handlerName: handler.name)
            let invocation = observers.isEmpty ? nil : HandlerInvocation(observers: observers, handlerName: handler.name, envelope: envelope)
            handlerRunCount += 1
            let outcome: Result<(any Sendable)?, any Error>
            do {
                try handler.before?(envelope.message, handling)
                outcome = .success(try handler.body(envelope.message, handling))
            } catch {
                outcome = .failure(error)
            }
            handler.after?(envelope.message, handling)
            invocation?.finish(outcome)

            switch outcome {
            case .success:
                results.append(HandlerResult(envelope: envelope, handlerName: handler.name, outcome: outcome))
                enqueue(handling.emitted, causedBy: envelope, from: handler.name, observers: observers)
            case .failure(let error):
                if error is any CascadeAbortingError {
                    throw error
                }
                errorCount += 1
                results.append(HandlerResult(envelope: envelope, handlerName: handler.name, outcome: outcome))
                bus.logger.error(
                    "event handler \(handler.name) failed for \(name): \(error)",
                    error: error,
                    metadata: ["message": "\(name)", "handler": "\(handler.name)", "message_id": "\(envelope.id)"]
                )
            }
        }
    }

    /// Gives each emitted message an id, queues it and tells the observers.
    private func enqueue(
        _ messages: [any Message],
        causedBy cause: Envelope,
        from handlerName: String,
        observers: [any MessageBusObserver]
    ) {
        for message in messages {
            let envelope = Envelope(id: bus.takeMessageID(), causationID: cause.id, message: message)
            queue.append(envelope)
            for observer in observers {
                observer.messageBus(didEmit: envelope, from: handlerName)
            }
        }
    }
}
