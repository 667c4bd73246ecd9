/// A message queued in a cascade, with its id and the id of the message that caused it.
///
/// Envelopes are what observers and ``HandlerResult``s refer to: following
/// ``causationID`` from any envelope leads back to the cascade's root, which
/// is how busctl draws its "who caused what" tree.
public struct Envelope: Sendable {
    /// The id the bus gave the message when it queued it.
    public let id: MessageID

    /// The id of the message whose handler emitted this one; `nil` for the
    /// message that started the cascade.
    public let causationID: MessageID?

    /// The message itself.
    public let message: any Message

    /// Creates an envelope. The bus creates them as it queues messages;
    /// this initialiser exists for tests and tools.
    ///
    /// - Parameters:
    ///   - id: The message's id.
    ///   - causationID: The id of the message whose handler emitted it, or `nil` for a root.
    ///   - message: The message.
    public init(id: MessageID, causationID: MessageID?, message: any Message) {
        self.id = id
        self.causationID = causationID
        self.message = message
    }
}
