import Logging
import MessageBus
import XCTest

/// A throwing event handler is logged and recorded; its siblings still run
/// and the cascade goes on.
final class EventHandlerFailureTests: XCTestCase {
    func testThrowingEventHandlerDoesNotStopSiblingsOrCascade() throws {
        let log = LogRecorder()
        let bus = MessageBus(context: [String](), logger: log.logger(level: .info))
        bus.addEventHandler(for: OrderPlaced.self, name: "first") { _, handling in
            handling.context.append("first")
            return nil
        }
        bus.addEventHandler(for: OrderPlaced.self, name: "broken") { _, handling in
            handling.context.append("broken")
            throw Boom(text: "disk full")
        }
        bus.addEventHandler(for: OrderPlaced.self, name: "third") { order, handling in
            handling.context.append("third")
            handling.emit(StockReserved(orderID: order.orderID))
            return "reserved"
        }
        bus.addEventHandler(for: StockReserved.self) { _, handling in
            handling.context.append("StockReserved")
            return nil
        }

        let cascade = bus.startCascade(OrderPlaced(orderID: 3, sku: "DESK", qty: 1))
        try cascade.run()

        XCTAssertEqual(bus.context, ["first", "broken", "third", "StockReserved"])
        XCTAssertNil(cascade.failure)
        XCTAssertEqual(cascade.errorCount, 1)
        XCTAssertEqual(cascade.dispatchedCount, 2)
        XCTAssertEqual(cascade.handlerRunCount, 4)
        XCTAssertEqual(cascade.results.map(\.handlerName), ["first", "broken", "third", "StockReservedHandler"])
        XCTAssertEqual(cascade.results.map(\.succeeded), [true, false, true, true])
        XCTAssertEqual(cascade.results[1].error as? Boom, Boom(text: "disk full"))
        XCTAssertNil(cascade.results[1].value)
        XCTAssertEqual(cascade.results[2].value as? String, "reserved")

        let entries = log.entries
        XCTAssertEqual(entries.count, 1)
        XCTAssertEqual(entries.first?.level, .error)
        XCTAssertEqual(entries.first?.message, "event handler broken failed for OrderPlaced: disk full")
        XCTAssertEqual(entries.first?.metadata["message"], "OrderPlaced")
        XCTAssertEqual(entries.first?.metadata["handler"], "broken")
        XCTAssertEqual(entries.first?.metadata["message_id"], "1")
    }

    func testEventWithoutHandlersIsNotAnError() throws {
        let bus = MessageBus(context: 0)
        let cascade = bus.startCascade(Ping(label: "nobody listens"))
        let report = try cascade.dispatchNext()

        XCTAssertEqual(report?.results.count, 0)
        XCTAssertEqual(report?.emitted.count, 0)
        XCTAssertTrue(cascade.isFinished)
        XCTAssertNil(cascade.failure)
        XCTAssertEqual(cascade.dispatchedCount, 1)
        XCTAssertEqual(cascade.handlerRunCount, 0)
        XCTAssertEqual(cascade.errorCount, 0)
    }

    func testEventHandlerListsCanBeReplaced() throws {
        let bus = MessageBus(context: [String]())
        let first = RegisteredEventHandler<[String]>(name: "a") { _, handling in
            handling.context.append("a")
            return nil
        }
        let second = RegisteredEventHandler<[String]>(name: "b") { _, handling in
            handling.context.append("b")
            return nil
        }
        bus.addEventHandler(first, forMessageNamed: "Ping")
        bus.addEventHandler(second, forMessageNamed: "Ping")
        XCTAssertEqual(bus.eventHandlers(forMessageNamed: "Ping").map(\.name), ["a", "b"])

        bus.setEventHandlers([second, first], forMessageNamed: "Ping")
        try bus.handle(Ping(label: ""))
        XCTAssertEqual(bus.context, ["b", "a"])

        bus.setEventHandlers([], forMessageNamed: "Ping")
        XCTAssertEqual(bus.eventHandlers(forMessageNamed: "Ping").count, 0)
        XCTAssertEqual(try bus.handle(Ping(label: "")).count, 0)
    }
}
