import Foundation
import MessageBus
import XCTest

/// Dates in payloads and records: ISO 8601 in UTC, the shortest text that
/// reads back as the same `Date`, and record times kept to the microsecond.
final class OutboxTimestampTests: XCTestCase {
    private let base: TimeInterval = 1_795_947_300 // 2026-11-29T10:15:00Z

    func testWholeSecondsMillisecondsAndMicrosecondsReadNaturally() {
        XCTAssertEqual(OutboxCoding.string(from: Date(timeIntervalSince1970: base)), "2026-11-29T10:15:00Z")
        XCTAssertEqual(OutboxCoding.string(from: Date(timeIntervalSince1970: base + 0.123)), "2026-11-29T10:15:00.123Z")
        XCTAssertEqual(OutboxCoding.string(from: Date(timeIntervalSince1970: base + 0.5)), "2026-11-29T10:15:00.500Z")
        XCTAssertEqual(OutboxCoding.string(from: Date(timeIntervalSince1970: base + 0.123456)), "2026-11-29T10:15:00.123456Z")
        XCTAssertEqual(OutboxCoding.string(from: Date(timeIntervalSince1970: 978_307_200)), "2001-01-01T00:00:00Z")
        XCTAssertEqual(OutboxCoding.string(from: Date(timeIntervalSince1970: -14_182_940)), "1969-07-20T20:17:40Z")
        XCTAssertEqual(OutboxCoding.string(from: Date(timeIntervalSince1970: 4_107_499_200.25)), "2100-02-28T12:00:00.250Z")
    }

    func testEveryDateReadsBackExactly() throws {
        var generator = SystemRandomNumberGenerator()
        let now = Date()
        var dates = [now, now.addingTimeInterval(1e-7), Date(timeIntervalSinceReferenceDate: 786_105_145.123)]
        for _ in 0..<2_000 {
            dates.append(Date(timeIntervalSince1970: Double.random(in: -2_000_000_000...5_000_000_000, using: &generator)))
            dates.append(Date(timeIntervalSinceReferenceDate: Double.random(in: 10_000_000...900_000_000, using: &generator)))
        }
        for date in dates {
            let text = try XCTUnwrap(OutboxCoding.string(from: date))
            let back = try XCTUnwrap(OutboxCoding.date(from: text), text)
            if abs(date.timeIntervalSinceReferenceDate) >= 8_388_608 {
                XCTAssertEqual(back, date, text)
            } else {
                // Within 2^23 s (97 days) of 2001-01-01 a Date is finer than a nanosecond.
                XCTAssertEqual(back.timeIntervalSinceReferenceDate, date.timeIntervalSinceReferenceDate, accuracy: 0.000_000_001, text)
            }
        }
    }

    func testDatesCloseToTheReferenceDateReadBackWithinANanosecond() throws {
        let date = Date(timeIntervalSinceReferenceDate: 0.000_000_000_123_456)
        let text = try XCTUnwrap(OutboxCoding.string(from: date))
        XCTAssertEqual(text, "2001-01-01T00:00:00.000000000Z")
        let back = try XCTUnwrap(OutboxCoding.date(from: text))
        XCTAssertEqual(back.timeIntervalSinceReferenceDate, date.timeIntervalSinceReferenceDate, accuracy: 1e-9)
    }

    func testDatesThatCannotBeWritten() {
        XCTAssertNil(OutboxCoding.string(from: Date(timeIntervalSinceReferenceDate: .infinity)))
        XCTAssertNil(OutboxCoding.string(from: Date(timeIntervalSinceReferenceDate: .nan)))
        XCTAssertNil(OutboxCoding.string(from: Date(timeIntervalSince1970: 400_000_000_000)))
        XCTAssertEqual(OutboxCoding.string(from: .distantFuture), "4001-01-01T00:00:00Z")
        // ISO 8601 counts days in the proleptic Gregorian calendar; Foundation
        // calls this day 0001-01-01 in the Julian calendar.
        XCTAssertEqual(OutboxCoding.string(from: .distantPast), "0000-12-30T00:00:00Z")
    }

