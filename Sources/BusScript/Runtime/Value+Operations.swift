import Foundation
import OrderedCollections

/// The operators of LANGUAGE.md §2. Each throws a ``ScriptFailure`` at the
/// operator's location; the phrases `division by zero`, `overflow`,
/// `out of range` and `is nil` are part of the contract.
enum Operations {
    static func binary(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, at location: SourceLocation) throws -> Value {
        switch op {
        case .add: return try add(lhs, rhs, at: location)
        case .subtract, .multiply, .divide, .remainder: return try arithmetic(op, lhs, rhs, at: location)
        case .equal: return .bool(lhs == rhs)
        case .notEqual: return .bool(lhs != rhs)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let order = try compare(lhs, rhs, op: op, at: location)
            switch op {
            case .less: return .bool(order < 0)
            case .lessOrEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case .coalesce: return lhs.isNil ? rhs : lhs
        }
    }

    static func add(_ lhs: Value, _ rhs: Value, at location: SourceLocation) throws -> Value {
        switch (lhs, rhs) {
        case let (.string(a), .string(b)): return .string(a + b)
        case let (.list(a), .list(b)): return .list(a + b)
        case (.int, .int), (.int, .double), (.double, .int), (.double, .double):
            return try arithmetic(.add, lhs, rhs, at: location)
        default:
            var hint = ""
            if case .string = lhs { hint = "; to join text and a value, use interpolation: \"...\\(x)\"" }
            if case .string = rhs { hint = "; to join text and a value, use interpolation: \"...\\(x)\"" }
            throw ScriptFailure("cannot add \(lhs.typeName) and \(rhs.typeName)\(hint)", at: location)
        }
    }

    static func arithmetic(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, at location: SourceLocation) throws -> Value {
        switch (lhs, rhs) {
        case let (.int(a), .int(b)):
            let result: (Int, Bool)
            switch op {
            case .add: result = a.addingReportingOverflow(b)
            case .subtract: result = a.subtractingReportingOverflow(b)
            case .multiply: result = a.multipliedReportingOverflow(by: b)
            case .divide:
                if b == 0 { throw ScriptFailure("division by zero", at: location) }
                result = a.dividedReportingOverflow(by: b)
            default:
                if b == 0 { throw ScriptFailure("division by zero (remainder)", at: location) }
                // Int.min % -1 is 0 (LANGUAGE.md §2), not an overflow.
                if b == -1 { return .int(0) }
                result = a.remainderReportingOverflow(dividingBy: b)
            }
            if result.1 { throw ScriptFailure("overflow: \(a) \(op.rawValue) \(b) does not fit in Int", at: location) }
            return .int(result.0)
        default:
            guard let a = lhs.numeric, let b = rhs.numeric else {
                throw ScriptFailure("`\(op.rawValue)` takes two numbers, not \(lhs.typeName) and \(rhs.typeName)", at: location)
            }
            let result: Double
            switch op {
            case .add: result = a + b
            case .subtract: result = a - b
            case .multiply: result = a * b
            case .divide:
                if b == 0 { throw ScriptFailure("division by zero", at: location) }
                result = a / b
            default:
                if b == 0 { throw ScriptFailure("division by zero (remainder)", at: location) }
                result = a.truncatingRemainder(dividingBy: b)
            }
            if !result.isFinite { throw ScriptFailure("overflow: the result is not a finite Double", at: location) }
            return .double(result)
        }
    }

    static func negate(_ value: Value, at location: SourceLocation) throws -> Value {
        switch value {
        case .int(let i):
            if i == Int.min { throw ScriptFailure("overflow: -(\(i)) does not fit in Int", at: location) }
            return .int(-i)
        case .double(let d): return .double(-d)
        default: throw ScriptFailure("`-` takes a number, not \(value.typeName)", at: location)
        }
    }

    /// "an" before Int, "a" before the rest.
    static func article(_ word: String) -> String {
        guard let first = word.first else { return "a" }
        return "AEIOU".contains(first) ? "an" : "a"
    }

    /// -1, 0 or 1. Numbers with numbers, Strings (Unicode scalar order), Dates.
    static func compare(_ lhs: Value, _ rhs: Value, op: BinaryOperator, at location: SourceLocation) throws -> Int {
        switch (lhs, rhs) {
        case let (.int(a), .int(b)): return a < b ? -1 : (a == b ? 0 : 1)
        case let (.string(a), .string(b)):
            if a.unicodeScalars.elementsEqual(b.unicodeScalars) { return 0 }
            return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) ? -1 : 1
        case let (.date(a), .date(b)): return a < b ? -1 : (a == b ? 0 : 1)
        default:
            if let a = lhs.numeric, let b = rhs.numeric {
                return a < b ? -1 : (a == b ? 0 : 1)
            }
            throw ScriptFailure("`\(op.rawValue)` compares two numbers, two Strings or two Dates, not \(lhs.typeName) and \(rhs.typeName)", at: location)
        }
    }

    /// Conditions must be Bool (LANGUAGE.md §2): no truthiness guesses.
    static func condition(_ value: Value, what: String, at location: SourceLocation) throws -> Bool {
        if case .bool(let b) = value { return b }
        throw ScriptFailure("\(what) must be a Bool, not \(value.typeName) (\(value.literalDescription.prefix(40)))", at: location)
    }

    /// `base[index]`: lists by Int from 0, maps by String (missing key → nil).
    static func index(_ base: Value, _ index: Value, describing expression: @autoclosure () -> String, at location: SourceLocation) throws -> Value {
        switch (base, index) {
        case let (.list(items), .int(i)):
            guard i >= 0, i < items.count else {
                throw ScriptFailure("index \(i) out of range: the list has \(items.count) element\(items.count == 1 ? "" : "s")", at: location)
            }
            return items[i]
        case let (.map(entries), .string(key)):
            return entries[key] ?? .nil
        case let (.string(text), .int(i)):
            // Characters, as `len` counts them.
            let count = text.count
            guard i >= 0, i < count else {
                throw ScriptFailure("index \(i) out of range: the String has \(count) character\(count == 1 ? "" : "s")", at: location)
            }
            return .string(String(text[text.index(text.startIndex, offsetBy: i)]))
        case (.nil, _):
            throw ScriptFailure("`\(expression())` is nil; it cannot be indexed", at: location)
        case (.list, _):
            throw ScriptFailure("a list index must be an Int, not \(index.typeName)", at: location)
        case (.map, _):
            throw ScriptFailure("a map key must be a String, not \(index.typeName)", at: location)
        default:
            throw ScriptFailure("cannot index \(Operations.article(base.typeName)) \(base.typeName)", at: location)
        }
    }

    /// `base.name` on a map: the key's value or nil.
    static func member(_ base: Value, _ name: String, describing expression: @autoclosure () -> String, at location: SourceLocation) throws -> Value {
        switch base {
        case .map(let entries): return entries[name] ?? .nil
        case .nil: throw ScriptFailure("`\(expression())` is nil; it has no member `\(name)`", at: location)
        default: throw ScriptFailure("\(Operations.article(base.typeName).capitalized) \(base.typeName) has no member `\(name)`", at: location)
        }
    }
}

extension Value {
    /// The value as a Double when it is a number.
    var numeric: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }
}
