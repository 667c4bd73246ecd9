/// What an outbox handler of an ``AsyncMessageBus`` is given for one run: the
/// record being processed, access to the bus's shared context, and the bus
/// to dispatch on.
///
/// The `async` twin of ``OutboxHandlerContext``. A new one is made for each
/// handler run; its ``record`` is the record as claimed, so
/// ``OutboxRecord/attempts`` is this attempt's number (1 on the first try).
///
/// ```swift
/// await bus.addOutboxHandler(AsyncRegisteredOutboxHandler(name: "relay") { record, handling in
///     let order = try record.decodePayload(as: OrderPlaced.self)
///     try await handling.dispatch(order)     // hand it back to the bus
/// })
/// ```
///
/// ## Topics
/// ### What is processed
/// - ``record``
/// - ``handlerName``
/// ### The bus
/// - ``withContext(_:)``
/// - ``context``
/// - ``dispatch(_:)``
public final class AsyncOutboxHandlerContext<Context>: Sendable {
    /// The bus that is processing the outbox.
    private let bus: AsyncMessageBus<Context>

    /// The record being processed, as claimed for this attempt.
    public let record: OutboxRecord

    /// The name of the outbox handler being run.
    public let handlerName: String

    init(bus: AsyncMessageBus<Context>, record: OutboxRecord, handlerName: String) {
        self.bus = bus
        self.record = record
        self.handlerName = handlerName
    }

    /// Reads and writes the bus's shared context (``AsyncMessageBus/context``)
    /// in one step on the bus's actor, as ``AsyncHandlerContext/withContext(_:)`` does.
    ///
    /// Writes are kept whether or not the record ends up processed: an outbox
    /// handler models a call to another system, which a failure after it
    /// cannot undo.
    ///
    /// - Parameter body: Reads or changes the context; runs isolated to the bus's actor.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    public func withContext<Result: Sendable>(
        _ body: @Sendable (inout Context) throws -> Result
    ) async rethrows -> Result {
        try await bus.withContext(body)
    }

    /// Handles `message` on the bus that is processing the outbox, with its
    /// whole cascade (``AsyncMessageBus/handle(_:)``): the usual relay of a
    /// stored message back into the application.
    ///
    /// - Parameter message: The command or event to handle.
    /// - Returns: The cascade's results.
    /// - Throws: What ``AsyncMessageBus/handle(_:)`` throws; thrown out of the
    ///   handler, it fails this attempt (a ``CascadeAbortingError`` ends the
    ///   whole outbox pass instead, and so does the cancellation of the pass's task).
    @discardableResult
    public func dispatch(_ message: any Message) async throws -> [HandlerResult] {
        try await bus.handle(message)
    }
}

extension AsyncOutboxHandlerContext where Context: Sendable {
    /// A copy of the bus's shared context, read on the bus's actor.
    public var context: Context {
        get async { await bus.context }
    }
}
