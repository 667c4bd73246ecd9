/// An object told what a ``MessageBus`` does: each dispatch, each handler's
/// start and finish (with its result or error and its duration), each emitted
/// message with its cause, and events nobody handles.
///
/// Register one with ``MessageBus/addObserver(_:)``. Every method has an empty
/// default implementation: implement only those you need. busctl's trace and
/// a logging observer are built on this protocol.
///
/// For each dispatched message the calls come in this order:
/// 1. ``messageBus(didDispatch:handlerCount:)``;
/// 2. for an event without handlers, ``messageBus(foundNoHandlersFor:)``;
/// 3. for each handler in turn: ``messageBus(willRunHandler:for:)``,
///    ``messageBus(didRunHandler:for:outcome:duration:)``, then one
///    ``messageBus(didEmit:from:)`` per message it emitted (only if it did not throw).
///
/// A command without a handler produces only `didDispatch`.
///
/// When no observer is registered the bus reads no clock and builds no value
/// for them. Observers are called synchronously on the bus's caller; they
/// must not throw and should return quickly.
///
/// - Note: A subclass of a class that conforms must implement the methods it
///   wants in the conforming class (possibly empty, to override): Swift calls
///   the protocol's default implementation otherwise.
public protocol MessageBusObserver: AnyObject {
    /// A message was taken from the queue and is about to be handled.
    ///
    /// - Parameters:
    ///   - envelope: The message, its id and its cause.
    ///   - handlerCount: How many handlers will run (0 for an unhandled event
    ///     or a command without a handler).
    func messageBus(didDispatch envelope: Envelope, handlerCount: Int)

    /// A handler is about to run.
    ///
    /// - Parameters:
    ///   - name: The handler's name.
    ///   - envelope: The message it handles.
    func messageBus(willRunHandler name: String, for envelope: Envelope)

    /// A handler finished (for an event handler: its hooks included).
    ///
    /// - Parameters:
    ///   - name: The handler's name.
    ///   - envelope: The message it handled.
    ///   - outcome: Its return value, or the error it threw.
    ///   - duration: How long it ran, by `ContinuousClock`.
    func messageBus(
        didRunHandler name: String,
        for envelope: Envelope,
        outcome: Result<(any Sendable)?, any Error>,
        duration: Duration
    )

    /// A handler's emitted message was queued.
    ///
    /// - Parameters:
    ///   - envelope: The queued message; its ``Envelope/causationID`` is the
    ///     id of the message whose handler emitted it.
    ///   - handlerName: The handler that emitted it.
    func messageBus(didEmit envelope: Envelope, from handlerName: String)

    /// An event was dispatched and has no handlers (not an error).
    ///
    /// - Parameter envelope: The event.
    func messageBus(foundNoHandlersFor envelope: Envelope)
}

extension MessageBusObserver {
    /// Does nothing.
    public func messageBus(didDispatch envelope: Envelope, handlerCount: Int) {}

    /// Does nothing.
    public func messageBus(willRunHandler name: String, for envelope: Envelope) {}

    /// Does nothing.
    public func messageBus(
        didRunHandler name: String,
        for envelope: Envelope,
        outcome: Result<(any Sendable)?, any Error>,
        duration: Duration
    ) {}

    /// Does nothing.
    public func messageBus(didEmit envelope: Envelope, from handlerName: String) {}

    /// Does nothing.
    public func messageBus(foundNoHandlersFor envelope: Envelope) {}
}
