import Foundation
import MessageBus
import XCTest

/// Observers see each stage of outbox processing, in order.
public enum OutboxObserverBehaviour {
    public static func observerSeesEveryStageInOrder(_ store: OutboxStore) throws {
        let bus = makeBus(maxAttempts: 2)
        bus.setCommandHandler(for: ShipOrder.self) { _, _ in nil }
        bus.addOutboxHandler(RegisteredOutboxHandler(name: "relay") { record, handling in
            if record.orderID == 2 {
                throw Boom(text: "malformed order")
            }
            try handling.dispatch(record.decodePayload(as: ShipOrder.self))
        })
        bus.addOutboxHandler(RegisteredOutboxHandler(name: "audit") { _, _ in })
        let observer = OutboxRecordingObserver()
        bus.addObserver(observer)
        try registerOutboxMessage(store.repository, message: ShipOrder(orderID: 1), createdAt: Clock.at(1))
        try registerOutboxMessage(store.repository, message: ShipOrder(orderID: 2), createdAt: Clock.at(2))

        try bus.processOutbox(store.repository)
        try bus.processOutbox(store.repository)

        XCTAssertEqual(observer.lines, [
            "claim ShipOrder 1 attempt 1 pending",
            "will relay 1",
            "dispatch ShipOrder",
            "did relay 1 ok",
            "will audit 1",
            "did audit 1 ok",
            "finish 1 processed status=processed attempts=1 error=nil",
            "claim ShipOrder 2 attempt 1 pending",
            "will relay 2",
            "did relay 2 failed malformed order",
            "finish 2 failed malformed order status=pending attempts=1 error=malformed order",
            "claim ShipOrder 2 attempt 2 pending",
            "will relay 2",
            "did relay 2 failed malformed order",
            "finish 2 dead malformed order status=dead attempts=2 error=malformed order",
        ], store.name)
        XCTAssertEqual(observer.durations.count, 4, store.name)
        XCTAssertTrue(observer.durations.allSatisfy { $0 >= .zero }, store.name)
    }

    public static func theFinishedRecordIsTheStoredOne(_ store: OutboxStore) throws {
        final class LastRecord: MessageBusObserver {
            var record: OutboxRecord?
            func messageBus(didFinishOutboxRecord record: OutboxRecord, outcome: OutboxOutcome) {
                self.record = record
            }
        }
        let bus = makeBus()
        let observer = LastRecord()
        bus.addObserver(observer)
        bus.addOutboxHandler(RegisteredOutboxHandler(name: "relay") { _, _ in })
        let record = try registerOutboxMessage(store.repository, message: ShipOrder(orderID: 1), createdAt: Clock.start)
        try bus.processOutbox(store.repository, now: { Clock.at(0.123_456_7) })

        XCTAssertEqual(observer.record, try store.repository.record(id: record.id), store.name)
        XCTAssertEqual(observer.record?.processedAt, Clock.at(0.123_457), store.name)
    }
}
