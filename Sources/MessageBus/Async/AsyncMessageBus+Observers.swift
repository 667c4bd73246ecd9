extension AsyncMessageBus {
    /// Registers `observer`; it is told about every later dispatch and outbox
    /// stage of this bus, through the same ``MessageBusObserver`` methods as
    /// on ``MessageBus``.
    ///
    /// The bus keeps a strong reference until ``removeObserver(_:)``. Adding an
    /// observer that is already registered does nothing. Observers are called
    /// in the order they were added, and must be `Sendable` (thread-safe)
    /// because they are called from several tasks:
    ///
    /// - On the bus's actor, one at a time and in cascade order:
    ///   ``MessageBusObserver/messageBus(didDispatch:handlerCount:)``,
    ///   ``MessageBusObserver/messageBus(foundNoHandlersFor:)``,
    ///   ``MessageBusObserver/messageBus(didEmit:from:)``,
    ///   ``MessageBusObserver/messageBus(didClaimOutboxRecord:)`` and
    ///   ``MessageBusObserver/messageBus(didFinishOutboxRecord:outcome:)``.
    /// - On the task that runs the handler, outside the actor, around it:
    ///   ``MessageBusObserver/messageBus(willRunHandler:for:)``,
    ///   ``MessageBusObserver/messageBus(didRunHandler:for:outcome:duration:)``,
    ///   ``MessageBusObserver/messageBus(willRunOutboxHandler:for:)`` and
    ///   ``MessageBusObserver/messageBus(didRunOutboxHandler:for:error:duration:)``.
    ///   The handlers of one event run concurrently, so their `willRunHandler`
    ///   and `didRunHandler` calls may interleave and come at the same time
    ///   from different threads.
    ///
    /// For each message the order is: `didDispatch` (and `foundNoHandlersFor`
    /// for an event without handlers); each handler's `willRunHandler` then
    /// `didRunHandler`; once every handler of the message has finished, the
    /// `didEmit` calls, in handler registration order and emit order. With
    /// several cascades running at once (``batchHandle(_:maxConcurrency:)``),
    /// their calls interleave; ``Envelope/id`` and ``Envelope/causationID``
    /// tell them apart.
    ///
    /// When no observer is registered the bus reads no clock and builds no
    /// value for them. Observers must not throw, block or call back into the
    /// bus synchronously, and should return quickly.
    ///
    /// - Parameter observer: The observer.
    public func addObserver(_ observer: any MessageBusObserver & Sendable) {
        guard !observers.contains(where: { $0 === observer }) else { return }
        observers.append(observer)
    }

    /// Unregisters `observer` (compared by identity); does nothing if it is not registered.
    ///
    /// A dispatch already under way still reports to it until that dispatch ends.
    ///
    /// - Parameter observer: The observer.
    public func removeObserver(_ observer: any MessageBusObserver & Sendable) {
        observers.removeAll { $0 === observer }
    }
}
