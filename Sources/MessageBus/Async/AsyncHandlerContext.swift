import Synchronization

/// What a handler of an ``AsyncMessageBus`` is given for one invocation: the
/// message's envelope, access to the bus's shared context and a place to emit
/// further messages.
///
/// The `async` twin of ``HandlerContext``. A new one is made for every
/// handler call, so emissions never leak from one call into the next (the
/// seed keeps them on the handler instance and re-emits them on every call;
/// this type replaces that design).
///
/// The shared context lives on the bus's actor. A handler reads and writes it
/// with ``withContext(_:)``, whose body runs on that actor: each call is one
/// atomic step, even while the other handlers of the same event run
/// concurrently. Do not split a read-modify-write into two calls.
///
/// ```swift
/// await bus.setCommandHandler(for: PlaceOrder.self) { command, handling in
///     await handling.withContext { $0.orders += 1 }
///     handling.emit(OrderPlaced(orderID: command.orderID))
///     return "accepted"
/// }
/// ```
///
/// ## Topics
/// ### Reading and writing the shared context
/// - ``withContext(_:)``
/// - ``context``
/// ### Emitting messages
/// - ``emit(_:)``
/// - ``emitted``
/// ### What is being handled
/// - ``envelope``
/// - ``handlerName``
public final class AsyncHandlerContext<Context>: Sendable {
    /// The bus whose context this invocation reads and writes.
    private let bus: AsyncMessageBus<Context>

    /// The message being handled, with its id and causation id.
    public let envelope: Envelope

    /// The name of the handler being run (as in ``HandlerResult/handlerName``).
    public let handlerName: String

    /// What the invocation emitted, and whether it may still emit.
    ///
    /// A mutex, because a handler may emit from tasks of its own; it is held
    /// only for an append or a copy, never across a suspension. In the bus's
    /// own use it is never contended: the handler's task emits, and the same
    /// task collects the emissions once the handler has returned. (Only a
    /// handler emitting from several tasks at the same instant contends it;
    /// on Linux the thread sanitizer then reports a false race, because a
    /// contended `Mutex` hands over through the kernel, which it cannot see.)
    private let state = Mutex(State())

    private struct State {
        var emitted = EmittedMessages()
        var isOpen = true
        var convertedMessage: (any Message)?
    }

    init(bus: AsyncMessageBus<Context>, envelope: Envelope, handlerName: String) {
        self.bus = bus
        self.envelope = envelope
        self.handlerName = handlerName
    }

    /// The messages emitted so far by this invocation, in emit order.
    ///
    /// They join the cascade's queue only when the handler returns normally;
    /// the emissions of a handler that throws are discarded.
    public var emitted: [any Message] {
        state.withLock { $0.emitted.array }
    }

    /// Queues a message to be dispatched after the ones already waiting.
    ///
    /// The message joins the cascade's queue only when the handler returns
    /// normally and, for an event, once all the event's handlers have
    /// finished: the messages of the event's handlers are queued in handler
    /// registration order and, for each handler, in emit order, exactly as on
    /// ``MessageBus``. It then gets the next ``MessageID`` and the handled
    /// message's id as its ``Envelope/causationID``. If the handler throws,
    /// everything it emitted is discarded. Emitting after the handler has
    /// returned has no effect.
    ///
    /// - Parameter message: The command or event to dispatch later in this cascade.
    public func emit(_ message: any Message) {
        state.withLock { state in
            if state.isOpen {
                state.emitted.append(message)
            }
        }
    }

    /// Reads and writes the bus's shared context (``AsyncMessageBus/context``)
    /// in one step on the bus's actor.
    ///
    /// Every handler of the bus sees the same value; a write is visible to
    /// every later access, by any handler or by the bus's user. Writes are not
    /// undone when the handler throws afterwards. `body` must not block: the
    /// bus's actor waits for it.
    ///
    /// ```swift
    /// let left = try await handling.withContext { shop in
    ///     guard shop.stock[sku, default: 0] > 0 else { throw ShopError.outOfStock }
    ///     shop.stock[sku, default: 0] -= 1
    ///     return shop.stock[sku, default: 0]
    /// }
    /// ```
    ///
    /// - Parameter body: Reads or changes the context; runs isolated to the bus's actor.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws (a change it made before throwing is kept).
    public func withContext<Result: Sendable>(
        _ body: @Sendable (inout Context) throws -> Result
    ) async rethrows -> Result {
        try await bus.withContext(body)
    }

    /// Ends the invocation: later emissions are ignored.
    ///
    /// - Returns: What it emitted, in emit order.
    func close() -> EmittedMessages {
        state.withLock { state in
            state.isOpen = false
            return state.emitted
        }
    }

    /// The handled message as `M`: a cast, or, for a message of another type
    /// with the same routing name (a runtime-defined message), a JSON round
    /// trip, done once per invocation.
    ///
    /// - Throws: ``MessageBusError/messageTypeMismatch(expected:actual:)`` when
    ///   the message cannot be represented as `M`.
    func typedMessage<M: Message>(_ message: any Message, as type: M.Type) throws -> M {
        if let typed = message as? M {
            return typed
        }
        if let converted = state.withLock({ $0.convertedMessage }) as? M {
            return converted
        }
        let converted = try MessageConversion.convert(message, to: type)
        state.withLock { $0.convertedMessage = converted }
        return converted
    }
}

extension AsyncHandlerContext where Context: Sendable {
    /// A copy of the bus's shared context, read on the bus's actor.
    ///
    /// To change the context, use ``withContext(_:)``: a read followed by a
    /// separate write could lose a concurrent handler's change.
    public var context: Context {
        get async { await bus.context }
    }
}
