import Foundation
import MessageBus
import OrderedCollections

/// What built-ins need from the session: ids and clocks that
/// `--deterministic` fixes.
protocol BuiltinEnvironment: AnyObject {
    func makeUUID() -> UUID
    func currentDate() -> Date
}

/// The built-in functions of LANGUAGE.md §5. Each returns a new value; a
/// value a built-in cannot handle is an error at the call.
enum Builtins {
    /// Names and accepted argument counts.
    static let arities: [String: ClosedRange<Int>] = [
        "len": 1...1, "str": 1...1, "int": 1...1, "double": 1...1, "type": 1...1,
        "keys": 1...1, "values": 1...1, "contains": 2...2, "without": 2...2,
        "range": 1...2, "sum": 1...1, "min": 1...1, "max": 1...1, "sort": 1...1,
        "join": 2...2, "split": 2...2, "lower": 1...1, "upper": 1...1,
        "abs": 1...1, "round": 1...1, "date": 1...1, "uuid": 0...1, "now": 0...0,
    ]

    static func isBuiltin(_ name: String) -> Bool { arities[name] != nil }

    /// Checks the argument count; the error names the accepted counts.
    static func checkArity(_ name: String, count: Int, at location: SourceLocation) throws {
        guard let arity = arities[name], !arity.contains(count) else { return }
        let expected = arity.lowerBound == arity.upperBound
            ? "\(arity.lowerBound) argument\(arity.lowerBound == 1 ? "" : "s")"
            : "\(arity.lowerBound) or \(arity.upperBound) arguments"
        throw ScriptFailure("\(name)() takes \(expected), got \(count)", at: location)
    }

