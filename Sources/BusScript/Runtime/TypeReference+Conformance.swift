import Foundation
import OrderedCollections

extension TypeReference {
    /// The value stored in a field of this type, or nil when it does not fit.
    ///
    /// An Int given for a Double is stored as a Double; an ISO 8601 String
    /// given for a Date is parsed; a UUID string for a UUID (LANGUAGE.md §3).
    func coerce(_ value: Value) -> Value? {
        switch (self, value) {
        case (.any, _): return value
        case (.optional, .nil): return .nil
        case (.optional(let wrapped), _): return wrapped.coerce(value)
        case (_, .nil): return nil
        case (.int, .int), (.double, .double), (.string, .string), (.bool, .bool), (.uuid, .uuid), (.date, .date):
            return value
        case (.double, .int(let i)): return .double(Double(i))
        case (.date, .string(let text)): return Builtins.parseDate(text).map(Value.date)
        case (.uuid, .string(let text)): return UUID(uuidString: text).map(Value.uuid)
        case (.list(let element), .list(let items)):
            var converted: [Value] = []
            converted.reserveCapacity(items.count)
            for item in items {
                guard let c = element.coerce(item) else { return nil }
                converted.append(c)
            }
            return .list(converted)
        case (.map(let element), .map(let entries)):
            var converted = OrderedDictionary<String, Value>()
            for (key, item) in entries {
                guard let c = element.coerce(item) else { return nil }
                converted[key] = c
            }
            return .map(converted)
        default:
            return nil
        }
    }

    /// A field of optional type without a default defaults to nil.
    var isOptional: Bool {
        if case .optional = self { return true }
        return false
    }
}
