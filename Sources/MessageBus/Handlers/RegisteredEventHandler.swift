/// An event handler as the bus stores it: a name, a type-erased body and
/// optional hooks that run around it.
///
/// For each event handler the bus runs ``before``, then ``body`` (skipped when
/// `before` threw), then ``after``, which runs whether or not the other two
/// threw, as the seed's `EventHandlerABC` wraps its `_handle`. A throw from
/// `before` or `body` is logged and recorded as a failed ``HandlerResult``;
/// the event's other handlers still run.
public struct RegisteredEventHandler<Context> {
    /// The handler's name, as reported in ``HandlerResult/handlerName``, to
    /// observers and in logs.
    public var name: String

    /// Runs before ``body``; throwing skips the body (``after`` still runs).
    public var before: ((any Message, HandlerContext<Context>) throws -> Void)?

    /// Handles the event and returns its result (`nil` for none).
    public var body: (any Message, HandlerContext<Context>) throws -> (any Sendable)?

    /// Runs after ``before`` and ``body``, even when one of them threw.
    public var after: ((any Message, HandlerContext<Context>) -> Void)?

    /// Creates an event handler.
    ///
    /// - Parameters:
    ///   - name: The handler's name, for results, observers and logs.
    ///   - before: An optional hook run first; throwing skips `body`.
    ///   - body: Handles the event and returns its result, or `nil`.
    ///   - after: An optional hook run last, even when `before` or `body` threw.
    public init(
        name: String,
        before: ((any Message, HandlerContext<Context>) throws -> Void)? = nil,
        body: @escaping (any Message, HandlerContext<Context>) throws -> (any Sendable)?,
        after: ((any Message, HandlerContext<Context>) -> Void)? = nil
    ) {
        self.name = name
        self.before = before
        self.body = body
        self.after = after
    }
}
