/// A message that reports something that happened: zero or more handlers react to it.
///
/// A throwing event handler is logged and recorded as a failed
/// ``HandlerResult``; the event's other handlers still run and the cascade
/// goes on. An event with no handlers is not an error.
///
/// ```swift
/// struct OrderPlaced: Event {
///     var orderID: Int
/// }
/// ```
public protocol Event: Message {}

extension Event {
    /// Always ``MessageKind/event``.
    public var messageKind: MessageKind { .event }
}