    static func call(_ name: String, _ args: [Value], at location: SourceLocation, environment: any BuiltinEnvironment) throws -> Value {
        try checkArity(name, count: args.count, at: location)
        func fail(_ text: String) -> ScriptFailure { ScriptFailure("\(name)(): \(text)", at: location) }
        switch name {
        case "len":
            switch args[0] {
            case .list(let items): return .int(items.count)
            case .map(let entries): return .int(entries.count)
            case .string(let text): return .int(text.count)
            default: throw fail("takes a list, a map or a String, not \(args[0].typeName)")
            }
        case "str":
            return .string(args[0].displayText)
        case "int":
            switch args[0] {
            case .int: return args[0]
            case .double(let d):
                guard let i = Int(exactly: d.rounded(.towardZero)) else { throw fail("\(Value.format(d)) is out of range for Int (overflow)") }
                return .int(i)
            case .string(let text):
                guard let i = Int(text.trimmingCharacters(in: .whitespaces)) else { throw fail("\(Value.string(text).literalDescription) is not an integer") }
                return .int(i)
            case .bool(let b): return .int(b ? 1 : 0)
            default: throw fail("cannot convert \(args[0].typeName) to Int")
            }
        case "double":
            switch args[0] {
            case .int(let i): return .double(Double(i))
            case .double: return args[0]
            case .string(let text):
                guard let d = Double(text.trimmingCharacters(in: .whitespaces)), d.isFinite else { throw fail("\(Value.string(text).literalDescription) is not a number") }
                return .double(d)
            default: throw fail("cannot convert \(args[0].typeName) to Double")
            }
        case "type":
            return .string(args[0].typeName)
        case "keys":
            guard case .map(let entries) = args[0] else { throw fail("takes a map, not \(args[0].typeName)") }
            return .list(entries.keys.map(Value.string))
        case "values":
            guard case .map(let entries) = args[0] else { throw fail("takes a map, not \(args[0].typeName)") }
            return .list(Array(entries.values))
        case "contains":
            switch (args[0], args[1]) {
            case (.list(let items), let x): return .bool(items.contains(x))
            case (.map(let entries), .string(let key)): return .bool(entries[key] != nil)
            case (.map, _): return .bool(false)
            case (.string(let text), .string(let part)): return .bool(part.isEmpty || text.contains(part))
            default: throw fail("takes a list, a map or a String (with a String), not \(args[0].typeName) and \(args[1].typeName)")
            }
        case "without":
            switch (args[0], args[1]) {
            case (.list(var items), .int(let i)):
                guard i >= 0, i < items.count else { throw fail("index \(i) out of range: the list has \(items.count) element\(items.count == 1 ? "" : "s")") }
                items.remove(at: i)
                return .list(items)
            case (.map(var entries), .string(let key)):
                entries[key] = nil
                return .map(entries)
            default: throw fail("takes a list and an Int index, or a map and a String key")
            }
        case "range":
            let (start, end) = try rangeBounds(args, at: location)
            guard start < end else { return .list([]) }
            guard !end.subtractingReportingOverflow(start).overflow else {
                throw fail("\(start)..<\(end) has more elements than an Int can count (out of range)")
            }
            return .list((start..<end).map(Value.int))
        case "sum":
            guard case .list(let items) = args[0] else { throw fail("takes a list, not \(args[0].typeName)") }
            var total = Value.int(0)
            for item in items {
                guard item.numeric != nil else { throw fail("the list holds a \(item.typeName); sum() adds numbers") }
                total = try Operations.arithmetic(.add, total, item, at: location)
            }
            return total
        case "min", "max":
            guard case .list(let items) = args[0] else { throw fail("takes a list, not \(args[0].typeName)") }
            guard var best = items.first else { throw fail("the list is empty") }
            for item in items.dropFirst() {
                let order = try Operations.compare(item, best, op: .less, at: location)
                if (name == "min" && order < 0) || (name == "max" && order > 0) { best = item }
            }
            return best
        case "sort":
            guard case .list(let items) = args[0] else { throw fail("takes a list, not \(args[0].typeName)") }
            var failure: ScriptFailure?
            let sorted = items.sorted { a, b in
                do { return try Operations.compare(a, b, op: .less, at: location) < 0 } catch {
                    failure = failure ?? fail("cannot order \(a.typeName) and \(b.typeName)")
                    return false
                }
            }
            if let failure { throw failure }
            return .list(sorted)
        case "join":
            guard case .list(let items) = args[0], case .string(let separator) = args[1] else {
                throw fail("takes a list and a String separator")
            }
            return .string(items.map(\.displayText).joined(separator: separator))
        case "split":
            guard case .string(let text) = args[0], case .string(let separator) = args[1] else {
                throw fail("takes a String and a String separator")
            }
            if separator.isEmpty { return .list(text.map { .string(String($0)) }) }
            return .list(text.components(separatedBy: separator).map(Value.string))
        case "lower", "upper":
            guard case .string(let text) = args[0] else { throw fail("takes a String, not \(args[0].typeName)") }
            return .string(name == "lower" ? text.lowercased() : text.uppercased())
        case "abs":
            switch args[0] {
            case .int(let i):
                if i == Int.min { throw fail("overflow: |\(i)| does not fit in Int") }
                return .int(Swift.abs(i))
            case .double(let d): return .double(Swift.abs(d))
            default: throw fail("takes a number, not \(args[0].typeName)")
            }
        case "round":
            switch args[0] {
            case .int: return args[0]
            case .double(let d): return .double(d.rounded(.toNearestOrAwayFromZero))
            default: throw fail("takes a number, not \(args[0].typeName)")
            }
        case "date":
            guard case .string(let text) = args[0] else { throw fail("takes an ISO 8601 String, not \(args[0].typeName)") }
            guard let date = parseDate(text) else {
                throw fail("\(Value.string(text).literalDescription) is not a date; write \"2026-11-29\" or \"2026-11-29T10:30:00Z\"")
            }
            return .date(date)
        case "uuid":
            if args.isEmpty { return .uuid(environment.makeUUID()) }
            guard case .string(let text) = args[0], let uuid = UUID(uuidString: text) else {
                throw fail("\(args[0].literalDescription) is not a UUID")
            }
            return .uuid(uuid)
        case "now":
            return .date(environment.currentDate())
        default:
            throw ScriptFailure("`\(name)` is not defined", at: location)
        }
    }

    /// `range(n)` is 0..<n, `range(a, b)` is a..<b; empty when the end is not after the start.
    static func rangeBounds(_ args: [Value], at location: SourceLocation) throws -> (Int, Int) {
        var bounds: [Int] = []
        for arg in args {
            guard case .int(let i) = arg else { throw ScriptFailure("range(): takes Ints, not \(arg.typeName)", at: location) }
            bounds.append(i)
        }
        return bounds.count == 1 ? (0, bounds[0]) : (bounds[0], bounds[1])
    }

    /// `2026-11-29` (midnight UTC) or a full ISO 8601 timestamp, with or
    /// without fractional seconds.
    static func parseDate(_ text: String) -> Date? {
        guard hasValidCalendarFields(text) else { return nil }
        return OutboxCoding.date(from: text)
    }

    /// `2026-02-30` or `25:00` are refused rather than rolled over.
    private static func hasValidCalendarFields(_ text: String) -> Bool {
        let digits = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= digits.count else { return nil }
            var value = 0
            for byte in digits[from..<(from + count)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard day <= days else { return false }
        if digits.count > 10 {
            guard let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
                  hour < 24, minute < 60, second < 60 else { return false }
        }
        return true
    }
}
