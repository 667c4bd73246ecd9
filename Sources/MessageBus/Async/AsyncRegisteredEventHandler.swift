/// An event handler of an ``AsyncMessageBus`` as the bus stores it: a name,
/// a type-erased `async` body and optional hooks that run around it.
///
/// The `async` twin of ``RegisteredEventHandler``. For each handler the bus
/// runs ``before``, then ``body`` (skipped when `before` threw), then
/// ``after``, which runs whether or not the other two threw, as the seed's
/// `EventHandlerABC` wraps its `_handle`. A throw from `before` or `body` is
/// logged and recorded as a failed ``HandlerResult``; the event's other
/// handlers are not affected.
///
/// The handlers of one event run concurrently, each in a child task of the
/// cascade's task, outside the bus's actor.
public struct AsyncRegisteredEventHandler<Context>: Sendable {
    /// The handler's name, as reported in ``HandlerResult/handlerName``, to
    /// observers and in logs.
    public var name: String

    /// Runs before ``body``; throwing skips the body (``after`` still runs).
    public var before: (@Sendable (any Message, AsyncHandlerContext<Context>) async throws -> Void)?

    /// Handles the event and returns its result (`nil` for none).
    public var body: @Sendable (any Message, AsyncHandlerContext<Context>) async throws -> (any Sendable)?

    /// Runs after ``before`` and ``body``, even when one of them threw.
    public var after: (@Sendable (any Message, AsyncHandlerContext<Context>) async -> Void)?

    /// Creates an event handler.
    ///
    /// - Parameters:
    ///   - name: The handler's name, for results, observers and logs.
    ///   - before: An optional hook run first; throwing skips `body`.
    ///   - body: Handles the event and returns its result, or `nil`.
    ///   - after: An optional hook run last, even when `before` or `body` threw.
    public init(
        name: String,
        before: (@Sendable (any Message, AsyncHandlerContext<Context>) async throws -> Void)? = nil,
        body: @escaping @Sendable (any Message, AsyncHandlerContext<Context>) async throws -> (any Sendable)?,
        after: (@Sendable (any Message, AsyncHandlerContext<Context>) async -> Void)? = nil
    ) {
        self.name = name
        self.before = before
        self.body = body
        self.after = after
    }

    /// Runs `before`, the body and `after`, telling the observers that the
    /// handler starts and finishes.
    ///
    /// Runs on the caller's task (a child task of the cascade), outside the bus's actor.
    func run(
        _ envelope: Envelope,
        handling: AsyncHandlerContext<Context>,
        observers: [any MessageBusObserver & Sendable]
    ) async -> Result<(any Sendable)?, any Error> {
        let invocation = observers.isEmpty ? nil : HandlerInvocation(observers: observers, handlerName: name, envelope: envelope)
        let outcome: Result<(any Sendable)?, any Error>
        do {
            try await before?(envelope.message, handling)
            outcome = .success(try await body(envelope.message, handling))
        } catch {
            outcome = .failure(error)
        }
        await after?(envelope.message, handling)
        invocation?.finish(outcome)
        return outcome
    }
}
