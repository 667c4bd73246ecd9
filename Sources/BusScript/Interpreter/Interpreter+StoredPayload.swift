import Foundation
import MessageBus
import OrderedCollections

/// What a stored outbox record's payload holds, as the language sees it.
///
/// A payload is normally a JSON object (the message's fields), but another
/// program may have stored any JSON (a list, a string, `null`), or text that
/// does not read as JSON at all (`{"order_id":1e400}` is valid JSON to
/// PostgreSQL, but its number does not fit in a Double).
enum StoredPayload {
    /// The payload's JSON value: a map for an object, or a list, string,
    /// number, Bool or nil.
    case value(Value)
    /// The payload cannot be read as JSON; the text says why.
    case unreadable(String)

    /// Reads `record`'s payload.
    init(_ record: OutboxRecord) {
        do {
            self = .value(try OutboxCoding.makeDecoder().decode(Value.self, from: record.payload))
        } catch {
            self = .unreadable(Self.reason(record.payload, error))
        }
    }

    /// Why `data` cannot be read: the JSON parser's own words where it
    /// has them ("Number 1e400 is not representable in Swift."), which say
    /// more than the decoder's type mismatch.
    private static func reason(_ data: Data, _ error: any Error) -> String {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)
        } catch {
            if let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String, !text.isEmpty {
                return text
            }
        }
        if case .dataCorrupted(let context)? = error as? DecodingError {
            return context.debugDescription
        }
        return "\(error)"
    }
}

extension Interpreter {
    /// The payload as the language sees it (`message.payload`): an object is
    /// a map, with field types restored from the current type definition
    /// where they fit (a Date comes back as a Date) and its fields in
    /// declaration order; any other JSON value is shown as it is (a list, a
    /// string, nil for `null`); a payload that cannot be read as JSON is
    /// nil (`dispatch` and `outbox show` say why).
    func payloadValue(_ record: OutboxRecord) -> Value {
        guard case .value(let value) = StoredPayload(record) else { return .nil }
        guard case .map(var fields) = value else { return value }
        if let type = definitions.types[record.name] {
            // JSON objects come back unordered: put the fields in declaration order.
            var ordered = OrderedDictionary<String, Value>()
            for field in type.fields {
                if let value = fields[field.name] { ordered[field.name] = field.type.coerce(value) ?? value }
            }
            for (key, value) in fields where ordered[key] == nil { ordered[key] = value }
            fields = ordered
        }
        return .map(fields)
    }

    /// The payload for `outbox show`: the value, or why it cannot be read
    /// with the stored text.
    func payloadDescription(_ record: OutboxRecord) -> String {
        if case .unreadable(let reason) = StoredPayload(record) {
            let text = String(decoding: record.payload, as: UTF8.self)
            return "cannot be read as JSON: \(reason) (stored text: \(text.prefix(200)))"
        }
        return payloadValue(record).literalDescription
    }

    /// The fields of `record`'s payload for `dispatch`, or a failure that
    /// says what the payload is instead of an object.
    func payloadFields(_ record: OutboxRecord, at location: SourceLocation) throws -> OrderedDictionary<String, Value> {
        switch StoredPayload(record) {
        case .value(.map(let fields)):
            return fields
        case .value(let other):
            throw ScriptFailure("the stored payload of \(record.name) is not a JSON object but \(other.typeName) \(other.literalDescription.prefix(60))", at: location)
        case .unreadable(let reason):
            throw ScriptFailure("the stored payload of \(record.name) cannot be read as JSON: \(reason)", at: location)
        }
    }
}
