#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A JSON encoder that writes object keys in the order a value encodes them.
///
/// Foundation's `JSONEncoder` on Linux writes the keys of an unsorted object
/// in hash order, which changes from one process to the next; outbox payloads
/// must read the same every time and keep a message's fields in their
/// declared order. This encoder keeps keys in encoding order (a key encoded
/// twice keeps its first position), sorts the keys of `Dictionary` values
/// with `String` or `Int` keys (their own order is random), and otherwise
/// writes what `JSONEncoder` writes: `Date` as ISO 8601 text (see
/// ``ISO8601Timestamp/shortestString(for:)``), `Data` as Base64, `URL` as its
/// absolute string, `Decimal` as a number, integral Doubles without a
/// fraction (`3`), slashes unescaped. A Double that is not finite throws
/// `EncodingError.invalidValue`.
struct OrderedJSONEncoder {
    /// Encodes `value` as UTF-8 JSON.
    ///
    /// - Throws: `EncodingError.invalidValue` for a Double or Float that is
    ///   not finite or a Date outside years 0–9999; what `value.encode(to:)` throws.
    func encode<T: Encodable>(_ value: T) throws -> Data {
        let node = try JSONTreeEncoder.box(value, codingPath: [])
        var output: [UInt8] = []
        output.reserveCapacity(128)
        node.write(to: &output)
        return Data(output)
    }
}

// MARK: - Tree

/// A JSON value being built. Objects and arrays are references, so that a
/// container handed out earlier can still add to them.
enum JSONNode {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array(JSONArrayBox)
    case object(JSONObjectBox)
    /// The value a super encoder produces, read when writing.
    case deferred(JSONTreeEncoder)

