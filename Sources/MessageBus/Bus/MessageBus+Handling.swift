extension MessageBus {
    /// Handles `message` and every message its handlers emit, breadth-first,
    /// until the queue is empty (the seed's `handle`).
    ///
    /// Equivalent to `startCascade(message)` followed by ``Cascade/run()``.
    ///
    /// - Parameter message: The command or event to handle.
    /// - Returns: One result per command and one per event handler, in the
    ///   order they ran; failed event handlers are included.
    /// - Throws: ``MessageBusError/noHandler(messageName:)`` or
    ///   ``MessageBusError/commandHandlerFailed(messageName:handlerName:underlying:)``
    ///   when a command of the cascade has no handler or its handler throws;
    ///   ``MessageBusError/cascadeLimitExceeded(limit:)`` when the cascade grows
    ///   past ``cascadeLimit``; a ``CascadeAbortingError`` thrown by any handler,
    ///   unchanged. The rest of the queue is then dropped.
    /// - Complexity: O(*m*·*h*) for *m* messages dispatched and *h* handlers per message.
    @inlinable @discardableResult
    public func handle(_ message: any Message) throws -> [HandlerResult] {
        let cascade = startCascade(message)
        try cascade.run()
        return cascade.results
    }

    /// Handles `messages` in order, each cascade to its end before the next
    /// starts (the seed's synchronous `batch_handle`).
    ///
    /// - Parameter messages: The messages to handle.
    /// - Returns: The results of all the cascades, concatenated in order.
    /// - Throws: The error of the first cascade that fails, as ``handle(_:)``
    ///   throws it; the messages after it are not handled.
    @discardableResult
    public func batchHandle(_ messages: [any Message]) throws -> [HandlerResult] {
        var results: [HandlerResult] = []
        for message in messages {
            results += try handle(message)
        }
        return results
    }

    /// Queues `message` as the root of a new cascade, giving it the next
    /// message id, and dispatches nothing.
    ///
    /// Advance the cascade with ``Cascade/dispatchNext()`` or finish it with
    /// ``Cascade/run()``. This is how busctl's `step`/`next`/`run` work.
    ///
    /// - Parameter message: The command or event that starts the cascade.
    /// - Returns: The cascade, with `message` as its only pending message.
    @inlinable
    public func startCascade(_ message: any Message) -> Cascade<Context> {
        Cascade(bus: self, root: Envelope(id: takeMessageID(), causationID: nil, message: message))
    }
}
