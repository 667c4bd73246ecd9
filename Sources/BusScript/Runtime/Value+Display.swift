import Foundation
import MessageBus

extension Value {
    /// The value in literal syntax, as an echo shows it and as it reads back:
    /// `["LAMP": 3]`, `3.0`, `"text"`, `date("2026-11-29T00:00:00Z")`,
    /// `uuid("…")` (LANGUAGE.md §2).
    public var literalDescription: String {
        var out = ""
        writeLiteral(to: &out)
        return out
    }

    /// The form `print`, interpolation and `str()` use: a String's text as
    /// it is, every other value in literal syntax.
    public var displayText: String {
        if case .string(let text) = self { return text }
        return literalDescription
    }

    /// The value as compact JSON: Dates as ISO 8601 strings, UUIDs as
    /// lowercase strings, Doubles with a fraction, nil as `null`, maps in
    /// insertion order (LANGUAGE.md §7).
    public var jsonText: String {
        var out = ""
        writeJSON(to: &out)
        return out
    }

    func writeLiteral(to out: inout String) {
        switch self {
        case .nil: out += "nil"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += Value.format(d)
        case .string(let s): Value.writeQuoted(s, to: &out, json: false)
        case .uuid(let u): out += "uuid(\"\(u.uuidString.lowercased())\")"
        case .date(let d): out += "date(\"\(Value.formatDate(d))\")"
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                item.writeLiteral(to: &out)
            }
            out += "]"
        case .map(let entries):
            if entries.isEmpty {
                out += "[:]"
                return
            }
            out += "["
            var first = true
            for (key, value) in entries {
                if !first { out += ", " }
                first = false
                Value.writeQuoted(key, to: &out, json: false)
                out += ": "
                value.writeLiteral(to: &out)
            }
            out += "]"
        }
    }

    func writeJSON(to out: inout String) {
        switch self {
        case .nil: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += Value.format(d)
        case .string(let s): Value.writeQuoted(s, to: &out, json: true)
        case .uuid(let u): Value.writeQuoted(u.uuidString.lowercased(), to: &out, json: true)
        case .date(let d): Value.writeQuoted(Value.formatDate(d), to: &out, json: true)
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.writeJSON(to: &out)
            }
            out += "]"
        case .map(let entries):
            out += "{"
            var first = true
            for (key, value) in entries {
                if !first { out += "," }
                first = false
                Value.writeQuoted(key, to: &out, json: true)
                out += ":"
                value.writeJSON(to: &out)
            }
            out += "}"
        }
    }

    /// Shortest text that reads back, always with a fraction and never in
    /// exponent form (the language has no exponent literals).
    static func format(_ d: Double) -> String {
        var text = "\(d)"
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            text = expandExponent(mantissa: String(text[..<e]), exponent: Int(text[text.index(after: e)...]) ?? 0)
        }
        if !text.contains(".") { text += ".0" }
        return text
    }

    private static func expandExponent(mantissa: String, exponent: Int) -> String {
        var negative = false
        var digits = mantissa
        if digits.hasPrefix("-") {
            negative = true
            digits.removeFirst()
        }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = parts.first.map(String.init) ?? "0"
        let fracPart = parts.count > 1 ? String(parts[1]) : ""
        var all = intPart + fracPart
        var point = intPart.count + exponent
        if point <= 0 {
            all = String(repeating: "0", count: 1 - point) + all
            point = 1
        } else if point > all.count {
            all += String(repeating: "0", count: point - all.count)
        }
        let index = all.index(all.startIndex, offsetBy: point)
        var whole = String(all[..<index])
        var fraction = String(all[index...])
        while whole.count > 1 && whole.hasPrefix("0") { whole.removeFirst() }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if fraction.isEmpty { fraction = "0" }
        return (negative ? "-" : "") + whole + "." + fraction
    }

    /// ISO 8601 in UTC with the fewest fraction digits that read back as
    /// the very same Date (the outbox's timestamp format).
    static func formatDate(_ date: Date) -> String {
        OutboxCoding.string(from: date) ?? date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    static func writeQuoted(_ s: String, to out: inout String, json: Bool) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    if json {
                        out += String(format: "\\u%04x", scalar.value)
                    } else {
                        out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                    }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
