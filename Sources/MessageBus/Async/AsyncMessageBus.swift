import Logging

/// An asynchronous message bus: `async` handlers, the handlers of one event
/// run concurrently, and bounded concurrent batch handling (the seed's
/// `AsyncMessageBus`). Read <doc:TheAsyncBus> for the design.
///
/// The cascade rules are those of ``MessageBus``, and so is the dispatch
/// order. ``handle(_:)`` queues a message, then repeatedly takes the oldest
/// queued message, runs its handler(s) and appends what they emitted to the
/// end of the queue (FIFO, breadth-first), until the queue is empty.
///
/// - A command has exactly one handler. A missing or throwing one fails the
///   cascade: the rest of the queue is dropped and ``handle(_:)`` throws.
/// - An event has zero or more handlers. They run **concurrently**, each in a
///   child task. One that throws is logged (level `.error`) and recorded as a
///   failed ``HandlerResult``; the others are not affected and the cascade
///   goes on. When all have finished, their results are recorded and their
///   emitted messages queued in **registration order**, so the queue, the
///   message ids and the results are exactly those the synchronous bus
///   produces for the same handlers.
/// - A cascade dispatches at most ``cascadeLimit`` messages; a
///   ``CascadeAbortingError`` thrown by any handler ends it unchanged.
/// - Cancelling the task that called ``handle(_:)`` stops the cascade: see
///   ``handle(_:)``.
///
/// ```swift
/// struct Shop: Sendable { var stock = ["LAMP": 5]; var mails = 0 }
///
/// let bus = AsyncMessageBus(context: Shop())
/// await bus.setCommandHandler(for: PlaceOrder.self) { order, handling in
///     await handling.withContext { $0.stock[order.sku, default: 0] -= 1 }
///     handling.emit(OrderPlaced(orderID: order.orderID))
///     return "accepted"
/// }
/// await bus.addEventHandler(for: OrderPlaced.self) { _, handling in
///     await handling.withContext { $0.mails += 1 }
///     return nil
/// }
/// let results = try await bus.handle(PlaceOrder(orderID: 1, sku: "LAMP"))
/// ```
///
/// ## Isolation
///
/// The bus is an actor. Its state (the ``context``, the handler tables, the
/// observers, the settings and the message-id counter) is isolated to it, so
/// every change is serialised without a lock and nothing is held across an
/// `await`. Cascade bookkeeping (the queue, ids, results) runs on the actor.
/// Handlers do **not**: the bus awaits them outside the actor, so a slow
/// handler never blocks other callers, the handlers of one event truly run in
/// parallel, and a handler can reach the context without deadlock. They read
/// and write it with ``AsyncHandlerContext/withContext(_:)``, whose body runs
/// on the actor, one access at a time; that is why `Context` needs no locking
/// of its own and need not even be `Sendable` (reading a copy with
/// ``AsyncHandlerContext/context`` does need it).
///
/// The actor is reentrant: while a cascade awaits its handlers, other calls
/// (another ``handle(_:)``, the cascades of ``batchHandle(_:maxConcurrency:)``,
/// a registration) run on it. Each cascade keeps its own queue; message ids
/// come from one counter, so concurrent cascades get interleaved ids.
///
/// ## Observers
///
/// The observer API is the synchronous bus's (``MessageBusObserver``), with
/// observers that are also `Sendable`, since the bus calls them from several
/// tasks. See ``addObserver(_:)`` for which call comes from where.
///
/// ## Topics
/// ### Creating a bus
/// - ``init(context:cascadeLimit:maxAttempts:logger:)``
/// - ``init(logger:)``
/// ### Shared state and settings
/// - ``context``
/// - ``withContext(_:)``
/// - ``setContext(_:)``
/// - ``cascadeLimit``
/// - ``setCascadeLimit(_:)``
/// - ``logger``
/// - ``nextMessageID``
/// ### Registering handlers
/// - ``setCommandHandler(_:name:)``
/// - ``setCommandHandler(for:name:_:)``
/// - ``addEventHandler(_:name:)``
/// - ``addEventHandler(for:name:_:)``
/// - ``setCommandHandler(_:forMessageNamed:)``
/// - ``removeCommandHandler(forMessageNamed:)``
/// - ``commandHandler(forMessageNamed:)``
/// - ``addEventHandler(_:forMessageNamed:)``
/// - ``setEventHandlers(_:forMessageNamed:)``
/// - ``eventHandlers(forMessageNamed:)``
/// ### Handling messages
/// - ``handle(_:)``
/// - ``batchHandle(_:maxConcurrency:)``
/// ### Observing
/// - ``addObserver(_:)``
/// - ``removeObserver(_:)``
/// ### Outbox
/// - ``outboxHandlers``
/// - ``addOutboxHandler(_:)``
/// - ``addOutboxHandler(_:name:)``
/// - ``setOutboxHandlers(_:)``
/// - ``removeOutboxHandler(named:)``
/// - ``maxAttempts``
/// - ``setMaxAttempts(_:)``
/// - ``processOutbox(_:now:)``
/// - ``processNextOutboxMessage(_:now:)``
public actor AsyncMessageBus<Context> {
    /// The context shared by every handler of this bus (the seed's `message_bus.context`).
    ///
    /// Handlers read and write it through ``AsyncHandlerContext/withContext(_:)``;
    /// the bus's user through ``withContext(_:)`` and ``setContext(_:)``, at any
    /// time, including while cascades run.
    public internal(set) var context: Context

    /// The most messages one cascade may dispatch, the root included. Default: 10,000.
    ///
    /// When a cascade has dispatched this many messages and more are queued,
    /// it fails with ``MessageBusError/cascadeLimitExceeded(limit:)``. The value
    /// is read before each dispatch, so a change applies to running cascades too.
    public internal(set) var cascadeLimit: Int

    /// Where failed event handlers and outbox attempts are reported (as on
    /// ``MessageBus/logger``). Log messages are built only when the logger's
    /// level lets them through.
    public nonisolated let logger: Logger

    /// The id the next queued message will get. Ids count up from 1 per bus.
    public internal(set) var nextMessageID = MessageID(1)

    /// The outbox handlers, in the order they run for every record (the
    /// seed's `set_outbox_handlers`). With none, ``processOutbox(_:now:)``
    /// processes nothing.
    public internal(set) var outboxHandlers: [AsyncRegisteredOutboxHandler<Context>] = []

    /// How many attempts an outbox record gets before it becomes a dead
    /// letter. Default: 5. Values below 1 count as 1. The rules are those of
    /// ``MessageBus/maxAttempts``.
    public internal(set) var maxAttempts: Int

    /// Command handlers by message name.
    var commandHandlerTable: [String: AsyncRegisteredCommandHandler<Context>] = [:]

    /// Event handlers by message name, in registration order. Never holds an empty list.
    var eventHandlerTable: [String: [AsyncRegisteredEventHandler<Context>]] = [:]

    /// The registered observers, in registration order.
    var observers: [any MessageBusObserver & Sendable] = []

    /// Creates a bus with no handlers.
    ///
    /// - Parameters:
    ///   - context: The initial shared context; the bus takes it over (it is
    ///     `sending`, so a non-`Sendable` value may be given if the caller does
    ///     not keep using it).
    ///   - cascadeLimit: The most messages one cascade may dispatch. Default: 10,000.
    ///   - maxAttempts: How many attempts an outbox record gets. Default: 5.
    ///   - logger: Where failures are reported. Default: a logger labelled
    ///     `AsyncMessageBus`, handled by whatever `LoggingSystem` was bootstrapped with.
    public init(
        context: sending Context,
        cascadeLimit: Int = 10_000,
        maxAttempts: Int = 5,
        logger: Logger = Logger(label: "AsyncMessageBus")
    ) {
        self.context = context
        self.cascadeLimit = cascadeLimit
        self.maxAttempts = maxAttempts
        self.logger = logger
    }

    /// Reads and writes the shared context in one step, isolated to the bus.
    ///
    /// No handler's access can come between the start and the end of `body`.
    /// `body` must not block: the bus waits for it.
    ///
    /// ```swift
    /// let mails = await bus.withContext { $0.mails }
    /// await bus.withContext { $0.stock["LAMP"] = 10 }
    /// ```
    ///
    /// - Parameter body: Reads or changes the context.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws (a change it made before throwing is kept).
    public func withContext<Result: Sendable>(_ body: @Sendable (inout Context) throws -> Result) rethrows -> Result {
        try body(&context)
    }

    /// Replaces the shared context.
    ///
    /// - Parameter context: The new context; the bus takes it over.
    public func setContext(_ context: sending Context) {
        self.context = context
    }

    /// Sets ``cascadeLimit``.
    ///
    /// - Parameter limit: The most messages one cascade may dispatch.
    public func setCascadeLimit(_ limit: Int) {
        cascadeLimit = limit
    }

    /// Sets ``maxAttempts``.
    ///
    /// - Parameter maxAttempts: How many attempts an outbox record gets; values below 1 count as 1.
    public func setMaxAttempts(_ maxAttempts: Int) {
        self.maxAttempts = maxAttempts
    }

    /// Returns the next message id and advances ``nextMessageID``.
    func takeMessageID() -> MessageID {
        let id = nextMessageID
        nextMessageID = id.successor
        return id
    }
}

extension AsyncMessageBus where Context == [String: any Sendable] {
    /// Creates a bus whose context is an empty dictionary, like the seed's
    /// `message_bus.context` dict.
    ///
    /// - Parameter logger: Where failures are reported. Default: a logger
    ///   labelled `AsyncMessageBus`.
    public init(logger: Logger = Logger(label: "AsyncMessageBus")) {
        self.init(context: [:], logger: logger)
    }
}
