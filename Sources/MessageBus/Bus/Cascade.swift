/// One message and everything its handlers emit, dispatched breadth-first
/// from a FIFO queue, one message at a time.
///
/// ``MessageBus/handle(_:)`` starts a cascade and runs it to the end; create
/// one with ``MessageBus/startCascade(_:)`` to advance it step by step with
/// ``dispatchNext()`` instead (busctl's `step`, `next` and `run`).
///
/// ```swift
/// let cascade = bus.startCascade(PlaceOrder(orderID: 1, sku: "LAMP"))
/// while let report = try cascade.dispatchNext() {
///     print(report.envelope.message.messageName, "queued", report.emitted.count)
/// }
/// ```
///
/// A cascade fails when a command has no handler or its handler throws, when
/// it grows past ``MessageBus/cascadeLimit``, or when a handler throws a
/// ``CascadeAbortingError``: the queue is dropped, ``failure`` is set and the
/// error is thrown. Failing event handlers do not fail it.
///
/// ## Topics
/// ### Advancing
/// - ``dispatchNext()``
/// - ``run()``
/// ### State
/// - ``root``
/// - ``pending``
/// - ``isFinished``
/// - ``failure``
/// ### Results and counts
/// - ``results``
/// - ``dispatchedCount``
/// - ``handlerRunCount``
/// - ``errorCount``
public final class Cascade<Context> {
    /// The bus whose handlers, context and observers this cascade uses.
    @usableFromInline
    let bus: MessageBus<Context>

    /// The message that started the cascade (its ``Envelope/causationID`` is `nil`).
    public let root: Envelope

    /// The queue, results, counts and failure, kept by the rules the async bus shares.
    ///
    /// Exclusivity stays checked here: observers and the logger run inside
    /// the ledger's mutating calls, and an observer may read ``pending`` or
    /// ``results`` of this cascade; that must trap, not corrupt memory.
    @usableFromInline
    var ledger: CascadeLedger

    // `@exclusivity(unchecked)`: only `handlerContext(for:)` touches it, in
    // one short access that runs no user code, so the runtime's dynamic
    // exclusivity check can never fire (such checks were ~15% of W1's
    // instructions, issue 7).
    /// The context of the last handler invocation, reused for the next one
    /// when no handler kept it (made with the cascade: every cascade runs at
    /// least one handler, or fails at its first command).
    @usableFromInline @exclusivity(unchecked)
    var spareHandlerContext: HandlerContext<Context>

    /// One result per command and one per event handler, in the order they
    /// ran; failed event handlers and a failed command handler are included.
    public var results: [HandlerResult] { ledger.results }

    /// How many messages were dispatched, the root and events without handlers included.
    public var dispatchedCount: Int { ledger.dispatchedCount }

    /// How many handlers were run.
    public var handlerRunCount: Int { ledger.handlerRunCount }

    /// Failed event handlers, plus 1 for a missing or failed command handler.
    public var errorCount: Int { ledger.errorCount }

    /// The error that ended the cascade early, or `nil`.
    public var failure: (any Error)? { ledger.failure }

    @usableFromInline
    init(bus: MessageBus<Context>, root: Envelope) {
        self.bus = bus
        self.root = root
        ledger = CascadeLedger(root: root)
        spareHandlerContext = HandlerContext(bus: bus, envelope: root, handlerName: "")
    }

    /// The messages waiting to be dispatched, oldest (next) first.
    ///
    /// - Complexity: O(*n*) for *n* pending messages: it copies the queue.
    public var pending: [Envelope] { ledger.queue.elements }

    /// Whether nothing is left to dispatch: the queue is empty or the cascade failed.
    public var isFinished: Bool { ledger.queue.isEmpty }

    /// Dispatches the oldest queued message to all its handlers.
    ///
    /// Emitted messages are appended to the end of the queue, in handler order
    /// and, for each handler, in emit order.
    ///
    /// - Returns: What happened, or `nil` when nothing is queued (the cascade is finished).
    /// - Throws: ``MessageBusError/cascadeLimitExceeded(limit:)`` when
    ///   ``dispatchedCount`` has reached ``MessageBus/cascadeLimit`` (nothing is
    ///   dispatched); ``MessageBusError/noHandler(messageName:)`` or
    ///   ``MessageBusError/commandHandlerFailed(messageName:handlerName:underlying:)``
    ///   for a command; a ``CascadeAbortingError`` from any handler, unchanged.
    ///   In each case the queue is dropped and ``failure`` is set.
    @discardableResult
    public func dispatchNext() throws -> DispatchReport? {
        guard let envelope = try takeNext() else { return nil }
        let resultsBefore = ledger.results.count
        let queuedBefore = ledger.queue.count
        try dispatch(envelope)
        // The dispatch only appended to the results and to the queue: what it
        // added is this dispatch's report.
        return DispatchReport(
            envelope: envelope,
            results: Array(ledger.results[resultsBefore...]),
            emitted: ledger.queue.last(ledger.queue.count - queuedBefore)
        )
    }

    // `handle`, `run` and the dispatch path are `@inlinable` (with what
    // they touch `@usableFromInline`) so that a client's bus is specialized
    // for its own `Context`: unspecialized, each handler call looked up the
    // generic types' metadata at run time, ~20% of W1 (issue 7).
    /// Dispatches queued messages until the cascade is finished.
    ///
    /// Does nothing if the cascade is already finished (a previous failure is
    /// not thrown again; read it from ``failure``).
    ///
    /// - Throws: What ``dispatchNext()`` throws.
    @inlinable
    public func run() throws {
        while let envelope = try takeNext() {
            try dispatch(envelope)
        }
    }

    /// Takes the oldest queued message, counting it as dispatched.
    ///
    /// - Returns: The message, or `nil` when nothing is queued.
    /// - Throws: ``MessageBusError/cascadeLimitExceeded(limit:)`` when
    ///   ``dispatchedCount`` has reached the bus's limit; the cascade then fails.
    @inlinable
    func takeNext() throws -> Envelope? {
        try ledger.takeNext(limit: bus.cascadeLimit)
    }

    /// Runs the handlers of `envelope`; a thrown error fails the cascade.
    @inlinable
    func dispatch(_ envelope: Envelope) throws {
        do {
            switch envelope.message.messageKind {
            case .command:
                try dispatchCommand(envelope)
            case .event:
                try dispatchEvent(envelope)
            }
        } catch {
            throw ledger.fail(error)
        }
    }
}
