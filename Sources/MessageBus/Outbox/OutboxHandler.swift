/// A Swift type that processes outbox records, with optional hooks around its body.
///
/// The Swift counterpart of the seed's `OutboxHandlerABC` (whose `_handle` is
/// wrapped by before/after steps). Register instances with
/// ``MessageBus/MessageBus/addOutboxHandler(_:name:)``; they run in registration
/// order for every record: ``before(_:in:)``, then ``handle(_:in:)`` (skipped
/// when `before` threw), then ``after(_:in:)``, which always runs.
///
/// ```swift
/// struct Relay: OutboxHandler {
///     func handle(_ record: OutboxRecord, in handling: OutboxHandlerContext<Shop>) throws {
///         guard record.name == OrderPlaced.messageName else { return }
///         try handling.dispatch(record.decodePayload(as: OrderPlaced.self))
///     }
/// }
/// bus.addOutboxHandler(Relay())
/// ```
public protocol OutboxHandler<Context> {
    /// The bus's context type.
    associatedtype Context

    /// Runs before ``handle(_:in:)``. The default does nothing.
    ///
    /// - Parameters:
    ///   - record: The record being processed, as claimed (``OutboxRecord/attempts`` is this attempt's number).
    ///   - handling: This run's context.
    /// - Throws: Any error; ``handle(_:in:)`` is then skipped and the attempt fails.
    func before(_ record: OutboxRecord, in handling: OutboxHandlerContext<Context>) throws

    /// Processes one record.
    ///
    /// - Parameters:
    ///   - record: The record being processed, as claimed.
    ///   - handling: This run's context.
    /// - Throws: Any error; the attempt fails, the remaining handlers are
    ///   skipped and the error is recorded (a ``CascadeAbortingError`` ends the
    ///   whole outbox pass instead, unrecorded).
    func handle(_ record: OutboxRecord, in handling: OutboxHandlerContext<Context>) throws

    /// Runs last, even when ``before(_:in:)`` or ``handle(_:in:)`` threw. The default does nothing.
    ///
    /// - Parameters:
    ///   - record: The record being processed, as claimed.
    ///   - handling: This run's context.
    func after(_ record: OutboxRecord, in handling: OutboxHandlerContext<Context>)
}

extension OutboxHandler {
    /// Does nothing.
    public func before(_ record: OutboxRecord, in handling: OutboxHandlerContext<Context>) throws {}

    /// Does nothing.
    public func after(_ record: OutboxRecord, in handling: OutboxHandlerContext<Context>) {}
}
