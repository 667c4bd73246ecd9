/// A Swift type that reacts to one event type, with optional hooks around its body.
///
/// The Swift counterpart of the seed's `EventHandlerABC` (whose `_handle` is
/// wrapped by before/after steps). Register instances with
/// ``MessageBus/addEventHandler(_:name:)``; an event's handlers run in
/// registration order. For each: ``before(_:in:)``, then ``handle(_:in:)``
/// (skipped when `before` threw), then ``after(_:in:)``, which always runs.
///
/// ```swift
/// struct AuditHandler: EventHandler {
///     func handle(_ event: OrderPlaced, in handling: HandlerContext<Shop>) throws -> (any Sendable)? {
///         handling.context.audit.append("order \(event.orderID)")
///         return nil
///     }
/// }
/// ```
public protocol EventHandler<Context> {
    /// The event type this handler reacts to.
    associatedtype HandledEvent: Event
    /// The bus's context type.
    associatedtype Context

    /// Runs before ``handle(_:in:)``. The default does nothing.
    ///
    /// - Parameters:
    ///   - event: The event being dispatched.
    ///   - handling: This invocation's context.
    /// - Throws: Any error; ``handle(_:in:)`` is then skipped, the failure is
    ///   logged and recorded, and the cascade goes on.
    func before(_ event: HandledEvent, in handling: HandlerContext<Context>) throws

    /// Reacts to one event.
    ///
    /// - Parameters:
    ///   - event: The event being dispatched.
    ///   - handling: This invocation's context.
    /// - Returns: A result for ``HandlerResult/value``, or `nil`.
    /// - Throws: Any error; it is logged and recorded, the event's other
    ///   handlers still run and the cascade goes on (except for a ``CascadeAbortingError``).
    func handle(_ event: HandledEvent, in handling: HandlerContext<Context>) throws -> (any Sendable)?

    /// Runs last, even when ``before(_:in:)`` or ``handle(_:in:)`` threw. The default does nothing.
    ///
    /// - Parameters:
    ///   - event: The event being dispatched.
    ///   - handling: This invocation's context.
    func after(_ event: HandledEvent, in handling: HandlerContext<Context>)
}

extension EventHandler {
    /// Does nothing.
    public func before(_ event: HandledEvent, in handling: HandlerContext<Context>) throws {}

    /// Does nothing.
    public func after(_ event: HandledEvent, in handling: HandlerContext<Context>) {}
}
