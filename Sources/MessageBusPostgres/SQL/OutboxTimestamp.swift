import Foundation
import MessageBus
import PostgresNIO

/// A record time as PostgreSQL's `timestamptz` stores it: microseconds since
/// 2000-01-01T00:00:00Z.
///
/// postgres-nio's own `Date` coding truncates to the microsecond through a
/// `Double`, which can turn `…00.123456` into `…00.123455`; this type rounds
/// as ``OutboxCoding/roundedToMicrosecond(_:)`` does and reads back the very
/// `Date` that rounding gives, so a record compares equal after a trip
/// through the database.
struct OutboxTimestamp: Sendable, Equatable {
    /// Microseconds since 2000-01-01T00:00:00Z.
    var microseconds: Int64

    /// Seconds from 1970-01-01 to 2000-01-01.
    private static let unixToPostgres: Int64 = 946_684_800
    /// Seconds from 2000-01-01 to 2001-01-01 (the reference date).
    private static let postgresToReference: Int64 = 31_622_400

    /// The time of `date`, rounded to the microsecond.
    ///
    /// - Throws: ``OutboxError/encodingFailed(_:)`` when `date` is not finite
    ///   or its year is outside 0–9999 (the range every outbox store keeps).
    init(_ date: Date) throws {
        guard OutboxCoding.microsecondString(from: date) != nil else {
            throw OutboxError.encodingFailed("date \(date.timeIntervalSinceReferenceDate) is outside years 0–9999")
        }
        let reference = date.timeIntervalSinceReferenceDate
        let whole = reference.rounded(.down)
        let fraction = Int64(((reference - whole) * 1_000_000).rounded())
        microseconds = (Int64(whole) + Self.postgresToReference) * 1_000_000 + fraction
    }

    init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    /// The time as a `Date`, built as the outbox's own rounding builds it.
    var date: Date {
        var seconds = microseconds / 1_000_000
        var fraction = microseconds % 1_000_000
        if fraction < 0 {
            fraction += 1_000_000
            seconds -= 1
        }
        return Date(timeIntervalSince1970: Double(seconds + Self.unixToPostgres) + Double(fraction) / 1_000_000)
    }
}

extension OutboxTimestamp: PostgresNonThrowingEncodable {
    static var psqlType: PostgresDataType { .timestamptz }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        byteBuffer.writeInteger(microseconds)
    }
}

extension OutboxTimestamp: PostgresDecodable {
    init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer,
        type: PostgresDataType,
        format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard format == .binary, type == .timestamptz || type == .timestamp,
              buffer.readableBytes == 8, let value = buffer.readInteger(as: Int64.self)
        else {
            throw PostgresDecodingError.Code.typeMismatch
        }
        microseconds = value
    }
}
