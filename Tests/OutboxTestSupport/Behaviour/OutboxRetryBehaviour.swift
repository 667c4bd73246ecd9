import Foundation
import MessageBus
import XCTest

/// A failed attempt is recorded and the message stays pending; the next
/// attempt may succeed.
public enum OutboxRetryBehaviour {
    public static func aMessageThatFailsThenSucceeds(_ store: OutboxStore) throws {
        let bus = makeBus()
        bus.addOutboxHandler(RegisteredOutboxHandler(name: "relay") { record, handling in
            handling.context.append("attempt \(record.attempts)")
            if record.attempts < 2 {
                throw Boom(text: "broker unavailable")
            }
        })
        let record = try registerOutboxMessage(store.repository, message: ShipOrder(orderID: 10), createdAt: Clock.start)

        let first = try bus.processOutbox(store.repository, now: { Clock.at(1) })
        XCTAssertEqual(first, OutboxReport(
            failed: [OutboxFailure(id: record.id, name: "ShipOrder", attempts: 1, error: "broker unavailable")],
            attempted: 1,
            handlerRuns: 1,
            results: [OutboxRecordResult(id: record.id, name: "ShipOrder", attempts: 1, outcome: .failed("broker unavailable"))]
        ), store.name)
        var expected = record
        expected.attempts = 1
        expected.lastError = "broker unavailable"
        XCTAssertEqual(try store.repository.record(id: record.id), expected, store.name)

        let second = try bus.processOutbox(store.repository, now: { Clock.at(2) })
        XCTAssertEqual(second, OutboxReport(
            processed: [record.id],
            attempted: 1,
            handlerRuns: 1,
            results: [OutboxRecordResult(id: record.id, name: "ShipOrder", attempts: 2, outcome: .processed)]
        ), store.name)
        expected.attempts = 2
        expected.status = .processed
        expected.processedAt = Clock.at(2)
        XCTAssertEqual(try store.repository.record(id: record.id), expected, store.name)
        XCTAssertEqual(bus.context, ["attempt 1", "attempt 2"], store.name)

        let third = try bus.processOutbox(store.repository)
        XCTAssertEqual(third, OutboxReport(), store.name)
    }
}
