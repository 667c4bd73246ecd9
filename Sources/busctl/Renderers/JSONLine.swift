import BusScript

/// Builds one line of the JSON trace: a compact object whose first key is
/// `"t"` (LANGUAGE.md §7).
///
/// Keys are busctl's own ASCII names and are written as they are; every
/// value goes through `Value.jsonText`, the one JSON encoder of the project.
struct JSONLine {
    private(set) var text: String

    /// Starts an object of kind `kind`: `{"t":"dispatch"`.
    init(_ kind: String) {
        text = "{\"t\":"
        text += Value.string(kind).jsonText
    }

    /// Adds `"key":value` with a language value.
    mutating func add(_ key: String, _ value: Value) {
        text += ",\"\(key)\":"
        text += value.jsonText
    }

    /// Adds a string, or `null`.
    mutating func add(_ key: String, _ value: String?) {
        add(key, value.map(Value.string) ?? .nil)
    }

    /// Adds an integer, or `null`.
    mutating func add(_ key: String, _ value: Int?) {
        text += ",\"\(key)\":"
        text += value.map(String.init) ?? "null"
    }

    /// Adds a Boolean.
    mutating func add(_ key: String, _ value: Bool) {
        text += ",\"\(key)\":"
        text += value ? "true" : "false"
    }

    /// Adds a duration in milliseconds: `0` when it is zero (deterministic
    /// mode), otherwise rounded to microseconds (`0.042`).
    mutating func addMilliseconds(_ key: String, _ milliseconds: Double) {
        text += ",\"\(key)\":"
        let rounded = (milliseconds * 1000).rounded() / 1000
        if !rounded.isFinite || rounded <= 0 {
            text += "0"
        } else if rounded == rounded.rounded(), rounded < 1e15 {
            text += String(Int(rounded))
        } else {
            text += Value.double(rounded).jsonText
        }
    }

    /// Adds an object of message fields in declaration order.
    mutating func addFields(_ key: String, _ fields: [(name: String, value: Value)]) {
        text += ",\"\(key)\":{"
        var first = true
        for field in fields {
            if !first { text += "," }
            first = false
            text += Value.string(field.name).jsonText
            text += ":"
            text += field.value.jsonText
        }
        text += "}"
    }

    /// The finished object.
    var line: String { text + "}" }
}
