/// A Swift type that reacts to one event type on an ``AsyncMessageBus``,
/// with optional hooks around its body.
///
/// The `async` twin of ``EventHandler`` (the seed's `EventHandlerABC`, whose
/// `_handle` is wrapped by before/after steps). Register instances with
/// ``AsyncMessageBus/addEventHandler(_:name:)``. The handlers of one event run
/// concurrently, each in its own child task; for each: ``before(_:in:)``,
/// then ``handle(_:in:)`` (skipped when `before` threw), then ``after(_:in:)``,
/// which always runs. What they emit is queued in registration order once
/// they have all finished.
///
/// ```swift
/// struct AuditHandler: AsyncEventHandler {
///     func handle(_ event: OrderPlaced, in handling: AsyncHandlerContext<Shop>) async throws -> (any Sendable)? {
///         await handling.withContext { $0.audit.append("order \(event.orderID)") }
///         return nil
///     }
/// }
/// ```
public protocol AsyncEventHandler<Context>: Sendable {
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
    func before(_ event: HandledEvent, in handling: AsyncHandlerContext<Context>) async throws

    /// Reacts to one event.
    ///
    /// - Parameters:
    ///   - event: The event being dispatched.
    ///   - handling: This invocation's context.
    /// - Returns: A result for ``HandlerResult/value``, or `nil`.
    /// - Throws: Any error; it is logged and recorded, the event's other
    ///   handlers are not affected and the cascade goes on (except for a
    ///   ``CascadeAbortingError``).
    func handle(_ event: HandledEvent, in handling: AsyncHandlerContext<Context>) async throws -> (any Sendable)?

    /// Runs last, even when ``before(_:in:)`` or ``handle(_:in:)`` threw. The default does nothing.
    ///
    /// - Parameters:
    ///   - event: The event being dispatched.
    ///   - handling: This invocation's context.
    func after(_ event: HandledEvent, in handling: AsyncHandlerContext<Context>) async
}

extension AsyncEventHandler {
    /// Does nothing.
    public func before(_ event: HandledEvent, in handling: AsyncHandlerContext<Context>) async throws {}

    /// Does nothing.
    public func after(_ event: HandledEvent, in handling: AsyncHandlerContext<Context>) async {}
}
