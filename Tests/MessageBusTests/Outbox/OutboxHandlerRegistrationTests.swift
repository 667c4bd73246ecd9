import Foundation
import MessageBus
import XCTest

/// Outbox handlers are registered as closures or Swift types, kept in order,
/// replaced and removed; `OutboxHandlerContext` reaches the bus.
final class OutboxHandlerRegistrationTests: XCTestCase {
    private struct Relay: OutboxHandler {
        func before(_ record: OutboxRecord, in handling: OutboxHandlerContext<[String]>) throws {
            handling.context.append("before \(record.name) #\(record.attempts)")
        }

        func handle(_ record: OutboxRecord, in handling: OutboxHandlerContext<[String]>) throws {
            handling.context.append("\(handling.handlerName) \(try record.decodePayload(as: Ping.self).label)")
        }

        func after(_ record: OutboxRecord, in handling: OutboxHandlerContext<[String]>) {
            handling.context.append("after")
        }
    }

    private struct Minimal: OutboxHandler {
        func handle(_ record: OutboxRecord, in handling: OutboxHandlerContext<[String]>) throws {
            handling.context.append("minimal")
        }
    }

    func testTypedHandlersRunWithTheirHooks() throws {
        let bus = MessageBus(context: [String](), logger: .quiet)
        bus.addOutboxHandler(Relay())
        bus.addOutboxHandler(Minimal(), name: "second")
        XCTAssertEqual(bus.outboxHandlers.map(\.name), ["Relay", "second"])

        let outbox = InMemoryOutboxRepository()
        try registerOutboxMessage(outbox, message: Ping(label: "hello"))
        try bus.processOutbox(outbox)
        XCTAssertEqual(bus.context, ["before Ping #1", "Relay hello", "after", "minimal"])
    }

    func testSettingAndRemovingHandlers() {
        let bus = MessageBus(context: [String]())
        bus.setOutboxHandlers([
            RegisteredOutboxHandler(name: "a") { _, _ in },
            RegisteredOutboxHandler(name: "b") { _, _ in },
            RegisteredOutboxHandler(name: "a") { _, _ in },
        ])
        XCTAssertTrue(bus.removeOutboxHandler(named: "a"))
        XCTAssertFalse(bus.removeOutboxHandler(named: "a"))
        XCTAssertEqual(bus.outboxHandlers.map(\.name), ["b"])
        bus.outboxHandlers[0].name = "renamed"
        XCTAssertEqual(bus.outboxHandlers.map(\.name), ["renamed"])
        bus.setOutboxHandlers([])
        XCTAssertTrue(bus.outboxHandlers.isEmpty)
        XCTAssertEqual(bus.maxAttempts, 5)
    }

    func testARelayDispatchesTheStoredMessageOnTheBus() throws {
        let bus = MessageBus(context: [String](), logger: .quiet)
        bus.setCommandHandler(for: PlaceOrder.self) { order, handling in
            handling.context.append("placed \(order.orderID)")
            handling.emit(OrderPlaced(orderID: order.orderID, sku: order.sku, qty: order.qty))
            return nil
        }
        bus.addEventHandler(for: OrderPlaced.self) { placed, handling in
            handling.context.append("mail \(placed.orderID)")
            return nil
        }
        bus.addOutboxHandler(RegisteredOutboxHandler(name: "relay") { record, handling in
            let results = try handling.dispatch(record.decodePayload(as: PlaceOrder.self))
            handling.context.append("\(results.count) results")
        })

        let outbox = InMemoryOutboxRepository()
        let record = try registerOutboxMessage(outbox, message: PlaceOrder(orderID: 7, sku: "LAMP", qty: 1))
        let report = try bus.processOutbox(outbox, now: { Date(timeIntervalSince1970: 1_795_947_300) })

        XCTAssertEqual(bus.context, ["placed 7", "mail 7", "2 results"])
        XCTAssertEqual(report.processed, [record.id])
        XCTAssertEqual(outbox.record(id: record.id)?.processedAt, Date(timeIntervalSince1970: 1_795_947_300))
    }

    func testAFailingDispatchFailsTheAttemptWithTheCommandsError() throws {
        let bus = MessageBus(context: [String](), logger: .quiet)
        bus.setCommandHandler(for: PlaceOrder.self) { _, _ in throw Boom(text: "out of stock: LAMP") }
        bus.addOutboxHandler(RegisteredOutboxHandler(name: "relay") { record, handling in
            try handling.dispatch(record.decodePayload(as: PlaceOrder.self))
        })
        let outbox = InMemoryOutboxRepository()
        let record = try registerOutboxMessage(outbox, message: PlaceOrder(orderID: 7, sku: "LAMP", qty: 1))
        let report = try bus.processOutbox(outbox)

        XCTAssertEqual(report.failed, [OutboxFailure(id: record.id, name: "PlaceOrder", attempts: 1, error: "out of stock: LAMP")])
        XCTAssertEqual(outbox.record(id: record.id)?.lastError, "out of stock: LAMP")
    }

    func testFailuresAreLogged() throws {
        let log = LogRecorder()
        let bus = MessageBus(context: [String](), logger: log.logger())
        bus.maxAttempts = 2
        bus.addOutboxHandler(RegisteredOutboxHandler(name: "relay") { _, _ in throw Boom(text: "broker down") })
        let outbox = InMemoryOutboxRepository()
        let record = try registerOutboxMessage(outbox, message: Ping(label: ""))
        try bus.processOutbox(outbox)
        try bus.processOutbox(outbox)

        let id = record.id.uuidString.lowercased()
        XCTAssertEqual(log.entries.map(\.level), [.warning, .error])
        XCTAssertEqual(log.entries.map(\.message), [
            "outbox message Ping \(id) failed attempt 1: broker down",
            "outbox message Ping \(id) is dead after 2 attempts: broker down",
        ])
        XCTAssertEqual(log.entries.first?.metadata["outbox_id"], .string(id))
    }
}
