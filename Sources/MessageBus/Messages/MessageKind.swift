/// Whether a message asks for something to be done or reports something that happened.
///
/// The kind decides how the bus dispatches a message: a ``MessageKind/command``
/// goes to exactly one handler, an ``MessageKind/event`` to zero or more.
/// The raw values (`"command"`, `"event"`) are the ones an outbox record and
/// busctl's JSON trace use.
public enum MessageKind: String, Sendable, Codable {
    /// An action to perform, such as `PlaceOrder`: exactly one handler.
    case command
    /// A fact that happened, such as `OrderPlaced`: zero or more handlers.
    case event
}
