import Foundation
import MessageBus
import XCTest

/// A `CascadeAbortingError` (busctl's `crash`) is never caught or recorded by
/// outbox processing: it ends the pass, and the claimed attempt stays counted.
public enum OutboxAbortingErrorBehaviour {
    public static func aCrashEndsThePassAndTheMessageIsDeliveredAgain(_ store: OutboxStore) throws {
        let bus = makeBus()
        var crashed = false
        bus.addOutboxHandler(RegisteredOutboxHandler(
            name: "relay_once",
            body: { record, handling in
                handling.context.append("delivered \(record.orderID) attempt \(record.attempts)")
                if !crashed {
                    crashed = true
                    throw Crash()
                }
            },
            after: { _, handling in handling.context.append("after") }
        ))
        bus.addOutboxHandler(RegisteredOutboxHandler(name: "audit") { record, handling in
            handling.context.append("audit \(record.orderID)")
        })
        let first = try registerOutboxMessage(store.repository, message: ShipOrder(orderID: 12), createdAt: Clock.at(1))
        let second = try registerOutboxMessage(store.repository, message: ShipOrder(orderID: 13), createdAt: Clock.at(2))

        XCTAssertThrowsError(try bus.processOutbox(store.repository)) { error in
            XCTAssertEqual(error as? Crash, Crash(), store.name)
        }
        XCTAssertEqual(bus.context, ["delivered 12 attempt 1", "after"], store.name)
        var expected = first
        expected.attempts = 1
        XCTAssertEqual(try store.repository.record(id: first.id), expected, store.name)
        XCTAssertEqual(try store.repository.record(id: second.id), second, store.name)

        let report = try bus.processOutbox(store.repository)
        XCTAssertEqual(report.processed, [first.id, second.id], store.name)
        XCTAssertEqual(bus.context, [
            "delivered 12 attempt 1", "after",
            "delivered 12 attempt 2", "after", "audit 12",
            "delivered 13 attempt 1", "after", "audit 13",
        ], store.name)
        XCTAssertEqual(try store.repository.record(id: first.id)?.lastError, nil, store.name)
    }

    public static func aCrashInsideADispatchedCascadeAlsoEndsThePass(_ store: OutboxStore) throws {
        let bus = makeBus()
        bus.setCommandHandler(for: ShipOrder.self) { _, _ in throw Crash() }
        bus.addOutboxHandler(RegisteredOutboxHandler(name: "relay") { record, handling in
            try handling.dispatch(record.decodePayload(as: ShipOrder.self))
        })
        let record = try registerOutboxMessage(store.repository, message: ShipOrder(orderID: 1))

        XCTAssertThrowsError(try bus.processNextOutboxMessage(store.repository)) { error in
            XCTAssertEqual(error as? Crash, Crash(), store.name)
        }
        XCTAssertEqual(try store.repository.record(id: record.id)?.attempts, 1, store.name)
        XCTAssertEqual(try store.repository.record(id: record.id)?.status, .pending, store.name)
        XCTAssertNil(try store.repository.record(id: record.id)?.lastError, store.name)
    }
}
