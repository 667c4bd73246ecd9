import MessageBus
import XCTest

/// Observers are told about dispatches, handler runs and emissions, in the
/// documented order, with causation ids.
final class ObserverTests: XCTestCase {
    private func shopBus() -> MessageBus<Int> {
        let bus = MessageBus(context: 0, logger: .quiet)
        bus.setCommandHandler(for: PlaceOrder.self) { order, handling in
            handling.emit(OrderPlaced(orderID: order.orderID, sku: order.sku, qty: order.qty))
            return "accepted"
        }
        bus.addEventHandler(for: OrderPlaced.self, name: "reserve") { order, handling in
            handling.emit(StockReserved(orderID: order.orderID))
            handling.emit(NotifyCustomer(orderID: order.orderID, text: "placed"))
            return nil
        }
        bus.addEventHandler(for: OrderPlaced.self, name: "audit") { _, _ in throw Boom(text: "audit down") }
        bus.setCommandHandler(for: NotifyCustomer.self, name: "mailer") { _, handling in
            handling.context += 1
            return handling.context
        }
        return bus
    }

    func testObserverSeesEventsInOrderWithCausation() throws {
        let bus = shopBus()
        let observer = RecordingObserver()
        bus.addObserver(observer)

        try bus.handle(PlaceOrder(orderID: 1, sku: "LAMP", qty: 1))

        XCTAssertEqual(observer.lines, [
            "dispatch 1 PlaceOrder cause=nil handlers=1",
            "will PlaceOrderHandler 1",
            "did PlaceOrderHandler 1 ok accepted",
            "emit 2 OrderPlaced cause=1 from PlaceOrderHandler",
            "dispatch 2 OrderPlaced cause=1 handlers=2",
            "will reserve 2",
            "did reserve 2 ok nil",
            "emit 3 StockReserved cause=2 from reserve",
            "emit 4 NotifyCustomer cause=2 from reserve",
            "will audit 2",
            "did audit 2 failed audit down",
            "dispatch 3 StockReserved cause=2 handlers=0",
            "unhandled 3 StockReserved",
            "dispatch 4 NotifyCustomer cause=2 handlers=1",
            "will mailer 4",
            "did mailer 4 ok 1",
        ])
        XCTAssertEqual(observer.durations.count, 4)
        XCTAssertTrue(observer.durations.allSatisfy { $0 >= .zero })
    }

    func testMissingCommandHandlerIsOnlyADispatch() {
        let bus = MessageBus(context: 0)
        let observer = RecordingObserver()
        bus.addObserver(observer)
        XCTAssertThrowsError(try bus.handle(Start(label: "")))
        XCTAssertEqual(observer.lines, ["dispatch 1 Start cause=nil handlers=0"])
    }

    func testRemovedAndDuplicateObservers() throws {
        let bus = shopBus()
        let first = RecordingObserver()
        let second = RecordingObserver()
        bus.addObserver(first)
        bus.addObserver(first)
        bus.addObserver(second)
        try bus.handle(NotifyCustomer(orderID: 1, text: "hi"))
        bus.removeObserver(first)
        try bus.handle(NotifyCustomer(orderID: 2, text: "hi"))

        XCTAssertEqual(first.lines, [
            "dispatch 1 NotifyCustomer cause=nil handlers=1",
            "will mailer 1",
            "did mailer 1 ok 1",
        ])
        XCTAssertEqual(second.lines.count, 6)
        XCTAssertEqual(second.lines.last, "did mailer 2 ok 2")
    }

    func testObserverWithOnlySomeMethods() throws {
        final class Counter: MessageBusObserver {
            var dispatches = 0
            func messageBus(didDispatch envelope: Envelope, handlerCount: Int) { dispatches += 1 }
        }
        let bus = shopBus()
        let counter = Counter()
        bus.addObserver(counter)
        try bus.handle(PlaceOrder(orderID: 1, sku: "LAMP", qty: 1))
        XCTAssertEqual(counter.dispatches, 4)
    }
}
