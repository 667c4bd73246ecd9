import Foundation
import MessageBus
import XCTest

/// `registerOutboxMessage` builds the seed's outbox record and adds it to the
/// repository it is given; it needs no bus.
final class RegisterOutboxMessageTests: XCTestCase {
    private let createdAt = Date(timeIntervalSince1970: 1_795_947_300.123)
    private let id = UUID(uuidString: "1F3C0000-0000-4000-8000-000000000007") ?? UUID()

    func testACommandRecord() throws {
        let outbox = InMemoryOutboxRepository()
        let record = try registerOutboxMessage(outbox, message: PlaceOrder(orderID: 7, sku: "LAMP", qty: 2), id: id, createdAt: createdAt)

        XCTAssertEqual(record, OutboxRecord(
            id: id,
            type: .command,
            name: "PlaceOrder",
            payload: Data(#"{"orderID":7,"sku":"LAMP","qty":2}"#.utf8),
            meta: Data("{}".utf8),
            createdAt: createdAt,
            attempts: 0,
            lastError: nil,
            status: .pending,
            processedAt: nil
        ))
        XCTAssertEqual(outbox.records(), [record])
        XCTAssertEqual(record.metaText, "{}")
        XCTAssertEqual(record.type.rawValue, "COMMAND")
    }

    func testAnEventRecordWithMeta() throws {
        let outbox = InMemoryOutboxRepository()
        let record = try registerOutboxMessage(
            outbox,
            message: OrderPlaced(orderID: 7, sku: "LAMP", qty: 2),
            meta: ["source": "web", "correlation": "c-1", "path": "/orders"]
        )
        XCTAssertEqual(record.type, .event)
        XCTAssertEqual(record.type.rawValue, "EVENT")
        XCTAssertEqual(record.name, "OrderPlaced")
        XCTAssertEqual(record.metaText, #"{"correlation":"c-1","path":"/orders","source":"web"}"#)
        XCTAssertEqual(try record.decodeMeta(as: [String: String].self), ["source": "web", "correlation": "c-1", "path": "/orders"])
    }

    func testMetaAsJSON() throws {
        let outbox = InMemoryOutboxRepository()
        let meta = Data(#"{"source":"web","retries":3,"tags":["a"],"when":null}"#.utf8)
        let record = try registerOutboxMessage(outbox, message: Ping(label: "x"), metaJSON: meta)
        XCTAssertEqual(record.meta, meta)

        for bad in ["[1, 2]", "\"text\"", "3", "{", ""] {
            XCTAssertThrowsError(try registerOutboxMessage(outbox, message: Ping(label: bad), metaJSON: Data(bad.utf8)), bad) { error in
                guard case OutboxError.invalidMeta = error else {
                    return XCTFail("unexpected \(error)")
                }
            }
        }
        XCTAssertEqual(outbox.records().count, 1)
    }

    func testARuntimeMessageIsStoredUnderItsOwnNameAndKind() throws {
        let record = try OutboxRecord(message: NamedMessage("ShipOrder", .command, ["order_id": .int(12)]))
        XCTAssertEqual(record.name, "ShipOrder")
        XCTAssertEqual(record.type, .command)
        XCTAssertEqual(record.payloadText, #"{"order_id":12}"#)
    }

    func testCreationTimeIsKeptToTheMicrosecond() throws {
        let now = Date()
        let record = try OutboxRecord(message: Ping(label: ""), createdAt: now)
        XCTAssertEqual(record.createdAt, OutboxCoding.roundedToMicrosecond(now))
        XCTAssertEqual(record.createdAt.timeIntervalSince(now), 0, accuracy: 0.000_000_6)
    }

    func testDuplicateIDsAreRefused() throws {
        let outbox = InMemoryOutboxRepository()
        try registerOutboxMessage(outbox, message: Ping(label: "first"), id: id)
        XCTAssertThrowsError(try registerOutboxMessage(outbox, message: Ping(label: "second"), id: id)) { error in
            XCTAssertEqual(error as? OutboxError, .duplicateID(id))
            XCTAssertEqual("\(error)", "outbox message 1f3c0000-0000-4000-8000-000000000007 already exists")
        }
        XCTAssertEqual(try outbox.records().map { try $0.decodePayload(as: Ping.self) }, [Ping(label: "first")])
    }

    func testInMemoryTransactionRollsBackWhenItsBodyThrows() throws {
        let outbox = InMemoryOutboxRepository()
        try registerOutboxMessage(outbox, message: Ping(label: "kept"))
        XCTAssertThrowsError(try outbox.transaction { outbox in
            try registerOutboxMessage(outbox, message: Ping(label: "rolled back"))
            throw Boom(text: "checkout failed")
        })
        try outbox.transaction { outbox in
            try registerOutboxMessage(outbox, message: Ping(label: "committed"))
        }
        XCTAssertEqual(try outbox.records().map { try $0.decodePayload(as: Ping.self).label }, ["kept", "committed"])
    }

    func testErrorDescriptions() {
        XCTAssertEqual(OutboxError.notDead(id).description, "outbox message 1f3c0000-0000-4000-8000-000000000007 is not dead")
        XCTAssertEqual(OutboxError.notFound(id).description, "no outbox message 1f3c0000-0000-4000-8000-000000000007")
        XCTAssertEqual(OutboxError.invalidMeta("x").description, "invalid outbox meta: x")
        XCTAssertEqual(OutboxError.encodingFailed("x").localizedDescription, "cannot encode outbox message: x")
    }
}
