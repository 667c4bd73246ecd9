#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// ISO 8601 timestamps in UTC (`2026-11-29T10:15:00.123Z`), written and read
/// without a date formatter, so that dates round-trip exactly.
///
/// A `Date` is a `Double` count of seconds since 2001-01-01. Text with up to
/// six fraction digits is read as seconds since 1970 (the way
/// `Date(timeIntervalSince1970:)` builds dates); text with seven to nine
/// digits as seconds since 2001 (the way `Date()` keeps them). Writing picks
/// the shortest of 0, 3, 6, 7, 8 and 9 fraction digits that reads back as the
/// very same `Date`; nine digits identify every date more than about 97 days
/// away from 2001-01-01 exactly, and any other to within a nanosecond.
enum ISO8601Timestamp {
    /// Seconds from 1970-01-01 to 2001-01-01.
    static let unixToReference: Int64 = 978_307_200

    private static let powersOfTen: [Int64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000]

    /// A point in time as whole seconds since 1970 plus a decimal fraction.
    struct Parts: Equatable {
        /// Whole seconds since 1970-01-01T00:00:00Z (may be negative).
        var seconds: Int64
        /// The fraction's digits as an integer (`123` for `.123`).
        var fraction: Int64
        /// How many fraction digits there are, 0 to 9.
        var digits: Int
    }

    // MARK: Dates

    /// The shortest text that reads back as exactly `date`, or `nil` when the
    /// date is not finite or its year is outside 0–9999.
    static func shortestString(for date: Date) -> String? {
        let reference = date.timeIntervalSinceReferenceDate
        guard reference.isFinite, abs(reference) < 400_000_000_000 else { return nil }
        let whole = reference.rounded(.down)
        let fraction = reference - whole
        let seconds = Int64(whole) + unixToReference
        for digits in [0, 3, 6, 7, 8, 9] {
            let parts = rounded(seconds: seconds, fraction: fraction, digits: digits)
            if digits == 9 || self.date(from: parts) == date {
                return string(from: parts)
            }
        }
        return nil
    }

    /// Fixed-width text with exactly six fraction digits (the date rounded to
    /// the microsecond), which sorts as the dates do; `nil` when the date is
    /// not finite or its year is outside 0–9999.
    static func microsecondString(for date: Date) -> String? {
        microsecondParts(for: date).flatMap(string(from:))
    }

    /// `date` rounded to the nearest microsecond, built as
    /// `Date(timeIntervalSince1970:)` builds it, so that reading its
    /// ``microsecondString(for:)`` gives the same value. Dates that cannot be
    /// written are returned unchanged.
    static func roundedToMicrosecond(_ date: Date) -> Date {
        microsecondParts(for: date).map { self.date(from: $0) } ?? date
    }

    /// Reads an ISO 8601 timestamp: `YYYY-MM-DD`, optionally followed by `T`
    /// (or a space) and `HH:MM:SS` with an optional fraction, and an optional
    /// zone (`Z`, `±HH:MM`, `±HHMM`, `±HH`; none means UTC). Fraction digits
    /// past the ninth are ignored.
    ///
    /// - Returns: The date, or `nil` when the text is not such a timestamp.
    static func date(from text: String) -> Date? {
        parse(text).map { date(from: $0) }
    }

    // MARK: Parts

    static func date(from parts: Parts) -> Date {
        let fraction = Double(parts.fraction) / Double(powersOfTen[parts.digits])
        if parts.digits <= 6 {
            return Date(timeIntervalSince1970: Double(parts.seconds) + fraction)
        }
        return Date(timeIntervalSinceReferenceDate: Double(parts.seconds - unixToReference) + fraction)
    }

    private static func microsecondParts(for date: Date) -> Parts? {
        let reference = date.timeIntervalSinceReferenceDate
        guard reference.isFinite, abs(reference) < 400_000_000_000 else { return nil }
        let whole = reference.rounded(.down)
        return rounded(seconds: Int64(whole) + unixToReference, fraction: reference - whole, digits: 6)
    }

