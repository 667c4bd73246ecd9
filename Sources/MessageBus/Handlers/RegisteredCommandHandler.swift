/// A command handler as the bus stores it: a name and a type-erased body.
///
/// Typed registration (``MessageBus/setCommandHandler(_:name:)``,
/// ``MessageBus/setCommandHandler(for:name:_:)``) wraps Swift handlers into
/// this type. Tools that define message types at run time (busctl) register
/// instances directly with ``MessageBus/setCommandHandler(_:forMessageNamed:)``.
public struct RegisteredCommandHandler<Context> {
    /// The handler's name, as reported in ``HandlerResult/handlerName``, to
    /// observers and in logs.
    public var name: String

    /// Handles the command and returns its result (`nil` for none).
    ///
    /// Throwing fails the cascade with
    /// ``MessageBusError/commandHandlerFailed(messageName:handlerName:underlying:)``
    /// (or, for a ``CascadeAbortingError``, with that error unchanged).
    public var body: (any Message, HandlerContext<Context>) throws -> (any Sendable)?

    /// Creates a command handler.
    ///
    /// - Parameters:
    ///   - name: The handler's name, for results, observers and logs.
    ///   - body: Handles the message it is given (the command being
    ///     dispatched) and returns its result, or `nil`.
    public init(
        name: String,
        body: @escaping (any Message, HandlerContext<Context>) throws -> (any Sendable)?
    ) {
        self.name = name
        self.body = body
    }
}
