import Foundation
import MessageBus
import XCTest

/// `purgeProcessed` deletes processed messages and nothing else.
public enum OutboxPurgeBehaviour {
    public static func purgeDeletesProcessedMessagesOnly(_ store: OutboxStore) throws {
        let bus = makeBus(maxAttempts: 1)
        bus.addOutboxHandler(RegisteredOutboxHandler(name: "relay") { record, _ in
            if record.orderID == 2 {
                throw Boom(text: "poison")
            }
        })
        for orderID in 1...4 {
            try registerOutboxMessage(store.repository, message: ShipOrder(orderID: orderID), createdAt: Clock.at(Double(orderID)))
        }
        try bus.processOutbox(store.repository)
        try registerOutboxMessage(store.repository, message: ShipOrder(orderID: 5), createdAt: Clock.at(5))

        XCTAssertEqual(try store.repository.purgeProcessed(), 3, store.name)
        XCTAssertEqual(try store.repository.records().map(\.orderID), [2, 5], store.name)
        XCTAssertEqual(try store.repository.records().map(\.status), [.dead, .pending], store.name)
        XCTAssertEqual(try store.repository.purgeProcessed(), 0, store.name)
    }
}
