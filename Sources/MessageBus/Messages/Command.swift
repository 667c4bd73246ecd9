/// A message that asks for an action: it is handled by exactly one handler.
///
/// Dispatching a command with no registered handler, or whose handler throws,
/// fails the whole cascade (``MessageBusError/noHandler(messageName:)``,
/// ``MessageBusError/commandHandlerFailed(messageName:handlerName:underlying:)``).
///
/// ```swift
/// struct PlaceOrder: Command {
///     var orderID: Int
///     var sku: String
/// }
/// ```
public protocol Command: Message {}

extension Command {
    /// Always ``MessageKind/command``.
    public var messageKind: MessageKind { .command }
}
