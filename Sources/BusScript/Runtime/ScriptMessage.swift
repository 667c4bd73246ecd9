import MessageBus
import OrderedCollections

/// A message of a type defined at run time in busctl
/// (`command PlaceOrder(order_id: Int, ...)`).
///
/// Its routing name and kind are per instance, so it travels through the same
/// ``MessageBus`` as Swift-typed messages. It encodes as a JSON object of its
/// fields, in declaration order — the same payload a Swift type with those
/// properties would produce.
///
/// A class, not a struct: the bus holds every message as `any Message`,
/// and a reference travels through it (queued, copied into envelopes,
/// results and the trace) with one retain and no boxing.
final class ScriptMessage: Message {
    static var messageName: String { "ScriptMessage" }

    let name: String
    let kind: MessageKind
    /// Field values in declaration order, already checked against the type.
    /// Every declared field is present; an optional one without a value
    /// holds `.nil` (the trace shows it as null).
    let fields: OrderedDictionary<String, Value>

    var messageName: String { name }
    var messageKind: MessageKind { kind }

    init(name: String, kind: MessageKind, fields: OrderedDictionary<String, Value>) {
        self.name = name
        self.kind = kind
        self.fields = fields
    }

    func encode(to encoder: any Encoder) throws {
        try Value.map(fields).encode(to: encoder)
    }

    /// Decoding needs the type definition (names and kinds are not in the
    /// payload): the outbox rebuilds script messages through the session,
    /// never through this initializer.
    convenience init(from decoder: any Decoder) throws {
        let value = try Value(from: decoder)
        guard case .map(let fields) = value else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a message payload must be a JSON object"))
        }
        self.init(name: "ScriptMessage", kind: .command, fields: fields)
    }
}
