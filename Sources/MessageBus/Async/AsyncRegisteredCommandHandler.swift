/// A command handler of an ``AsyncMessageBus`` as the bus stores it: a name
/// and a type-erased `async` body.
///
/// The `async` twin of ``RegisteredCommandHandler``. Typed registration
/// (``AsyncMessageBus/setCommandHandler(_:name:)``,
/// ``AsyncMessageBus/setCommandHandler(for:name:_:)``) wraps Swift handlers
/// into this type; tools that define message types at run time register
/// instances directly with ``AsyncMessageBus/setCommandHandler(_:forMessageNamed:)``.
///
/// The body runs outside the bus's actor, on the task that runs the cascade.
public struct AsyncRegisteredCommandHandler<Context>: Sendable {
    /// The handler's name, as reported in ``HandlerResult/handlerName``, to
    /// observers and in logs.
    public var name: String

    /// Handles the command and returns its result (`nil` for none).
    ///
    /// Throwing fails the cascade with
    /// ``MessageBusError/commandHandlerFailed(messageName:handlerName:underlying:)``
    /// (or, for a ``CascadeAbortingError``, with that error unchanged; when the
    /// calling task was cancelled, with `CancellationError`).
    public var body: @Sendable (any Message, AsyncHandlerContext<Context>) async throws -> (any Sendable)?

    /// Creates a command handler.
    ///
    /// - Parameters:
    ///   - name: The handler's name, for results, observers and logs.
    ///   - body: Handles the message it is given (the command being
    ///     dispatched) and returns its result, or `nil`.
    public init(
        name: String,
        body: @escaping @Sendable (any Message, AsyncHandlerContext<Context>) async throws -> (any Sendable)?
    ) {
        self.name = name
        self.body = body
    }

    /// Runs the body, telling the observers that it starts and finishes.
    ///
    /// Runs on the caller's task, outside the bus's actor.
    func run(
        _ envelope: Envelope,
        handling: AsyncHandlerContext<Context>,
        observers: [any MessageBusObserver & Sendable]
    ) async -> Result<(any Sendable)?, any Error> {
        let invocation = observers.isEmpty ? nil : HandlerInvocation(observers: observers, handlerName: name, envelope: envelope)
        let outcome: Result<(any Sendable)?, any Error>
        do {
            outcome = .success(try await body(envelope.message, handling))
        } catch {
            outcome = .failure(error)
        }
        invocation?.finish(outcome)
        return outcome
    }
}
