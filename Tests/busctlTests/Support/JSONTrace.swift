import Foundation
import XCTest

/// A JSON value with its exact type, as `JSONDecoder` reads it (Booleans,
/// integers and other numbers kept apart).
enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    var int: Int? { if case .int(let value) = self { value } else { nil } }
    var string: String? { if case .string(let value) = self { value } else { nil } }
    var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    var isNull: Bool { self == .null }
}

/// One line of `--trace json` output, parsed.
struct JSONTraceLine {
    /// The line as printed.
    var text: String
    /// The parsed object.
    var object: [String: JSONValue]

    /// The kind: the value of `"t"`.
    var kind: String { object["t"]?.string ?? "" }

    subscript(key: String) -> JSONValue? { object[key] }

    /// Parses `text` with `JSONSerialization` (it must be a JSON object) and
    /// with `JSONDecoder` (for exact types).
    init(_ text: String) throws {
        self.text = text
        let data = Data(text.utf8)
        guard try JSONSerialization.jsonObject(with: data) is [String: Any] else {
            throw HelperError(description: "not a JSON object: \(text)")
        }
        object = try JSONDecoder().decode([String: JSONValue].self, from: data)
    }
}

/// The fields of each kind of JSON trace line (LANGUAGE.md §7), and a
/// checker that reports every way a line departs from them.
enum JSONTraceSchema {
    /// What a field may hold.
    enum FieldType {
        case int, number, string, bool, object, any
        case intOrNull, stringOrNull
        case oneOf([String])

        func accepts(_ value: JSONValue) -> Bool {
            switch (self, value) {
            case (.any, _): true
            case (.int, .int), (.number, .int), (.number, .double), (.string, .string), (.bool, .bool), (.object, .object): true
            case (.intOrNull, .int), (.intOrNull, .null), (.stringOrNull, .string), (.stringOrNull, .null): true
            case (.oneOf(let options), .string(let text)): options.contains(text)
            default: false
            }
        }
    }

    /// Required fields per kind.
    static let required: [String: [(String, FieldType)]] = [
        "dispatch": [("id", .int), ("cause", .intOrNull), ("kind", .oneOf(["command", "event"])), ("name", .string), ("fields", .object)],
        "handler": [("message", .int), ("handler", .string), ("ok", .bool), ("ms", .number)],
        "emit": [("from", .int), ("handler", .string), ("id", .int), ("name", .string)],
        "unhandled": [("message", .int), ("name", .string)],
        "print": [("message", .intOrNull), ("handler", .stringOrNull), ("text", .string)],
        "outbox": [
            ("op", .oneOf(["added", "claimed", "processed", "failed", "dead", "retried", "purged"])),
            ("outbox", .string), ("name", .string), ("attempts", .int), ("error", .stringOrNull),
        ],
        "crash": [],
        "note": [("text", .string)],
        "value": [("text", .string)],
        "text": [("text", .string)],
        "error": [("text", .string), ("file", .stringOrNull), ("line", .intOrNull), ("col", .intOrNull)],
        "summary": [("messages", .int), ("handlers", .int), ("errors", .int), ("ms", .number)],
    ]

    /// Fields a kind may have besides the required ones.
    static let optional: [String: [(String, FieldType)]] = [
        "dispatch": [("outbox", .string)],
        "handler": [("result", .any), ("error", .string), ("file", .string), ("line", .int), ("col", .int)],
    ]

    /// Every problem with `line`; empty when it follows the schema.
    static func problems(in line: String) -> [String] {
        guard line.hasPrefix("{\"t\":") else {
            return ["\"t\" is not the first key: \(line)"]
        }
        let parsed: JSONTraceLine
        do {
            parsed = try JSONTraceLine(line)
        } catch {
            return ["not JSON (\(error)): \(line)"]
        }
        guard let fields = required[parsed.kind] else {
            return ["unknown kind \"\(parsed.kind)\": \(line)"]
        }
        var problems: [String] = []
        var allowed: Set<String> = ["t"]
        for (name, type) in fields {
            allowed.insert(name)
            guard let value = parsed[name] else {
                problems.append("\(parsed.kind) has no \"\(name)\": \(line)")
                continue
            }
            if !type.accepts(value) { problems.append("\(parsed.kind).\(name) has the wrong type: \(line)") }
        }
        for (name, type) in optional[parsed.kind] ?? [] {
            allowed.insert(name)
            if let value = parsed[name], !type.accepts(value) {
                problems.append("\(parsed.kind).\(name) has the wrong type: \(line)")
            }
        }
        for key in parsed.object.keys where !allowed.contains(key) {
            problems.append("\(parsed.kind) has an unexpected key \"\(key)\": \(line)")
        }
        if parsed.kind == "handler", let ok = parsed["ok"]?.bool {
            if ok && parsed["result"] == nil { problems.append("a successful handler line has no result: \(line)") }
            if !ok && parsed["error"] == nil { problems.append("a failed handler line has no error: \(line)") }
            if !ok && (parsed["file"] == nil || parsed["line"] == nil || parsed["col"] == nil) {
                problems.append("a failed handler line has no file/line/col: \(line)")
            }
        }
        return problems
    }
}

/// Asserts that every line of `stdout` is a JSON trace line that follows
/// the schema, and returns them parsed.
@discardableResult
func assertJSONTrace(_ stdout: String, file: StaticString = #filePath, line: UInt = #line) -> [JSONTraceLine] {
    var lines = stdout.components(separatedBy: "\n")
    if lines.last == "" { lines.removeLast() }
    var parsed: [JSONTraceLine] = []
    for text in lines {
        for problem in JSONTraceSchema.problems(in: text) {
            XCTFail(problem, file: file, line: line)
        }
        if let object = try? JSONTraceLine(text) {
            parsed.append(object)
        }
    }
    return parsed
}
