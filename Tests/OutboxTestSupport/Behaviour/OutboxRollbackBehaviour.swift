import Foundation
import MessageBus
import XCTest

/// Registering joins the caller's transaction: a transaction that throws
/// after registering leaves nothing behind.
public enum OutboxRollbackBehaviour {
    public static func aRolledBackTransactionLeavesNoMessage(_ store: OutboxStore) throws {
        try store.transaction { outbox in
            try registerOutboxMessage(outbox, message: ShipOrder(orderID: 10), meta: ["source": "workshop"])
        }
        XCTAssertThrowsError(try store.transaction { outbox in
            try registerOutboxMessage(outbox, message: ShipOrder(orderID: 11))
            try registerOutboxMessage(outbox, message: OrderShipped(orderID: 11))
            throw Boom(text: "payment declined")
        }) { error in
            XCTAssertEqual(error as? Boom, Boom(text: "payment declined"), store.name)
        }

        let records = try store.repository.records()
        XCTAssertEqual(records.map(\.orderID), [10], store.name)
        XCTAssertEqual(try store.repository.count(status: .pending), 1, store.name)
    }

    public static func aFailedRegistrationInsideATransactionCanBeCaught(_ store: OutboxStore) throws {
        let id = UUID()
        try store.transaction { outbox in
            try registerOutboxMessage(outbox, message: ShipOrder(orderID: 1), id: id)
            XCTAssertThrowsError(try registerOutboxMessage(outbox, message: ShipOrder(orderID: 2), id: id), store.name)
            try registerOutboxMessage(outbox, message: ShipOrder(orderID: 3))
        }
        XCTAssertEqual(try store.repository.records().map(\.orderID), [1, 3], store.name)
    }
}
