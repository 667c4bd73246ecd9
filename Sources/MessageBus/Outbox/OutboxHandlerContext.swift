/// What an outbox handler is given for one run: the record being processed
/// and the bus's shared context.
///
/// A new `OutboxHandlerContext` is made for each handler run; its ``record``
/// is the record as claimed, so ``OutboxRecord/attempts`` is this attempt's
/// number (1 on the first try).
///
/// ```swift
/// bus.addOutboxHandler(RegisteredOutboxHandler(name: "relay") { record, handling in
///     let order = try record.decodePayload(as: OrderPlaced.self)
///     try handling.dispatch(order)           // hand it back to the bus
/// })
/// ```
///
/// ## Topics
/// ### What is processed
/// - ``record``
/// - ``handlerName``
/// ### The bus
/// - ``context``
/// - ``dispatch(_:)``
public final class OutboxHandlerContext<Context> {
    /// The bus that is processing the outbox.
    private let bus: MessageBus<Context>

    /// The record being processed, as claimed for this attempt.
    public let record: OutboxRecord

    /// The name of the outbox handler being run.
    public let handlerName: String

    init(bus: MessageBus<Context>, record: OutboxRecord, handlerName: String) {
        self.bus = bus
        self.record = record
        self.handlerName = handlerName
    }

    /// The bus's shared context (``MessageBus/MessageBus/context``), read and written in place.
    ///
    /// Writes are kept whether or not the record ends up processed: an outbox
    /// handler models a call to another system, which a failure after it
    /// cannot undo.
    public var context: Context {
        get { bus.context }
        set { bus.context = newValue }
        _modify { yield &bus.context }
    }

    /// Handles `message` on the bus that is processing the outbox, with its
    /// whole cascade (``MessageBus/MessageBus/handle(_:)``): the usual relay
    /// of a stored message back into the application.
    ///
    /// - Parameter message: The command or event to handle.
    /// - Returns: The cascade's results.
    /// - Throws: What ``MessageBus/MessageBus/handle(_:)`` throws; thrown out of
    ///   the handler, it fails this attempt (a ``CascadeAbortingError`` ends
    ///   the whole outbox pass instead).
    @discardableResult
    public func dispatch(_ message: any Message) throws -> [HandlerResult] {
        try bus.handle(message)
    }
}
