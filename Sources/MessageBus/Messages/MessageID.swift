/// The identifier a bus gives a message when it queues it in a cascade.
///
/// Ids count up from 1 per bus (see ``MessageBus/nextMessageID``), so that
/// traces are stable and readable. ``Envelope/causationID`` links a message to
/// the one whose handler emitted it.
public struct MessageID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The numeric value of the id.
    public let rawValue: Int

    /// Creates an id from its numeric value.
    ///
    /// - Parameter rawValue: The number, usually counted by a bus from 1.
    public init(_ rawValue: Int) {
        self.rawValue = rawValue
    }

    /// The numeric value, in decimal (`"7"`).
    public var description: String { String(rawValue) }

    /// Orders ids by their numeric value, that is by the order in which a bus queued them.
    public static func < (lhs: MessageID, rhs: MessageID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// The id that follows this one, or this one if it is `Int.max`.
    var successor: MessageID {
        rawValue == Int.max ? self : MessageID(rawValue + 1)
    }
}

extension MessageID: ExpressibleByIntegerLiteral {
    /// Creates an id from an integer literal, so that `let id: MessageID = 3` reads naturally.
    ///
    /// - Parameter value: The numeric value.
    public init(integerLiteral value: Int) {
        self.init(value)
    }
}

extension MessageID: Codable {
    /// Decodes an id from a single integer.
    ///
    /// - Parameter decoder: The decoder to read from.
    /// - Throws: `DecodingError` when the value is not an integer.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(Int.self))
    }

    /// Encodes the id as a single integer.
    ///
    /// - Parameter encoder: The encoder to write to.
    /// - Throws: What the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