    func write(to output: inout [UInt8]) {
        switch self {
        case .null:
            output += Array("null".utf8)
        case .bool(let value):
            output += Array((value ? "true" : "false").utf8)
        case .number(let text):
            output += Array(text.utf8)
        case .string(let text):
            JSONNode.writeString(text, to: &output)
        case .array(let box):
            output.append(UInt8(ascii: "["))
            for (index, item) in box.items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                item.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let box):
            output.append(UInt8(ascii: "{"))
            for (index, key) in box.keys.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONNode.writeString(key, to: &output)
                output.append(UInt8(ascii: ":"))
                (box.values[key] ?? .null).write(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        case .deferred(let encoder):
            encoder.result.write(to: &output)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func writeString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: output += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: output += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x00..<0x20:
                output += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

/// An array being built.
final class JSONArrayBox {
    var items: [JSONNode] = []
}

/// An object being built, keys in first-encoded order.
final class JSONObjectBox {
    private(set) var keys: [String] = []
    private(set) var values: [String: JSONNode] = [:]

    func set(_ node: JSONNode, for key: String) {
        if values.updateValue(node, forKey: key) == nil {
            keys.append(key)
        }
    }

    /// The object stored under `key`, made if there is none yet.
    func object(for key: String) -> JSONObjectBox {
        if case .object(let box)? = values[key] { return box }
        let box = JSONObjectBox()
        set(.object(box), for: key)
        return box
    }

    /// The array stored under `key`, made if there is none yet.
    func array(for key: String) -> JSONArrayBox {
        if case .array(let box)? = values[key] { return box }
        let box = JSONArrayBox()
        set(.array(box), for: key)
        return box
    }
}

// MARK: - Encoder

/// The `Encoder` handed to `encode(to:)`: it builds one ``JSONNode``.
final class JSONTreeEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    private var storage: JSONNode?

    init(codingPath: [any CodingKey]) {
        self.codingPath = codingPath
    }

    /// What was encoded; an empty object when nothing was (as `JSONEncoder` does).
    var result: JSONNode {
        storage ?? .object(JSONObjectBox())
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let box: JSONObjectBox
        if case .object(let existing)? = storage {
            box = existing
        } else {
            box = JSONObjectBox()
            storage = .object(box)
        }
        return KeyedEncodingContainer(KeyedContainer<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let box: JSONArrayBox
        if case .array(let existing)? = storage {
            box = existing
        } else {
            box = JSONArrayBox()
            storage = .array(box)
        }
        return UnkeyedContainer(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueContainer(encoder: self)
    }

    fileprivate func store(_ node: JSONNode) {
        storage = node
    }

    // MARK: Boxing

    /// The node for `value`, with the special cases `JSONEncoder` has.
    static func box<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> JSONNode {
        switch value {
        case let date as Date:
            guard let text = ISO8601Timestamp.shortestString(for: date) else {
                throw EncodingError.invalidValue(date, EncodingError.Context(codingPath: codingPath, debugDescription: "date \(date.timeIntervalSinceReferenceDate) is outside years 0–9999"))
            }
            return .string(text)
        case let data as Data:
            return .string(data.base64EncodedString())
        case let url as URL:
            return .string(url.absoluteString)
        case let decimal as Decimal:
            return .number(decimal.description)
        case let dictionary as any SortedJSONKeys:
            return try object(dictionary.sortedJSONEntries(), codingPath: codingPath)
        case let dictionary as any SortedJSONIntKeys:
            return try object(dictionary.sortedJSONEntries(), codingPath: codingPath)
        default:
            let encoder = JSONTreeEncoder(codingPath: codingPath)
            try value.encode(to: encoder)
            return encoder.result
        }
    }

    private static func object(_ entries: [(String, any Encodable)], codingPath: [any CodingKey]) throws -> JSONNode {
        let box = JSONObjectBox()
        for (key, element) in entries {
            box.set(try boxExistential(element, codingPath: codingPath + [JSONKey(key)]), for: key)
        }
        return .object(box)
    }

    private static func boxExistential(_ value: any Encodable, codingPath: [any CodingKey]) throws -> JSONNode {
        try box(value, codingPath: codingPath)
    }

    static func number<F: BinaryFloatingPoint & LosslessStringConvertible>(_ value: F, codingPath: [any CodingKey]) throws -> JSONNode {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, EncodingError.Context(codingPath: codingPath, debugDescription: "\(value) is not a valid JSON number"))
        }
        var text = value.description
        if text.hasSuffix(".0") {
            text.removeLast(2)
        }
        return .number(text)
    }
}

/// A coding key built from a string or an index.
struct JSONKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(_ string: String) {
        stringValue = string
        intValue = nil
    }

    init(stringValue: String) {
        self.init(stringValue)
    }

    init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// Dictionaries whose keys the encoder sorts, since their own order is random.
protocol SortedJSONKeys {
    func sortedJSONEntries() -> [(String, any Encodable)]
}

extension Dictionary: SortedJSONKeys where Key == String, Value: Encodable {
    func sortedJSONEntries() -> [(String, any Encodable)] {
        sorted { $0.key < $1.key }.map { ($0.key, $0.value as any Encodable) }
    }
}

/// Dictionaries with Int keys, which `Dictionary` encodes as an object with
/// the numbers as keys; the encoder sorts them numerically.
protocol SortedJSONIntKeys {
    func sortedJSONEntries() -> [(String, any Encodable)]
}

extension Dictionary: SortedJSONIntKeys where Key == Int, Value: Encodable {
    func sortedJSONEntries() -> [(String, any Encodable)] {
        sorted { $0.key < $1.key }.map { (String($0.key), $0.value as any Encodable) }
    }
}

// MARK: - Containers

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: JSONObjectBox
    let codingPath: [any CodingKey]

    private func set(_ node: JSONNode, _ key: Key) {
        box.set(node, for: key.stringValue)
    }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(try JSONTreeEncoder.number(value, codingPath: codingPath + [key]), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(try JSONTreeEncoder.number(value, codingPath: codingPath + [key]), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(.number(String(value)), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        set(try JSONTreeEncoder.box(value, codingPath: codingPath + [key]), key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(KeyedContainer<NestedKey>(box: box.object(for: key.stringValue), codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        UnkeyedContainer(box: box.array(for: key.stringValue), codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(named: JSONKey("super"))
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        superEncoder(named: key)
    }

    private func superEncoder(named key: any CodingKey) -> any Encoder {
        let encoder = JSONTreeEncoder(codingPath: codingPath + [key])
        box.set(.deferred(encoder), for: key.stringValue)
        return encoder
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let box: JSONArrayBox
    let codingPath: [any CodingKey]

    var count: Int { box.items.count }

    private var nextKey: JSONKey { JSONKey(intValue: box.items.count) }

    private func append(_ node: JSONNode) {
        box.items.append(node)
    }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(try JSONTreeEncoder.number(value, codingPath: codingPath + [nextKey])) }
    mutating func encode(_ value: Float) throws { append(try JSONTreeEncoder.number(value, codingPath: codingPath + [nextKey])) }
    mutating func encode(_ value: Int) throws { append(.number(String(value))) }
    mutating func encode(_ value: Int8) throws { append(.number(String(value))) }
    mutating func encode(_ value: Int16) throws { append(.number(String(value))) }
    mutating func encode(_ value: Int32) throws { append(.number(String(value))) }
    mutating func encode(_ value: Int64) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt8) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt16) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt32) throws { append(.number(String(value))) }
    mutating func encode(_ value: UInt64) throws { append(.number(String(value))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        append(try JSONTreeEncoder.box(value, codingPath: codingPath + [nextKey]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONObjectBox()
        let key = nextKey
        append(.object(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = JSONArrayBox()
        let key = nextKey
        append(.array(nested))
        return UnkeyedContainer(box: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        let encoder = JSONTreeEncoder(codingPath: codingPath + [nextKey])
        append(.deferred(encoder))
        return encoder
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let encoder: JSONTreeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }

    mutating func encodeNil() throws { encoder.store(.null) }
    mutating func encode(_ value: Bool) throws { encoder.store(.bool(value)) }
    mutating func encode(_ value: String) throws { encoder.store(.string(value)) }
    mutating func encode(_ value: Double) throws { encoder.store(try JSONTreeEncoder.number(value, codingPath: codingPath)) }
    mutating func encode(_ value: Float) throws { encoder.store(try JSONTreeEncoder.number(value, codingPath: codingPath)) }
    mutating func encode(_ value: Int) throws { encoder.store(.number(String(value))) }
    mutating func encode(_ value: Int8) throws { encoder.store(.number(String(value))) }
    mutating func encode(_ value: Int16) throws { encoder.store(.number(String(value))) }
    mutating func encode(_ value: Int32) throws { encoder.store(.number(String(value))) }
    mutating func encode(_ value: Int64) throws { encoder.store(.number(String(value))) }
    mutating func encode(_ value: UInt) throws { encoder.store(.number(String(value))) }
    mutating func encode(_ value: UInt8) throws { encoder.store(.number(String(value))) }
    mutating func encode(_ value: UInt16) throws { encoder.store(.number(String(value))) }
    mutating func encode(_ value: UInt32) throws { encoder.store(.number(String(value))) }
    mutating func encode(_ value: UInt64) throws { encoder.store(.number(String(value))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        encoder.store(try JSONTreeEncoder.box(value, codingPath: codingPath))
    }
}