    func testReadingAcceptsZonesDateOnlyAndSpaces() {
        let expected = Date(timeIntervalSince1970: base)
        XCTAssertEqual(OutboxCoding.date(from: "2026-11-29T10:15:00Z"), expected)
        XCTAssertEqual(OutboxCoding.date(from: "2026-11-29T11:15:00+01:00"), expected)
        XCTAssertEqual(OutboxCoding.date(from: "2026-11-29T05:15:00-0500"), expected)
        XCTAssertEqual(OutboxCoding.date(from: "2026-11-29T12:15:00+02"), expected)
        XCTAssertEqual(OutboxCoding.date(from: "2026-11-29 10:15:00"), expected)
        XCTAssertEqual(OutboxCoding.date(from: "2026-11-29t10:15:00z"), expected)
        XCTAssertEqual(OutboxCoding.date(from: "2026-11-29"), Date(timeIntervalSince1970: 1_795_910_400))
        XCTAssertEqual(OutboxCoding.date(from: "2026-11-29T10:15:00.1234567891234Z"), OutboxCoding.date(from: "2026-11-29T10:15:00.123456789Z"))
        XCTAssertEqual(OutboxCoding.date(from: "2024-02-29T00:00:00Z"), Date(timeIntervalSince1970: 1_709_164_800))
    }

    func testReadingRejectsWhatIsNotATimestamp() {
        for text in ["", "2026", "2026-11-29T", "2026-13-01", "2023-02-29", "2026-11-31", "2026-11-29T24:00:00Z",
                     "2026-11-29T10:60:00Z", "2026-11-29T10:15:00.Z", "2026-11-29T10:15:00ZZ", "2026-11-29T10:15:00+25:00",
                     "tomorrow", "２０２６-11-29"] {
            XCTAssertNil(OutboxCoding.date(from: text), text)
        }
    }

    func testMicrosecondTextIsFixedWidthAndSorts() throws {
        let dates = [
            Date(timeIntervalSince1970: base),
            Date(timeIntervalSince1970: base + 0.000_001),
            Date(timeIntervalSince1970: base + 0.5),
            Date(timeIntervalSince1970: base + 1),
        ]
        let texts = try dates.map { try XCTUnwrap(OutboxCoding.microsecondString(from: $0)) }
        XCTAssertEqual(texts, [
            "2026-11-29T10:15:00.000000Z",
            "2026-11-29T10:15:00.000001Z",
            "2026-11-29T10:15:00.500000Z",
            "2026-11-29T10:15:01.000000Z",
        ])
        XCTAssertEqual(texts.sorted(), texts)
    }

    func testRoundingToTheMicrosecondIsIdempotentAndAgreesWithTheText() throws {
        var generator = SystemRandomNumberGenerator()
        var dates = [Date(), Date(timeIntervalSince1970: base + 0.123), Date(timeIntervalSince1970: base + 0.999_999_7)]
        for _ in 0..<2_000 {
            dates.append(Date(timeIntervalSince1970: Double.random(in: 0...4_000_000_000, using: &generator)))
        }
        for date in dates {
            let rounded = OutboxCoding.roundedToMicrosecond(date)
            XCTAssertEqual(OutboxCoding.roundedToMicrosecond(rounded), rounded)
            // Half a microsecond, plus the spacing of Doubles at this date
            // (about 0.5 µs near the year 2096: the rounded value is the
            // nearest representable one).
            let tolerance = 0.000_000_5 + 2 * date.timeIntervalSince1970.ulp
            XCTAssertEqual(rounded.timeIntervalSince1970, date.timeIntervalSince1970, accuracy: tolerance)
            let text = try XCTUnwrap(OutboxCoding.microsecondString(from: date))
            XCTAssertEqual(OutboxCoding.date(from: text), rounded, text)
        }
        XCTAssertEqual(OutboxCoding.roundedToMicrosecond(Date(timeIntervalSince1970: base + 0.123)), Date(timeIntervalSince1970: base + 0.123))
        XCTAssertEqual(OutboxCoding.microsecondString(from: Date(timeIntervalSince1970: base + 0.999_999_7)), "2026-11-29T10:15:01.000000Z")
    }
}
