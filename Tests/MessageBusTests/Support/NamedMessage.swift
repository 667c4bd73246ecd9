import MessageBus

/// A message whose type is only known at run time, as busctl defines them:
/// its name and kind are per instance, its fields a dictionary.
///
/// It encodes as a JSON object of its fields, which is what lets the bus hand
/// it to a typed handler of a Swift type with the same name.
struct NamedMessage: Message {
    /// A field's value.
    enum Field: Codable, Equatable, Sendable {
        case int(Int)
        case string(String)
        case bool(Bool)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Int.self) {
                self = .int(value)
            } else if let value = try? container.decode(Bool.self) {
                self = .bool(value)
            } else {
                self = .string(try container.decode(String.self))
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .int(let value): try container.encode(value)
            case .string(let value): try container.encode(value)
            case .bool(let value): try container.encode(value)
            }
        }
    }

    private struct FieldKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    var messageName: String
    var messageKind: MessageKind
    var fields: [String: Field]

    init(_ name: String, _ kind: MessageKind, _ fields: [String: Field] = [:]) {
        self.messageName = name
        self.messageKind = kind
        self.fields = fields
    }

    /// Decodes the fields; a decoded message is an event named `NamedMessage`
    /// (a real tool would take the name and kind from elsewhere).
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: FieldKey.self)
        var fields: [String: Field] = [:]
        for key in container.allKeys {
            fields[key.stringValue] = try container.decode(Field.self, forKey: key)
        }
        self.init(Self.messageName, .event, fields)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FieldKey.self)
        for (name, value) in fields {
            try container.encode(value, forKey: FieldKey(stringValue: name))
        }
    }
}
