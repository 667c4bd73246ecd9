import MessageBus
import XCTest

/// A command has exactly one handler; a missing or throwing one fails the
/// cascade and drops what is still queued.
final class CommandFailureTests: XCTestCase {
    func testCommandWithoutHandlerFailsAndNothingQueuedAfterItRuns() throws {
        let bus = MessageBus(context: [String]())
        bus.setCommandHandler(for: PlaceOrder.self) { order, handling in
            handling.emit(NotifyCustomer(orderID: order.orderID, text: "thanks"))
            handling.emit(OrderPlaced(orderID: order.orderID, sku: order.sku, qty: order.qty))
            return "accepted"
        }
        bus.addEventHandler(for: OrderPlaced.self) { _, handling in
            handling.context.append("OrderPlaced ran")
            return nil
        }

        let cascade = bus.startCascade(PlaceOrder(orderID: 7, sku: "LAMP", qty: 1))
        XCTAssertThrowsError(try cascade.run()) { error in
            guard case MessageBusError.noHandler(let name) = error else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(name, "NotifyCustomer")
            XCTAssertEqual("\(error)", "no handler for NotifyCustomer")
        }

        XCTAssertEqual(bus.context, [])
        XCTAssertTrue(cascade.isFinished)
        XCTAssertTrue(cascade.pending.isEmpty)
        XCTAssertEqual(cascade.dispatchedCount, 2)
        XCTAssertEqual(cascade.handlerRunCount, 1)
        XCTAssertEqual(cascade.errorCount, 1)
        XCTAssertEqual(cascade.results.count, 1)
        XCTAssertEqual(cascade.results.first?.value as? String, "accepted")
        guard case MessageBusError.noHandler(let name)? = cascade.failure else {
            return XCTFail("unexpected failure \(String(describing: cascade.failure))")
        }
        XCTAssertEqual(name, "NotifyCustomer")
        XCTAssertNil(try cascade.dispatchNext())
    }

    func testRootCommandWithoutHandlerFails() {
        let bus = MessageBus(context: 0)
        XCTAssertThrowsError(try bus.handle(Start(label: "A"))) { error in
            XCTAssertEqual("\(error)", "no handler for Start")
        }
    }

    func testThrowingCommandHandlerFailsWithItsOwnDescription() throws {
        let bus = MessageBus(context: [String]())
        bus.setCommandHandler(for: PlaceOrder.self, name: "place_order") { order, handling in
            handling.emit(OrderPlaced(orderID: order.orderID, sku: order.sku, qty: order.qty))
            return "accepted"
        }
        bus.addEventHandler(for: OrderPlaced.self) { order, handling in
            handling.emit(NotifyCustomer(orderID: order.orderID, text: "placed"))
            handling.emit(Ping(label: "after the failure"))
            return nil
        }
        bus.setCommandHandler(for: NotifyCustomer.self, name: "mailer") { _, _ in
            throw Boom(text: "mail server down")
        }
        bus.addEventHandler(for: Ping.self) { ping, handling in
            handling.context.append(ping.label)
            return nil
        }

        let cascade = bus.startCascade(PlaceOrder(orderID: 1, sku: "LAMP", qty: 2))
        XCTAssertThrowsError(try cascade.run()) { error in
            guard case MessageBusError.commandHandlerFailed(let messageName, let handlerName, let underlying) = error else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(messageName, "NotifyCustomer")
            XCTAssertEqual(handlerName, "mailer")
            XCTAssertEqual(underlying as? Boom, Boom(text: "mail server down"))
            XCTAssertEqual("\(error)", "mail server down")
        }

        XCTAssertEqual(bus.context, [])
        XCTAssertEqual(cascade.dispatchedCount, 3)
        XCTAssertEqual(cascade.handlerRunCount, 3)
        XCTAssertEqual(cascade.errorCount, 1)
        XCTAssertTrue(cascade.isFinished)
        XCTAssertEqual(cascade.results.map(\.handlerName), ["place_order", "OrderPlacedHandler", "mailer"])
        XCTAssertEqual(cascade.results.map(\.succeeded), [true, true, false])
        XCTAssertEqual(cascade.results.last?.error as? Boom, Boom(text: "mail server down"))
    }

    func testCommandHandlerCanBeReplacedAndRemoved() throws {
        let bus = MessageBus(context: 0)
        bus.setCommandHandler(for: Start.self, name: "one") { _, _ in 1 }
        bus.setCommandHandler(for: Start.self, name: "two") { _, _ in 2 }
        XCTAssertEqual(bus.commandHandler(forMessageNamed: "Start")?.name, "two")
        XCTAssertEqual(try bus.handle(Start(label: "")).first?.value as? Int, 2)

        bus.removeCommandHandler(forMessageNamed: "Start")
        XCTAssertNil(bus.commandHandler(forMessageNamed: "Start"))
        XCTAssertThrowsError(try bus.handle(Start(label: "")))
    }
}
