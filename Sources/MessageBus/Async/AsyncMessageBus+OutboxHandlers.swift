extension AsyncMessageBus {
    /// Appends `handler` to ``outboxHandlers``; it runs after those already registered.
    ///
    /// - Parameter handler: The handler.
    public func addOutboxHandler(_ handler: AsyncRegisteredOutboxHandler<Context>) {
        outboxHandlers.append(handler)
    }

    /// Appends a Swift outbox handler, with its ``AsyncOutboxHandler/before(_:in:)``
    /// and ``AsyncOutboxHandler/after(_:in:)`` hooks, to ``outboxHandlers``.
    ///
    /// - Parameters:
    ///   - handler: The handler. Its value is kept and called for every record.
    ///   - name: The handler's name for observers and logs. Default: the handler type's name.
    public func addOutboxHandler<H: AsyncOutboxHandler>(_ handler: H, name: String? = nil) where H.Context == Context {
        addOutboxHandler(
            AsyncRegisteredOutboxHandler<Context>(
                name: name ?? String(describing: H.self),
                before: { record, handling in try await handler.before(record, in: handling) },
                body: { record, handling in try await handler.handle(record, in: handling) },
                after: { record, handling in await handler.after(record, in: handling) }
            )
        )
    }

    /// Replaces the outbox handlers (the seed's `set_outbox_handlers`).
    ///
    /// - Parameter handlers: The new handlers, in the order they will run; an
    ///   empty list removes them all.
    public func setOutboxHandlers(_ handlers: [AsyncRegisteredOutboxHandler<Context>]) {
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
