extension MessageBus {
    // MARK: By routing name

    /// Makes `handler` the handler of the commands named `name`, replacing any previous one.
    ///
    /// This is how tools with runtime-defined message types (busctl) register
    /// handlers; Swift code usually uses ``setCommandHandler(_:name:)`` or
    /// ``setCommandHandler(for:name:_:)``.
    ///
    /// - Parameters:
    ///   - handler: The handler.
    ///   - name: The routing name (``Message/messageName-swift.property``) of the commands it handles.
    public func setCommandHandler(_ handler: RegisteredCommandHandler<Context>, forMessageNamed name: String) {
        commandHandlerTable[name] = handler
    }

    /// Removes the handler of the commands named `name`, if there is one.
    ///
    /// - Parameter name: The commands' routing name.
    public func removeCommandHandler(forMessageNamed name: String) {
        commandHandlerTable[name] = nil
    }

    /// The handler of the commands named `name`, or `nil` if there is none.
    ///
    /// - Parameter name: The commands' routing name.
    public func commandHandler(forMessageNamed name: String) -> RegisteredCommandHandler<Context>? {
        commandHandlerTable[name]
    }

    /// Appends `handler` to the handlers of the events named `name`; it runs after those already registered.
    ///
    /// - Parameters:
    ///   - handler: The handler.
    ///   - name: The routing name of the events it handles.
    public func addEventHandler(_ handler: RegisteredEventHandler<Context>, forMessageNamed name: String) {
        eventHandlerTable[name, default: []].append(handler)
    }

    /// Replaces the handlers of the events named `name` (the seed's `set_event_handlers`).
    ///
    /// - Parameters:
    ///   - handlers: The new handlers, in the order they will run; an empty list removes them all.
    ///   - name: The events' routing name.
    public func setEventHandlers(_ handlers: [RegisteredEventHandler<Context>], forMessageNamed name: String) {
        eventHandlerTable[name] = handlers.isEmpty ? nil : handlers
    }

    /// The handlers of the events named `name`, in the order they run; empty if there are none.
    ///
    /// - Parameter name: The events' routing name.
    public func eventHandlers(forMessageNamed name: String) -> [RegisteredEventHandler<Context>] {
        eventHandlerTable[name] ?? []
    }

    // MARK: Typed

    /// Makes `handler` the handler of its command type, replacing any previous one
    /// (the seed's `set_command_handler(ProcessOrder, ProcessOrderHandler())`).
    ///
    /// The handler is registered under `H.HandledCommand.messageName`. A message
    /// with that name that is not an `H.HandledCommand` (a runtime-defined
    /// message) is converted by a JSON round trip; if that fails, the handler
    /// fails with ``MessageBusError/messageTypeMismatch(expected:actual:)``.
    ///
    /// - Parameters:
    ///   - handler: The handler. Its value is kept and called for every command.
    ///   - name: The handler's name for results, observers and logs. Default: the handler type's name.
    @inlinable
    public func setCommandHandler<H: CommandHandler>(_ handler: H, name: String? = nil) where H.Context == Context {
        let registered = RegisteredCommandHandler<Context>(name: name ?? String(describing: H.self)) { message, handling in
            try handler.handle(handling.typedMessage(message, as: H.HandledCommand.self), in: handling)
        }
        setCommandHandler(registered, forMessageNamed: H.HandledCommand.messageName)
    }

    /// Makes a closure the handler of the commands of type `type`, replacing any previous one.
    ///
    /// Conversion of runtime-defined messages works as in ``setCommandHandler(_:name:)``.
    ///
    /// - Parameters:
    ///   - type: The command type; the handler is registered under `C.messageName`.
    ///   - name: The handler's name. Default: `"<MessageName>Handler"`.
    ///   - body: Handles a command and returns its result, or `nil`.
    @inlinable
    public func setCommandHandler<C: Command>(
        for type: C.Type,
        name: String? = nil,
        _ body: @escaping (C, HandlerContext<Context>) throws -> (any Sendable)?
    ) {
        let registered = RegisteredCommandHandler<Context>(name: name ?? "\(C.messageName)Handler") { message, handling in
            try body(handling.typedMessage(message, as: C.self), handling)
        }
        setCommandHandler(registered, forMessageNamed: C.messageName)
    }

    /// Appends `handler` to the handlers of its event type, with its
    /// ``EventHandler/before(_:in:)`` and ``EventHandler/after(_:in:)`` hooks.
    ///
    /// The handler is registered under `H.HandledEvent.messageName`. A message
    /// with that name that is not an `H.HandledEvent` is converted by a JSON
    /// round trip; if that fails, the handler fails with
    /// ``MessageBusError/messageTypeMismatch(expected:actual:)`` and its
    /// `after` hook, which has no event to read, is not called.
    ///
    /// - Parameters:
    ///   - handler: The handler. Its value is kept and called for every event.
    ///   - name: The handler's name for results, observers and logs. Default: the handler type's name.
    @inlinable
    public func addEventHandler<H: EventHandler>(_ handler: H, name: String? = nil) where H.Context == Context {
        let registered = RegisteredEventHandler<Context>(
            name: name ?? String(describing: H.self),
            before: { message, handling in
                try handler.before(handling.typedMessage(message, as: H.HandledEvent.self), in: handling)
            },
            body: { message, handling in
                try handler.handle(handling.typedMessage(message, as: H.HandledEvent.self), in: handling)
            },
            after: { message, handling in
                guard let event = try? handling.typedMessage(message, as: H.HandledEvent.self) else { return }
                handler.after(event, in: handling)
            }
        )
        addEventHandler(registered, forMessageNamed: H.HandledEvent.messageName)
    }

    /// Appends a closure to the handlers of the events of type `type`.
    ///
    /// Conversion of runtime-defined messages works as in ``addEventHandler(_:name:)``.
    ///
    /// - Parameters:
    ///   - type: The event type; the handler is registered under `E.messageName`.
    ///   - name: The handler's name. Default: `"<MessageName>Handler"`.
    ///   - body: Reacts to an event and returns a result, or `nil`.
    @inlinable
    public func addEventHandler<E: Event>(
        for type: E.Type,
        name: String? = nil,
        _ body: @escaping (E, HandlerContext<Context>) throws -> (any Sendable)?
    ) {
        let registered = RegisteredEventHandler<Context>(name: name ?? "\(E.messageName)Handler") { message, handling in
            try body(handling.typedMessage(message, as: E.self), handling)
        }
        addEventHandler(registered, forMessageNamed: E.messageName)
    }
}
