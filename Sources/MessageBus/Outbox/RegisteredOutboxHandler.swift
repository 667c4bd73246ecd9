/// An outbox handler as the bus stores it: a name, a body and optional hooks
/// that run around it.
///
/// The seed's `OutboxHandlerABC` wraps its `_handle` in before/after steps;
/// so does this type. For each record, each outbox handler in turn runs
/// ``before``, then ``body`` (skipped when `before` threw), then ``after``,
/// which runs even when one of the other two threw. A throw from `before` or
/// `body` fails the attempt: the remaining handlers are skipped and the error
/// is recorded on the record (see ``MessageBus/MessageBus/processOutbox(_:now:)``).
///
/// ```swift
/// bus.addOutboxHandler(RegisteredOutboxHandler(name: "publisher") { record, _ in
///     try broker.publish(topic: record.name, body: record.payload)
/// })
/// ```
public struct RegisteredOutboxHandler<Context> {
    /// The handler's name, as reported to observers and in logs.
    public var name: String

    /// Runs before ``body``; throwing skips the body (``after`` still runs)
    /// and fails the attempt.
    public var before: ((OutboxRecord, OutboxHandlerContext<Context>) throws -> Void)?

    /// Processes the record; throwing fails the attempt.
    public var body: (OutboxRecord, OutboxHandlerContext<Context>) throws -> Void

    /// Runs after ``before`` and ``body``, even when one of them threw.
    public var after: ((OutboxRecord, OutboxHandlerContext<Context>) -> Void)?

    /// Creates an outbox handler.
    ///
    /// - Parameters:
    ///   - name: The handler's name, for observers and logs.
    ///   - before: An optional hook run first; throwing skips `body`.
    ///   - body: Processes the record (for example publishes it, or dispatches it on the bus).
    ///   - after: An optional hook run last, even when `before` or `body` threw.
    public init(
        name: String,
        before: ((OutboxRecord, OutboxHandlerContext<Context>) throws -> Void)? = nil,
        body: @escaping (OutboxRecord, OutboxHandlerContext<Context>) throws -> Void,
        after: ((OutboxRecord, OutboxHandlerContext<Context>) -> Void)? = nil
    ) {
        self.name = name
        self.before = before
        self.body = body
        self.after = after
    }
}
