/// A Swift type that handles one command type.
///
/// The Swift counterpart of the seed's `CommandHandlerABC`. Register an
/// instance with ``MessageBus/setCommandHandler(_:name:)``; it is routed the
/// commands whose ``Message/messageName-swift.property`` equals
/// `HandledCommand.messageName`.
///
/// ```swift
/// struct PlaceOrderHandler: CommandHandler {
///     func handle(_ command: PlaceOrder, in handling: HandlerContext<Shop>) throws -> (any Sendable)? {
///         guard handling.context.stock[command.sku, default: 0] > 0 else { throw ShopError.outOfStock }
///         handling.context.stock[command.sku, default: 0] -= 1
///         handling.emit(OrderPlaced(orderID: command.orderID))
///         return "accepted"
///     }
/// }
/// ```
public protocol CommandHandler<Context> {
    /// The command type this handler handles.
    associatedtype HandledCommand: Command
    /// The bus's context type.
    associatedtype Context

    /// Handles one command.
    ///
    /// - Parameters:
    ///   - command: The command being dispatched.
    ///   - handling: This invocation's context: the shared ``HandlerContext/context``,
    ///     ``HandlerContext/emit(_:)`` and the message's ``HandlerContext/envelope``.
    /// - Returns: The command's result, or `nil` for none.
    /// - Throws: Any error; it fails the cascade.
    func handle(_ command: HandledCommand, in handling: HandlerContext<Context>) throws -> (any Sendable)?
}
