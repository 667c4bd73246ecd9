import Foundation
import MessageBus
import XCTest

/// Every kind of value a message holds survives `registerOutboxMessage` →
/// repository → `decodePayload` unchanged.
final class PayloadRoundTripTests: XCTestCase {
    func testEveryPayloadTypeRoundTrips() throws {
        let outbox = InMemoryOutboxRepository()
        for message in [KitchenSink.sample(date: Date()), KitchenSink.sample(date: Date(timeIntervalSince1970: 1_795_947_300.123)), KitchenSink.empty] {
            let record = try registerOutboxMessage(outbox, message: message)
            let stored = try XCTUnwrap(outbox.record(id: record.id))
            XCTAssertEqual(try stored.decodePayload(as: KitchenSink.self), message)
        }
    }

    func testPayloadJSONIsTheMessagesCodableJSON() throws {
        let message = Stamp(orderID: 7, at: Date(timeIntervalSince1970: 1_795_947_300.5), ref: UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F"), note: nil, path: "a/b")
        let record = try OutboxRecord(message: message, createdAt: Date(timeIntervalSince1970: 0))
        XCTAssertEqual(
            record.payloadText,
            #"{"orderID":7,"at":"2026-11-29T10:15:00.500Z","ref":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","path":"a/b"}"#
        )
        XCTAssertEqual(try record.decodePayload(as: Stamp.self), message)
    }

    func testDecodingAsTheWrongTypeIsAnOutboxError() throws {
        let record = try OutboxRecord(message: Stamp(orderID: 7, at: Date(timeIntervalSince1970: 0), ref: nil, note: nil, path: ""))
        XCTAssertThrowsError(try record.decodePayload(as: KitchenSink.self)) { error in
            guard case OutboxError.decodingFailed(let text) = error else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertTrue(text.hasPrefix("payload of Stamp \(record.id.uuidString.lowercased()) as KitchenSink: "), text)
        }
    }

    func testAMessageThatCannotBeEncodedIsNotStored() {
        let outbox = InMemoryOutboxRepository()
        XCTAssertThrowsError(try registerOutboxMessage(outbox, message: SensorReading(value: .nan))) { error in
            guard case OutboxError.encodingFailed(let text) = error else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertTrue(text.hasPrefix("SensorReading: "), text)
        }
        XCTAssertThrowsError(try registerOutboxMessage(outbox, message: Stamp(orderID: 1, at: Date(timeIntervalSinceReferenceDate: .infinity), ref: nil, note: nil, path: "")))
        XCTAssertEqual(outbox.records(), [])
    }
}

/// A command with one field of every kind the outbox must carry.
struct KitchenSink: Command, Equatable {
    struct Address: Codable, Equatable, Sendable {
        var street: String
        var zip: String?
        var labels: Set<String>
    }

    var id: UUID
    var ids: Set<UUID>
    var date: Date
    var dates: [Date]
    var maybeDate: Date?
    var tags: Set<String>
    var address: Address
    var addresses: [Address]
    var nickname: String?
    var missing: Int?
    var scores: [Double]
    var counts: [String: Int]
    var nested: [String: [[Int]]]
    var ratio: Double
    var count: Int
    var flag: Bool
    var text: String

    static func sample(date: Date) -> KitchenSink {
        KitchenSink(
            id: UUID(),
            ids: [UUID(), UUID()],
            date: date,
            dates: [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_795_947_300.123456), Date(timeIntervalSinceReferenceDate: 786_105_145.123)],
            maybeDate: date.addingTimeInterval(0.25),
            tags: ["new", "gift", "fragile"],
            address: Address(street: "1 Main St", zip: "12345", labels: ["home"]),
            addresses: [Address(street: "Dock 9", zip: nil, labels: [])],
            nickname: "Zoë \"quoted\" \\ / ✓",
            missing: nil,
            scores: [0.1, -2.5, 1e300, 3],
            counts: ["LAMP": 3, "DESK": 0],
            nested: ["grid": [[1, 2], [], [Int.max, Int.min]]],
            ratio: 0.1 + 0.2,
            count: -42,
            flag: true,
            text: "line\nbreak\ttab"
        )
    }

    static let empty = KitchenSink(
        id: UUID(uuidString: "00000000-0000-0000-0000-000000000001") ?? UUID(),
        ids: [],
        date: Date(timeIntervalSince1970: 0),
        dates: [],
        maybeDate: nil,
        tags: [],
        address: Address(street: "", zip: nil, labels: []),
        addresses: [],
        nickname: nil,
        missing: nil,
        scores: [],
        counts: [:],
        nested: [:],
        ratio: 0,
        count: 0,
        flag: false,
        text: ""
    )
}

/// An event whose JSON a test spells out.
struct Stamp: Event, Equatable {
    var orderID: Int
    var at: Date
    var ref: UUID?
    var note: String?
    var path: String
}

/// An event with a Double, which JSON cannot hold when it is not finite.
struct SensorReading: Event {
    var value: Double
}
