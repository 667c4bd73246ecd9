import Foundation
import MessageBus
import XCTest

/// Payloads and meta survive every store byte for byte, and decode back to
/// the message that was registered.
public enum OutboxPayloadStorageBehaviour {
    public static func payloadsRoundTripThroughEveryStore(_ store: OutboxStore) throws {
        let messages = [Parcel.sample(now: Date()), Parcel.sample(now: Clock.at(0.5)), Parcel.minimal]
        for message in messages {
            let record = try registerOutboxMessage(store.repository, message: message, meta: ["source": "web", "note": "ünïcode ✓"])
            let stored = try XCTUnwrap(try store.repository.record(id: record.id), store.name)
            XCTAssertEqual(stored.payload, record.payload, store.name)
            XCTAssertEqual(stored.meta, record.meta, store.name)
            XCTAssertEqual(try stored.decodePayload(as: Parcel.self), message, store.name)
            XCTAssertEqual(try stored.decodeMeta(as: [String: String].self), ["source": "web", "note": "ünïcode ✓"], store.name)
        }
    }
}

/// A command with every kind of field a payload must carry.
struct Parcel: Command, Equatable {
    struct Dimensions: Codable, Equatable, Sendable {
        var width: Double
        var height: Double?
        var labels: Set<String>
    }

    var id: UUID
    var trackingIDs: Set<UUID>
    var shippedAt: Date
    var deliveredAt: Date?
    var tags: Set<String>
    var dimensions: Dimensions
    var history: [Dimensions]
    var note: String?
    var weights: [Double]
    var stock: [String: Int]
    var matrix: [String: [[Int]]]
    var fragile: Bool
    var count: Int
    var text: String

    static func sample(now: Date) -> Parcel {
        Parcel(
            id: UUID(),
            trackingIDs: [UUID(), UUID(), UUID()],
            shippedAt: now,
            deliveredAt: now.addingTimeInterval(86_400.001),
            tags: ["gift", "express"],
            dimensions: Dimensions(width: 0.1 + 0.2, height: 1e-300, labels: ["top"]),
            history: [Dimensions(width: -1, height: nil, labels: [])],
            note: "\"quoted\" \\ / ✓\n",
            weights: [1.5, 2, -0.0],
            stock: ["LAMP": 3, "DESK": 0],
            matrix: ["m": [[1], [Int.min, Int.max]]],
            fragile: true,
            count: 42,
            text: "ünïcode"
        )
    }

    static let minimal = Parcel(
        id: UUID(),
        trackingIDs: [],
        shippedAt: Date(timeIntervalSince1970: 0),
        deliveredAt: nil,
        tags: [],
        dimensions: Dimensions(width: 0, height: nil, labels: []),
        history: [],
        note: nil,
        weights: [],
        stock: [:],
        matrix: [:],
        fragile: false,
        count: 0,
        text: ""
    )
}
