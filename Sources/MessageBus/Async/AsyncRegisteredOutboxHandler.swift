/// An outbox handler of an ``AsyncMessageBus`` as the bus stores it: a name,
/// an `async` body and optional hooks that run around it.
///
/// The `async` twin of ``RegisteredOutboxHandler``, with the same rules (the
/// seed's `OutboxHandlerABC`): for each record, each outbox handler in turn
/// runs ``before``, then ``body`` (skipped when `before` threw), then
/// ``after``, which runs even when one of the other two threw. A throw from
/// `before` or `body` fails the attempt: the remaining handlers are skipped
/// and the error is recorded (see ``AsyncMessageBus/processOutbox(_:now:)``).
///
/// ```swift
/// await bus.addOutboxHandler(AsyncRegisteredOutboxHandler(name: "publisher") { record, _ in
///     try await broker.publish(topic: record.name, body: record.payload)
/// })
/// ```
public struct AsyncRegisteredOutboxHandler<Context>: Sendable {
    /// The handler's name, as reported to observers and in logs.
    public var name: String

    /// Runs before ``body``; throwing skips the body (``after`` still runs)
    /// and fails the attempt.
    public var before: (@Sendable (OutboxRecord, AsyncOutboxHandlerContext<Context>) async throws -> Void)?

    /// Processes the record; throwing fails the attempt.
    public var body: @Sendable (OutboxRecord, AsyncOutboxHandlerContext<Context>) async throws -> Void

    /// Runs after ``before`` and ``body``, even when one of them threw.
    public var after: (@Sendable (OutboxRecord, AsyncOutboxHandlerContext<Context>) async -> Void)?

    /// Creates an outbox handler.
    ///
    /// - Parameters:
    ///   - name: The handler's name, for observers and logs.
    ///   - before: An optional hook run first; throwing skips `body`.
    ///   - body: Processes the record (for example publishes it, or dispatches it on the bus).
    ///   - after: An optional hook run last, even when `before` or `body` threw.
    public init(
        name: String,
        before: (@Sendable (OutboxRecord, AsyncOutboxHandlerContext<Context>) async throws -> Void)? = nil,
        body: @escaping @Sendable (OutboxRecord, AsyncOutboxHandlerContext<Context>) async throws -> Void,
        after: (@Sendable (OutboxRecord, AsyncOutboxHandlerContext<Context>) async -> Void)? = nil
    ) {
        self.name = name
        self.before = before
        self.body = body
        self.after = after
    }

    /// Runs `before`, the body and `after`, telling the observers that the
    /// handler starts and finishes.
    ///
    /// Runs on the caller's task, outside the bus's actor.
    ///
    /// - Returns: The error `before` or the body threw, or `nil`.
    func run(
        _ record: OutboxRecord,
        handling: AsyncOutboxHandlerContext<Context>,
        observers: [any MessageBusObserver & Sendable]
    ) async -> (any Error)? {
        let invocation = observers.isEmpty ? nil : OutboxHandlerInvocation(observers: observers, handlerName: name, record: record)
        var error: (any Error)?
        do {
            try await before?(record, handling)
            try await body(record, handling)
        } catch let thrown {
            error = thrown
        }
        await after?(record, handling)
        invocation?.finish(error)
        return error
    }
}
