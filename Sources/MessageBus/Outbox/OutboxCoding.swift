#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How the outbox turns messages into JSON and back, and how it writes dates.
///
/// The seed serialises messages with `dataclasses_serialization`, which covers
/// UUIDs, dates, datetimes and sets. Here a payload is the message's `Codable`
/// JSON, written by ``encode(_:)``:
/// - object keys in the order the value encodes them, so a struct's fields
///   keep their declared order and the text is the same in every process
///   (Foundation's `JSONEncoder` on Linux writes unsorted keys in an order
///   that changes from one run to the next); `Dictionary` keys (String or
///   Int) are sorted, since a dictionary has no order of its own;
/// - a `UUID` as its string (`"E621E1F8-C36C-495A-93FC-0C247A3E6E5F"`);
/// - a `Date` as an ISO 8601 timestamp in UTC (`"2026-11-29T10:15:00.123Z"`)
///   with the fewest fraction digits (none, 3, 6, or 7 to 9) that read back as
///   the very same `Date`. Dates with whole seconds, milliseconds or
///   microseconds therefore read naturally, and every date round-trips
///   exactly (to within a nanosecond within 97 days of
///   2001-01-01, where a `Date` is finer than that);
/// - a `Set` as an array, optionals as a value or `null` (a `nil` property is
///   left out by synthesised `Codable`), `Data` as Base64, integral Doubles
///   without a fraction (`3`), slashes unescaped; otherwise as `JSONEncoder`.
///
/// ``makeDecoder()`` reads all of that back; it also accepts dates written as
/// `YYYY-MM-DD`, with `±HH:MM` zones, or with a space instead of `T`.
///
/// Outbox *records* keep their own timestamps (``OutboxRecord/createdAt``,
/// ``OutboxRecord/processedAt``) to the microsecond: see
/// ``roundedToMicrosecond(_:)``.
///
/// ## Topics
/// ### Payloads
/// - ``payload(for:)``
/// - ``encode(_:)``
/// - ``makeDecoder()``
/// ### Dates
/// - ``string(from:)``
/// - ``date(from:)``
/// - ``microsecondString(from:)``
/// - ``roundedToMicrosecond(_:)``
public enum OutboxCoding {
    /// Encodes `value` as outbox JSON (see the type's overview): for
    /// payloads, and for metadata or other values that should read the same way.
    ///
    /// - Parameter value: The value to encode.
    /// - Returns: UTF-8 JSON.
    /// - Throws: `EncodingError.invalidValue` for a Double that is not finite
    ///   or a Date outside years 0–9999; what `value.encode(to:)` throws.
    public static func encode(_ value: some Encodable) throws -> Data {
        try OrderedJSONEncoder().encode(value)
    }

    /// A JSON decoder that reads what ``encode(_:)`` writes.
    ///
    /// Decoding a `Date` from a string that is not an ISO 8601 timestamp
    /// throws `DecodingError.dataCorrupted`.
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = ISO8601Timestamp.date(from: text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 timestamp: \(text)")
            }
            return date
        }
        return decoder
    }

    /// The JSON payload of `message`, as ``registerOutboxMessage(_:message:id:meta:createdAt:)`` stores it.
    ///
    /// - Parameter message: The message to encode.
    /// - Returns: UTF-8 JSON.
    /// - Throws: ``OutboxError/encodingFailed(_:)`` with the encoder's reason
    ///   (a Double that is not finite, a date outside years 0–9999, an error
    ///   thrown by the message's own `encode(to:)`).
    public static func payload(for message: any Message) throws -> Data {
        do {
            return try OrderedJSONEncoder().encode(message)
        } catch {
            throw OutboxError.encodingFailed("\(message.messageName): \(error)")
        }
    }

    /// `date` as the shortest ISO 8601 UTC timestamp that reads back as exactly
    /// the same `Date` (`2026-11-29T10:15:00Z`, `…00.123Z`, `…00.123456Z`, or
    /// up to nine digits); `nil` when the date is not finite or its year is
    /// outside 0–9999.
    ///
    /// - Parameter date: The date to write.
    public static func string(from date: Date) -> String? {
        ISO8601Timestamp.shortestString(for: date)
    }

    /// Reads an ISO 8601 timestamp: `YYYY-MM-DD` (midnight UTC), or that
    /// followed by `T` (or a space), `HH:MM:SS`, an optional fraction (digits
    /// past the ninth are ignored) and an optional zone (`Z`, `±HH:MM`,
    /// `±HHMM`, `±HH`; none means UTC).
    ///
    /// - Parameter text: The timestamp.
    /// - Returns: The date, or `nil` when `text` is not such a timestamp.
    public static func date(from text: String) -> Date? {
        ISO8601Timestamp.date(from: text)
    }

    /// `date` rounded to the microsecond as a fixed-width UTC timestamp with
    /// six fraction digits (`2026-11-29T10:15:00.123000Z`): such strings sort
    /// in date order, which is how the SQLite outbox stores record times.
    /// `nil` when the date is not finite or its year is outside 0–9999.
    ///
    /// - Parameter date: The date to write.
    public static func microsecondString(from date: Date) -> String? {
        ISO8601Timestamp.microsecondString(for: date)
    }

    /// `date` rounded to the nearest microsecond: the precision at which
    /// every outbox repository keeps ``OutboxRecord/createdAt`` and
    /// ``OutboxRecord/processedAt``.
    ///
    /// Rounding is idempotent and agrees with ``microsecondString(from:)``
    /// read back with ``date(from:)``, so a record compares equal before and
    /// after a trip through any repository. Dates that are already whole
    /// milliseconds (built with `Date(timeIntervalSince1970:)`) are unchanged.
    /// A date that cannot be written (not finite, year outside 0–9999) is
    /// returned unchanged.
    ///
    /// - Parameter date: The date to round.
    public static func roundedToMicrosecond(_ date: Date) -> Date {
        ISO8601Timestamp.roundedToMicrosecond(date)
    }
}
