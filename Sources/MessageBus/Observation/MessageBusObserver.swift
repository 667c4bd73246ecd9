/// An object told what a ``MessageBus`` does: each dispatch, each handler's
/// start and finish (with its result or error and its duration), each emitted
/// message with its cause, events nobody handles, and each stage of outbox
/// processing.
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
/// For each outbox record that ``MessageBus/processOutbox(_:now:)`` or
/// ``MessageBus/processNextOutboxMessage(_:now:)`` processes:
/// 1. ``messageBus(didClaimOutboxRecord:)`` once the attempt is committed;
/// 2. for each outbox handler in turn: ``messageBus(willRunOutboxHandler:for:)``
///    and ``messageBus(didRunOutboxHandler:for:error:duration:)`` (after a
///    failure, the remaining handlers are skipped and produce nothing);
/// 3. ``messageBus(didFinishOutboxRecord:outcome:)``.
///
/// A record given up without running (`gave up after N attempts`) produces
/// only step 3. A ``CascadeAbortingError`` thrown by an outbox handler
/// produces its `didRunOutboxHandler` and nothing after it. Messages that an
/// outbox handler dispatches on the bus are observed as usual, between its
/// `willRunOutboxHandler` and `didRunOutboxHandler`.
///
/// When no observer is registered the bus reads no clock and builds no value
/// for them. Observers are called synchronously on the bus's caller; they
/// must not throw and should return quickly.
///
/// The same protocol observes an ``AsyncMessageBus``
/// (``AsyncMessageBus/addObserver(_:)``). There observers must also be
/// `Sendable`: dispatch, emission and outbox-record calls come from the bus's
/// actor, handler start and finish calls from the task running the handler,
/// and the handlers of one event run concurrently, so those calls may come at
/// the same time. For each message, the `didEmit` calls then follow all of its
/// handlers' `didRunHandler` calls, in handler registration order.
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

    /// An outbox record was claimed for an attempt, and the claim committed;
    /// its outbox handlers are about to run.
    ///
    /// - Parameter record: The record as claimed: its ``OutboxRecord/attempts``
    ///   is this attempt's number (1 on the first try).
    func messageBus(didClaimOutboxRecord record: OutboxRecord)

    /// An outbox handler is about to run for a claimed record.
    ///
    /// - Parameters:
    ///   - name: The outbox handler's name.
    ///   - record: The record, as claimed.
    func messageBus(willRunOutboxHandler name: String, for record: OutboxRecord)

    /// An outbox handler finished (its hooks included).
    ///
    /// - Parameters:
    ///   - name: The outbox handler's name.
    ///   - record: The record, as claimed.
    ///   - error: The error its `before` hook or body threw, or `nil` when it succeeded.
    ///   - duration: How long it ran, hooks included, by `ContinuousClock`.
    func messageBus(didRunOutboxHandler name: String, for record: OutboxRecord, error: (any Error)?, duration: Duration)

    /// Processing an outbox record ended, and its new state is stored.
    ///
    /// - Parameters:
    ///   - record: The record as now stored: for ``OutboxOutcome/processed``
    ///     with status processed and ``OutboxRecord/processedAt`` set; for
    ///     ``OutboxOutcome/failed(_:)`` still pending, with
    ///     ``OutboxRecord/lastError``; for ``OutboxOutcome/dead(_:)`` dead, with
    ///     ``OutboxRecord/lastError``.
    ///   - outcome: Processed, failed or dead, with the error's text.
    func messageBus(didFinishOutboxRecord record: OutboxRecord, outcome: OutboxOutcome)
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

    /// Does nothing.
    public func messageBus(didClaimOutboxRecord record: OutboxRecord) {}

    /// Does nothing.
    public func messageBus(willRunOutboxHandler name: String, for record: OutboxRecord) {}

    /// Does nothing.
    public func messageBus(didRunOutboxHandler name: String, for record: OutboxRecord, error: (any Error)?, duration: Duration) {}

    /// Does nothing.
    public func messageBus(didFinishOutboxRecord record: OutboxRecord, outcome: OutboxOutcome) {}
}
