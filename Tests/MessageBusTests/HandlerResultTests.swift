import MessageBus
import XCTest

/// `handle` returns one result per command and one per event handler, with
/// the handler's name and value.
final class HandlerResultTests: XCTestCase {
    struct PlaceOrderHandler: CommandHandler {
        func handle(_ command: PlaceOrder, in handling: HandlerContext<Int>) throws -> (any Sendable)? {
            handling.emit(OrderPlaced(orderID: command.orderID, sku: command.sku, qty: command.qty))
            return "accepted \(command.orderID)"
        }
    }

    struct ReserveStock: EventHandler {
        func handle(_ event: OrderPlaced, in handling: HandlerContext<Int>) throws -> (any Sendable)? {
            handling.context -= event.qty
            return handling.context
        }
    }

    func testResultsForACommandAndEachEventHandler() throws {
        let bus = MessageBus(context: 10, logger: .quiet)
        bus.setCommandHandler(PlaceOrderHandler())
        bus.addEventHandler(ReserveStock())
        bus.addEventHandler(for: OrderPlaced.self, name: "audit") { _, _ in nil }
        bus.addEventHandler(for: OrderPlaced.self, name: "fails") { _, _ in throw Boom(text: "audit log offline") }

        let results = try bus.handle(PlaceOrder(orderID: 42, sku: "LAMP", qty: 3))

        XCTAssertEqual(results.count, 4)
        XCTAssertEqual(results.map(\.handlerName), ["PlaceOrderHandler", "ReserveStock", "audit", "fails"])
        XCTAssertEqual(results.map(\.envelope.id), [1, 2, 2, 2])
        XCTAssertEqual(results.map(\.envelope.causationID), [nil, 1, 1, 1])
        XCTAssertEqual(results[0].value as? String, "accepted 42")
        XCTAssertEqual(results[1].value as? Int, 7)
        XCTAssertNil(results[2].value)
        XCTAssertTrue(results[2].succeeded)
        XCTAssertNil(results[3].value)
        XCTAssertFalse(results[3].succeeded)
        XCTAssertEqual("\(results[3].error.map { "\($0)" } ?? "")", "audit log offline")
        XCTAssertEqual(results[0].envelope.message as? PlaceOrder, PlaceOrder(orderID: 42, sku: "LAMP", qty: 3))
        XCTAssertEqual(bus.context, 7)
    }

    func testDefaultHandlerNames() throws {
        let bus = MessageBus(context: 0)
        bus.setCommandHandler(for: Start.self) { _, _ in nil }
        bus.addEventHandler(for: Ping.self) { _, _ in nil }
        bus.setCommandHandler(PlaceOrderHandler())
        XCTAssertEqual(bus.commandHandler(forMessageNamed: "Start")?.name, "StartHandler")
        XCTAssertEqual(bus.eventHandlers(forMessageNamed: "Ping").map(\.name), ["PingHandler"])
        XCTAssertEqual(bus.commandHandler(forMessageNamed: "PlaceOrder")?.name, "PlaceOrderHandler")
    }
}
