import Logging

/// A synchronous message bus: dispatches commands and events to their
/// handlers, breadth-first, and runs every cascade they start to its end.
///
/// This is the seed library's `MessageBus`, in Swift. Handlers are registered
/// by message *name* (a type's name, or a runtime-defined name), so Swift-typed
/// messages and runtime-defined ones share a bus. ``handle(_:)`` queues a
/// message and then repeatedly takes the oldest queued message, runs its
/// handler(s) and appends what they emitted to the end of the queue (FIFO,
/// breadth-first), until the queue is empty.
///
/// - A command has exactly one handler. A missing or throwing one fails the
///   cascade: the rest of the queue is dropped and ``handle(_:)`` throws.
/// - An event has zero or more handlers, run in registration order. One that
///   throws is logged (through ``logger``, level `.error`) and recorded as a
///   failed ``HandlerResult``; the other handlers still run and the cascade goes on.
///
/// ```swift
/// struct Shop { var stock = ["LAMP": 5]; var mails = 0 }
///
/// let bus = MessageBus(context: Shop())
/// bus.setCommandHandler(for: PlaceOrder.self) { order, handling in
///     handling.context.stock[order.sku, default: 0] -= 1
///     handling.emit(OrderPlaced(orderID: order.orderID))
///     return "accepted"
/// }
/// bus.addEventHandler(for: OrderPlaced.self) { _, handling in
///     handling.context.mails += 1
///     return nil
/// }
/// let results = try bus.handle(PlaceOrder(orderID: 1, sku: "LAMP"))
/// ```
///
/// The bus is not `Sendable`: use it from one isolation domain.
///
/// ## Topics
/// ### Creating a bus
/// - ``init(context:logger:)``
/// - ``init(logger:)``
/// ### Shared state and settings
/// - ``context``
/// - ``cascadeLimit``
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
/// - ``batchHandle(_:)``
/// - ``startCascade(_:)``
/// ### Observing
/// - ``addObserver(_:)``
/// - ``removeObserver(_:)``
/// ### Outbox
/// - <doc:Outbox>
/// - ``outboxHandlers``
/// - ``addOutboxHandler(_:)``
/// - ``addOutboxHandler(_:name:)``
/// - ``setOutboxHandlers(_:)``
/// - ``removeOutboxHandler(named:)``
/// - ``maxAttempts``
/// - ``processOutbox(_:now:)``
/// - ``processNextOutboxMessage(_:now:)``
public final class MessageBus<Context> {
    /// The context shared by every handler of this bus (the seed's `message_bus.context`).
    ///
    /// Handlers read and write it through ``HandlerContext/context``; the bus's
    /// user may read and set it at any time between dispatches.
    public var context: Context

    /// The most messages one cascade may dispatch, the root included. Default: 10,000.
    ///
    /// When a cascade has dispatched this many messages and more are queued, it
    /// fails with ``MessageBusError/cascadeLimitExceeded(limit:)`` instead of
    /// running forever; its ``Cascade/dispatchedCount`` then equals the limit.
    /// The value is read before each dispatch, so a change applies to running
    /// cascades too.
    public var cascadeLimit: Int = 10_000

    /// Where failed event handlers are reported (level `.error`, with the
    /// message's and the handler's names as metadata).
    ///
    /// Log messages are built only when the logger's level lets them through.
    public var logger: Logger

    /// The id the next queued message will get. Ids count up from 1 per bus;
    /// set it to start counting again (busctl's `reset` sets it to 1).
    ///
    /// A computed property over ``messageIDCounter``, so that a client's own
    /// long accesses (`inout` across a call) keep the runtime's checks.
    public var nextMessageID: MessageID {
        get { messageIDCounter }
        set { messageIDCounter = newValue }
    }

    // `@exclusivity(unchecked)` here and below: these properties are only
    // read or written by the bus in short, non-overlapping accesses that run
    // no user code (tables and observers are copied out before handlers or
    // observers run), so the runtime's dynamic exclusivity checks can never
    // fire; they were ~15% of W1's instructions (issue 7).
    /// The storage of ``nextMessageID``.
    @usableFromInline @exclusivity(unchecked)
    var messageIDCounter = MessageID(1)

    /// The outbox handlers, in the order they run for every record (the
    /// seed's `set_outbox_handlers`).
    ///
    /// Set the whole list, or use ``addOutboxHandler(_:)``,
    /// ``addOutboxHandler(_:name:)`` and ``removeOutboxHandler(named:)``. With no
    /// outbox handlers, ``processOutbox(_:now:)`` processes nothing.
    public var outboxHandlers: [RegisteredOutboxHandler<Context>] = []

    /// How many attempts an outbox record gets before it becomes a dead
    /// letter. Default: 5. Values below 1 count as 1.
    ///
    /// When the attempt numbered `maxAttempts` fails, the record becomes
    /// ``OutboxStatus/dead``; a record whose attempts already reached it
    /// (every earlier attempt was cut short, by a crash) is marked dead
    /// without running, with the error `gave up after N attempts`.
    public var maxAttempts: Int = 5

    /// Command handlers by message name.
    @usableFromInline @exclusivity(unchecked)
    var commandHandlerTable: [String: RegisteredCommandHandler<Context>] = [:]

    /// Event handlers by message name, in registration order. Never holds an empty list.
    @usableFromInline @exclusivity(unchecked)
    var eventHandlerTable: [String: [RegisteredEventHandler<Context>]] = [:]

    /// The registered observers, in registration order.
    @usableFromInline @exclusivity(unchecked)
    var observers: [any MessageBusObserver] = []

    /// Creates a bus with no handlers.
    ///
    /// - Parameters:
    ///   - context: The initial shared context.
    ///   - logger: Where failed event handlers are reported. Default: a logger
    ///     labelled `MessageBus`, handled by whatever `LoggingSystem` was bootstrapped with.
    public init(context: Context, logger: Logger = Logger(label: "MessageBus")) {
        self.context = context
        self.logger = logger
    }

    /// Returns the next message id and advances ``nextMessageID``.
    @usableFromInline
    func takeMessageID() -> MessageID {
        let id = messageIDCounter
        messageIDCounter = id.successor
        return id
    }
}

extension MessageBus where Context == [String: any Sendable] {
    /// Creates a bus whose context is an empty dictionary, like the seed's
    /// `message_bus.context` dict (`bus.context["db"] = session`).
    ///
    /// - Parameter logger: Where failed event handlers are reported. Default: a
    ///   logger labelled `MessageBus`.
    public convenience init(logger: Logger = Logger(label: "MessageBus")) {
        self.init(context: [:], logger: logger)
    }
}
