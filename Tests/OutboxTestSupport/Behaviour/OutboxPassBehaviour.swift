import Foundation
import MessageBus
import XCTest

/// `processOutbox` is one pass, oldest first, over the messages pending when
/// it starts; `processNextOutboxMessage` processes the oldest one only.
public enum OutboxPassBehaviour {
    public static func onePassProcessesOldestFirst(_ store: OutboxStore) throws {
        let bus = makeBus()
        bus.addOutboxHandler(RegisteredOutboxHandler(name: "relay") { record, handling in
            handling.context.append("ship \(record.orderID)")
        })
        try registerOutboxMessage(store.repository, message: ShipOrder(orderID: 2), createdAt: Clock.at(2))
        try registerOutboxMessage(store.repository, message: ShipOrder(orderID: 3), createdAt: Clock.at(2))
        try registerOutboxMessage(store.repository, message: ShipOrder(orderID: 1), createdAt: Clock.at(1))

        let report = try bus.processOutbox(store.repository)
        XCTAssertEqual(bus.context, ["ship 1", "ship 2", "ship 3"], store.name)
        XCTAssertEqual(report.attempted, 3, store.name)
        XCTAssertEqual(report.handlerRuns, 3, store.name)
        XCTAssertEqual(try report.processed.map { try store.repository.record(id: $0)?.orderID }, [1, 2, 3], store.name)
    }

    public static func messagesAddedDuringAPassWaitForTheNextPass(_ store: OutboxStore) throws {
        let bus = makeBus()
        let outbox = store.repository
        bus.addOutboxHandler(RegisteredOutboxHandler(name: "relay") { record, handling in
            handling.context.append("ship \(record.orderID)")
            if record.orderID < 3 {
                try registerOutboxMessage(outbox, message: ShipOrder(orderID: record.orderID + 10))
            }
        })
        try registerOutboxMessage(outbox, message: ShipOrder(orderID: 1), createdAt: Clock.at(1))
        try registerOutboxMessage(outbox, message: ShipOrder(orderID: 2), createdAt: Clock.at(2))

        XCTAssertEqual(try bus.processOutbox(outbox).processed.count, 2, store.name)
        XCTAssertEqual(bus.context, ["ship 1", "ship 2"], store.name)
        XCTAssertEqual(try outbox.pendingRecords().map(\.orderID), [11, 12], store.name)

        XCTAssertEqual(try bus.processOutbox(outbox).processed.count, 2, store.name)
        XCTAssertEqual(bus.context, ["ship 1", "ship 2", "ship 11", "ship 12"], store.name)
        XCTAssertEqual(try outbox.count(status: .pending), 0, store.name)
    }

    public static func messagesThatStopBeingPendingDuringAPassAreSkipped(_ store: OutboxStore) throws {
        let bus = makeBus()
        let outbox = store.repository
        let first = try registerOutboxMessage(outbox, message: ShipOrder(orderID: 1), createdAt: Clock.at(1))
        let second = try registerOutboxMessage(outbox, message: ShipOrder(orderID: 2), createdAt: Clock.at(2))
        bus.addOutboxHandler(RegisteredOutboxHandler(name: "relay") { record, handling in
            handling.context.append("ship \(record.orderID)")
            try outbox.markProcessed(id: second.id, at: Clock.start) // someone else delivered it
        })

        let report = try bus.processOutbox(outbox)
        XCTAssertEqual(report.processed, [first.id], store.name)
        XCTAssertEqual(report.attempted, 1, store.name)
        XCTAssertEqual(bus.context, ["ship 1"], store.name)
        XCTAssertEqual(try outbox.record(id: second.id)?.attempts, 0, store.name)
    }

    public static func stepProcessesTheOldestPendingMessageOnly(_ store: OutboxStore) throws {
        let bus = makeBus()
        bus.addOutboxHandler(RegisteredOutboxHandler(name: "relay") { record, handling in
            handling.context.append("ship \(record.orderID)")
        })
        XCTAssertNil(try bus.processNextOutboxMessage(store.repository), store.name)

        let second = try registerOutboxMessage(store.repository, message: ShipOrder(orderID: 2), createdAt: Clock.at(2))
        let first = try registerOutboxMessage(store.repository, message: ShipOrder(orderID: 1), createdAt: Clock.at(1))

        XCTAssertEqual(try bus.processNextOutboxMessage(store.repository)?.processed, [first.id], store.name)
        XCTAssertEqual(bus.context, ["ship 1"], store.name)
        XCTAssertEqual(try bus.processNextOutboxMessage(store.repository)?.processed, [second.id], store.name)
        XCTAssertNil(try bus.processNextOutboxMessage(store.repository), store.name)
        XCTAssertEqual(bus.context, ["ship 1", "ship 2"], store.name)
    }
}
