/// A Swift type that handles one command type on an ``AsyncMessageBus``.
///
/// The `async` twin of ``CommandHandler`` (the seed's `CommandHandlerABC`
/// registered on its `AsyncMessageBus`). Register an instance with
/// ``AsyncMessageBus/setCommandHandler(_:name:)``; it is routed the commands
/// whose ``Message/messageName-swift.property`` equals `HandledCommand.messageName`.
///
/// Handlers are `Sendable`: the bus keeps them and calls them from the task
/// that runs a cascade, outside its actor.
///
/// ```swift
/// struct PlaceOrderHandler: AsyncCommandHandler {
///     func handle(_ command: PlaceOrder, in handling: AsyncHandlerContext<Shop>) async throws -> (any Sendable)? {
///         try await handling.withContext { shop in
///             guard shop.stock[command.sku, default: 0] > 0 else { throw ShopError.outOfStock }
///             shop.stock[command.sku, default: 0] -= 1
///         }
///         handling.emit(OrderPlaced(orderID: command.orderID))
///         return "accepted"
///     }
/// }
/// ```
public protocol AsyncCommandHandler<Context>: Sendable {
    /// The command type this handler handles.
    associatedtype HandledCommand: Command
    /// The bus's context type.
    associatedtype Context

    /// Handles one command.
    ///
    /// - Parameters:
    ///   - command: The command being dispatched.
    ///   - handling: This invocation's context: the shared context through
    ///     ``AsyncHandlerContext/withContext(_:)``, ``AsyncHandlerContext/emit(_:)``
    ///     and the message's ``AsyncHandlerContext/envelope``.
    /// - Returns: The command's result, or `nil` for none.
    /// - Throws: Any error; it fails the cascade.
    func handle(_ command: HandledCommand, in handling: AsyncHandlerContext<Context>) async throws -> (any Sendable)?
}
