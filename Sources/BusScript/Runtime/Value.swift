import Foundation
import OrderedCollections

/// A value of the busctl language (LANGUAGE.md §2).
///
/// Lists and maps are Swift value types, so assigning one copies it (copy on
/// write keeps that cheap). Maps keep insertion order and never hold nil.
public enum Value: Sendable {
    case `nil`
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case uuid(UUID)
    case date(Date)
    case list([Value])
    case map(OrderedDictionary<String, Value>)

    /// The language's name of this value's type, as `type(x)` returns it.
    public var typeName: String {
        switch self {
        case .nil: "Nil"
        case .bool: "Bool"
        case .int: "Int"
        case .double: "Double"
        case .string: "String"
        case .uuid: "UUID"
        case .date: "Date"
        case .list: "List"
        case .map: "Map"
        }
    }

    /// A rough measure of the work a value stands for: elements of lists
    /// and maps (not nested), bytes of long strings.
    var size: Int {
        switch self {
        case .list(let items): items.count
        case .map(let entries): entries.count
        case .string(let text): text.utf8.count / 8
        default: 0
        }
    }

    /// Lists and maps nest at most this deep, so that showing, comparing,
    /// storing and freeing a value never exhausts the stack (and a stored
    /// value always parses back).
    static let maximumNesting = 200

    /// True when the value nests deeper than `limit` levels. Stops early.
    func nests(deeperThan limit: Int) -> Bool {
        switch self {
        case .list(let items):
            if limit <= 0 { return true }
            return items.contains { $0.nests(deeperThan: limit - 1) }
        case .map(let entries):
            if limit <= 0 { return true }
            return entries.values.contains { $0.nests(deeperThan: limit - 1) }
        default:
            return false
        }
    }

    public var isNil: Bool {
        if case .nil = self { return true }
        return false
    }
}

extension Value: Equatable {
    /// Structural equality (LANGUAGE.md §2): never fails; values of different
    /// types are unequal except Int against Double; maps compare regardless of
    /// key order.
    public static func == (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.nil, .nil): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return a == b
        case let (.int(a), .double(b)): return Double(a) == b && Double(exactly: a) != nil
        case let (.double(a), .int(b)): return a == Double(b) && Double(exactly: b) != nil
        case let (.string(a), .string(b)): return a.unicodeScalars.elementsEqual(b.unicodeScalars)
        case let (.uuid(a), .uuid(b)): return a == b
        case let (.date(a), .date(b)): return a == b
        case let (.list(a), .list(b)): return a == b
        case let (.map(a), .map(b)):
            guard a.count == b.count else { return false }
            for (key, value) in a {
                guard let other = b[key], other == value else { return false }
            }
            return true
        default: return false
        }
    }
}