    /// `seconds + fraction` (`0 <= fraction < 1`) with the fraction rounded to `digits` digits.
    private static func rounded(seconds: Int64, fraction: Double, digits: Int) -> Parts {
        let scale = powersOfTen[digits]
        var value = Int64((fraction * Double(scale)).rounded())
        var seconds = seconds
        if value >= scale {
            value -= scale
            seconds += 1
        }
        return Parts(seconds: seconds, fraction: value, digits: digits)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.f…]Z`, or `nil` for a year outside 0–9999.
    static func string(from parts: Parts) -> String? {
        let days = floorDivide(parts.seconds, 86_400)
        let secondOfDay = parts.seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        guard (0...9999).contains(year) else { return nil }
        var text = ""
        text.reserveCapacity(31)
        append(year, width: 4, to: &text)
        text += "-"
        append(month, width: 2, to: &text)
        text += "-"
        append(day, width: 2, to: &text)
        text += "T"
        append(secondOfDay / 3600, width: 2, to: &text)
        text += ":"
        append(secondOfDay / 60 % 60, width: 2, to: &text)
        text += ":"
        append(secondOfDay % 60, width: 2, to: &text)
        if parts.digits > 0 {
            text += "."
            append(parts.fraction, width: parts.digits, to: &text)
        }
        text += "Z"
        return text
    }

    static func parse(_ text: String) -> Parts? {
        var reader = Reader(bytes: Array(text.utf8))
        guard let year = reader.number(width: 4), reader.take(UInt8(ascii: "-")),
              let month = reader.number(width: 2), reader.take(UInt8(ascii: "-")),
              let day = reader.number(width: 2),
              (1...12).contains(month), (1...daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        var seconds = days(fromCivil: year, month, day) * 86_400
        var fraction: Int64 = 0
        var digits = 0
        if reader.isAtEnd {
            return Parts(seconds: seconds, fraction: 0, digits: 0)
        }
        guard reader.take(UInt8(ascii: "T")) || reader.take(UInt8(ascii: "t")) || reader.take(UInt8(ascii: " ")),
              let hour = reader.number(width: 2), reader.take(UInt8(ascii: ":")),
              let minute = reader.number(width: 2), reader.take(UInt8(ascii: ":")),
              let second = reader.number(width: 2),
              hour < 24, minute < 60, second < 60
        else { return nil }
        seconds += hour * 3600 + minute * 60 + second
        if reader.take(UInt8(ascii: ".")) || reader.take(UInt8(ascii: ",")) {
            var count = 0
            while let digit = reader.digit() {
                if digits < 9 {
                    fraction = fraction * 10 + digit
                    digits += 1
                }
                count += 1
            }
            guard count > 0 else { return nil }
        }
        if reader.take(UInt8(ascii: "Z")) || reader.take(UInt8(ascii: "z")) {
            // UTC
        } else if let sign = reader.sign() {
            guard let hours = reader.number(width: 2), hours < 24 else { return nil }
            var minutes: Int64 = 0
            if reader.take(UInt8(ascii: ":")) {
                guard let value = reader.number(width: 2) else { return nil }
                minutes = value
            } else if let value = reader.number(width: 2) {
                minutes = value
            }
            guard minutes < 60 else { return nil }
            seconds -= sign * (hours * 3600 + minutes * 60)
        }
        guard reader.isAtEnd else { return nil }
        return Parts(seconds: seconds, fraction: fraction, digits: digits)
    }

    // MARK: Calendar arithmetic (proleptic Gregorian, Howard Hinnant's algorithms)

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    private static func civil(fromDays dayNumber: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = dayNumber + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let marchYear = month <= 2 ? year - 1 : year
        let era = floorDivide(marchYear, 400)
        let yearOfEra = marchYear - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }

    private static func append(_ value: Int64, width: Int, to text: inout String) {
        let digits = String(value)
        if digits.count < width {
            text += String(repeating: "0", count: width - digits.count)
        }
        text += digits
    }

    /// Reads ASCII bytes left to right.
    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        var isAtEnd: Bool { index == bytes.count }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func digit() -> Int64? {
            guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else { return nil }
            defer { index += 1 }
            return Int64(bytes[index] - UInt8(ascii: "0"))
        }

        /// Exactly `width` digits.
        mutating func number(width: Int) -> Int64? {
            let start = index
            var value: Int64 = 0
            for _ in 0..<width {
                guard let digit = digit() else {
                    index = start
                    return nil
                }
                value = value * 10 + digit
            }
            return value
        }

        /// `+` as 1, `-` as -1.
        mutating func sign() -> Int64? {
            if take(UInt8(ascii: "+")) { return 1 }
            if take(UInt8(ascii: "-")) { return -1 }
            return nil
        }
    }
}
