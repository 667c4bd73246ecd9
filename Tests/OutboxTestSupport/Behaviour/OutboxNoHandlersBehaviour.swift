import Foundation
import MessageBus
import XCTest

/// With no outbox handlers, processing does nothing and says so; it is not an error.
public enum OutboxNoHandlersBehaviour {
    public static func nothingIsProcessedWithoutHandlers(_ store: OutboxStore) throws {
        let bus = makeBus()
        let record = try registerOutboxMessage(store.repository, message: ShipOrder(orderID: 1))

        XCTAssertEqual(try bus.processOutbox(store.repository), OutboxReport(skippedNoHandlers: true), store.name)
        XCTAssertEqual(try bus.processNextOutboxMessage(store.repository), OutboxReport(skippedNoHandlers: true), store.name)
        XCTAssertEqual(try store.repository.records(), [record], store.name)
    }

    public static func nothingPendingIsNotAnError(_ store: OutboxStore) throws {
        let bus = makeBus()
        XCTAssertEqual(try bus.processOutbox(store.repository), OutboxReport(skippedNoHandlers: true), store.name)
        XCTAssertNil(try bus.processNextOutboxMessage(store.repository), store.name)
        bus.addOutboxHandler(RegisteredOutboxHandler(name: "relay") { _, _ in })
        XCTAssertEqual(try bus.processOutbox(store.repository), OutboxReport(), store.name)
        XCTAssertNil(try bus.processNextOutboxMessage(store.repository), store.name)
    }
}
