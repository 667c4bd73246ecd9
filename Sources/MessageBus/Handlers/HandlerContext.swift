/// What a handler is given for one invocation: the message's envelope, the
/// bus's shared context and a place to emit further messages.
///
/// A new `HandlerContext` is made for every handler call, so emissions never
/// leak from one call into the next. (The seed library keeps emitted messages
/// on the handler *instance* and never clears them, so a handler called twice
/// re-emits the first call's messages; this type replaces that design.)
///
/// ```swift
/// bus.setCommandHandler(for: PlaceOrder.self) { command, handling in
///     handling.context.orders += 1
///     handling.emit(OrderPlaced(orderID: command.orderID))
///     return "accepted"
/// }
/// ```
///
/// ## Topics
/// ### Reading and writing the shared context
/// - ``context``
/// ### Emitting messages
/// - ``emit(_:)``
/// - ``emitted``
/// ### What is being handled
/// - ``envelope``
/// - ``handlerName``
public final class HandlerContext<Context> {
    /// The bus whose context this invocation reads and writes.
    private let bus: MessageBus<Context>

    // `@exclusivity(unchecked)` here and below: these properties are only
    // read or written in short, non-overlapping accesses (no `inout` across a
    // handler call), so the runtime's dynamic exclusivity checks can never
    // fire; they were ~15% of W1's instructions (issue 7).
    /// The message being handled, with its id and causation id.
    @exclusivity(unchecked)
    public private(set) var envelope: Envelope

    /// The name of the handler being run (as in ``HandlerResult/handlerName``).
    @exclusivity(unchecked)
    public private(set) var handlerName: String

    /// The messages emitted so far by this invocation, in emit order.
    ///
    /// They join the bus's queue only when the handler returns normally; the
    /// emissions of a handler that throws are discarded.
    public var emitted: [any Message] { emissions.array }

    /// What this invocation emitted; read by the cascade once the handler has returned.
    @usableFromInline @exclusivity(unchecked)
    private(set) var emissions = EmittedMessages()

    /// The handled message converted to a typed handler's message type, kept
    /// so that an event handler's hooks and body convert it once.
    @usableFromInline @exclusivity(unchecked)
    var convertedMessage: (any Message)?

    @usableFromInline
    init(bus: MessageBus<Context>, envelope: Envelope, handlerName: String) {
        self.bus = bus
        self.envelope = envelope
        self.handlerName = handlerName
    }

    /// Makes this object the context of a new invocation, as if it were new.
    /// Only for an object that nothing else references any more (see
    /// ``Cascade``'s reuse), so no handler can tell.
    @usableFromInline
    func reuse(for envelope: Envelope, handlerName: String) {
        self.envelope = envelope
        self.handlerName = handlerName
        emissions = EmittedMessages()
        convertedMessage = nil
    }

    /// The bus's shared context (``MessageBus/context``), read and written in place.
    ///
    /// Every handler of the bus sees the same value; a write is visible to the
    /// handlers that run after it and to the bus's user. Writes are not undone
    /// when the handler throws afterwards.
    public var context: Context {
        get { bus.context }
        set { bus.context = newValue }
        _modify { yield &bus.context }
    }

    /// Queues a message to be dispatched after the ones already waiting.
    ///
    /// The message only joins the cascade's queue when the handler returns
    /// normally; it then gets the next ``MessageID`` and the handled message's
    /// id as its ``Envelope/causationID``. If the handler throws, everything it
    /// emitted is discarded. Emitting after the handler has returned has no effect.
    ///
    /// - Parameter message: The command or event to dispatch later in this cascade.
    public func emit(_ message: any Message) {
        emissions.append(message)
    }

    /// The handled message as `M`: a cast, or, for a message of another type
    /// with the same routing name (a runtime-defined message), a JSON round trip.
    ///
    /// - Throws: ``MessageBusError/messageTypeMismatch(expected:actual:)`` when
    ///   the message cannot be represented as `M`.
    @inlinable
    func typedMessage<M: Message>(_ message: any Message, as type: M.Type) throws -> M {
        if let typed = message as? M {
            return typed
        }
        if let converted = convertedMessage as? M {
            return converted
        }
        let converted = try MessageConversion.convert(message, to: type)
        convertedMessage = converted
        return converted
    }
}
