/// Whether an outbox record holds a command or an event, as the seed's outbox
/// table stores it (`COMMAND` / `EVENT`).
///
/// ``registerOutboxMessage(_:message:id:meta:createdAt:)`` derives it from the
/// message's ``Message/messageKind``.
public enum OutboxMessageType: String, Codable, Sendable {
    /// The record holds a ``Command``. Raw value `COMMAND`.
    case command = "COMMAND"
    /// The record holds an ``Event``. Raw value `EVENT`.
    case event = "EVENT"

    /// The outbox type of a message of kind `kind`.
    ///
    /// - Parameter kind: The message's kind.
    public init(_ kind: MessageKind) {
        switch kind {
        case .command: self = .command
        case .event: self = .event
        }
    }

    /// The message kind this type stands for.
    public var messageKind: MessageKind {
        switch self {
        case .command: .command
        case .event: .event
        }
    }
}
