import Foundation
import OrderedCollections

/// Values encode as plain JSON (Dates as ISO 8601 strings, UUIDs as
/// lowercase strings), so a script message's payload is what any JSON
/// consumer expects. Decoding gives the JSON types back (a Date comes back as
/// a String); the message type's field types restore the rest.
extension Value: Codable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .nil:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let b):
            var container = encoder.singleValueContainer()
            try container.encode(b)
        case .int(let i):
            var container = encoder.singleValueContainer()
            try container.encode(i)
        case .double(let d):
            var container = encoder.singleValueContainer()
            try container.encode(d)
        case .string(let s):
            var container = encoder.singleValueContainer()
            try container.encode(s)
        case .uuid(let u):
            var container = encoder.singleValueContainer()
            try container.encode(u.uuidString.lowercased())
        case .date(let d):
            var container = encoder.singleValueContainer()
            try container.encode(Value.formatDate(d))
        case .list(let items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(item) }
        case .map(let entries):
            var container = encoder.container(keyedBy: Key.self)
            for (key, item) in entries { try container.encode(item, forKey: Key(stringValue: key)) }
        }
    }

    public init(from decoder: any Decoder) throws {
        if let keyed = try? decoder.container(keyedBy: Key.self) {
            var entries = OrderedDictionary<String, Value>()
            for key in keyed.allKeys {
                let item = try keyed.decode(Value.self, forKey: key)
                if !item.isNil { entries[key.stringValue] = item }
            }
            self = .map(entries)
            return
        }
        if var unkeyed = try? decoder.unkeyedContainer() {
            var items: [Value] = []
            while !unkeyed.isAtEnd { items.append(try unkeyed.decode(Value.self)) }
            self = .list(items)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .nil
        } else if let b = try? single.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? single.decode(Int.self) {
            self = .int(i)
        } else if let d = try? single.decode(Double.self) {
            self = .double(d)
        } else {
            self = .string(try single.decode(String.self))
        }
    }
}
