extension MessageBus {
    /// Appends `handler` to ``outboxHandlers``; it runs after those already registered.
    ///
    /// - Parameter handler: The handler.
    public func addOutboxHandler(_ handler: RegisteredOutboxHandler<Context>) {
        outboxHandlers.append(handler)
    }

    /// Appends a Swift outbox handler, with its ``OutboxHandler/before(_:in:)``
    /// and ``OutboxHandler/after(_:in:)`` hooks, to ``outboxHandlers``.
    ///
    /// - Parameters:
    ///   - handler: The handler. Its value is kept and called for every record.
    ///   - name: The handler's name for observers and logs. Default: the handler type's name.
    public func addOutboxHandler<H: OutboxHandler>(_ handler: H, name: String? = nil) where H.Context == Context {
        addOutboxHandler(
            RegisteredOutboxHandler<Context>(
                name: name ?? String(describing: H.self),
                before: { record, handling in try handler.before(record, in: handling) },
                body: { record, handling in try handler.handle(record, in: handling) },
                after: { record, handling in handler.after(record, in: handling) }
            )
        )
    }

    /// Replaces the outbox handlers (the seed's `set_outbox_handlers`).
    ///
    /// - Parameter handlers: The new handlers, in the order they will run; an
    ///   empty list removes them all.
    public func setOutboxHandlers(_ handlers: [RegisteredOutboxHandler<Context>]) {
        outboxHandlers = handlers
    }

    /// Removes the outbox handlers named `name`.
    ///
    /// - Parameter name: The handler's name.
    /// - Returns: Whether a handler was removed.
    @discardableResult
    public func removeOutboxHandler(named name: String) -> Bool {
        let before = outboxHandlers.count
        outboxHandlers.removeAll { $0.name == name }
        return outboxHandlers.count != before
    }
}
