import MessageBus
import XCTest

/// The context is shared by every handler of a bus and settable by its user.
final class ContextTests: XCTestCase {
    struct Shop {
        var stock: [String: Int]
        var mails = 0
    }

    func testHandlersShareAndMutateTheContext() throws {
        let bus = MessageBus(context: Shop(stock: ["LAMP": 5, "DESK": 1]))
        bus.setCommandHandler(for: PlaceOrder.self) { order, handling in
            let have = handling.context.stock[order.sku, default: 0]
            guard have >= order.qty else { throw Boom(text: "out of stock: \(order.sku)") }
            handling.context.stock[order.sku] = have - order.qty
            handling.emit(OrderPlaced(orderID: order.orderID, sku: order.sku, qty: order.qty))
            return "accepted"
        }
        bus.addEventHandler(for: OrderPlaced.self) { _, handling in
            handling.context.mails += 1
            return handling.context.stock
        }

        let results = try bus.handle(PlaceOrder(orderID: 1, sku: "LAMP", qty: 2))
        XCTAssertEqual(results.last?.value as? [String: Int], ["LAMP": 3, "DESK": 1])
        XCTAssertEqual(bus.context.stock, ["LAMP": 3, "DESK": 1])
        XCTAssertEqual(bus.context.mails, 1)

        bus.context.stock["DESK"] = 0
        XCTAssertThrowsError(try bus.handle(PlaceOrder(orderID: 2, sku: "DESK", qty: 1))) { error in
            XCTAssertEqual("\(error)", "out of stock: DESK")
        }
        XCTAssertEqual(bus.context.mails, 1)

        bus.context = Shop(stock: ["DESK": 4])
        try bus.handle(PlaceOrder(orderID: 3, sku: "DESK", qty: 4))
        XCTAssertEqual(bus.context.stock, ["DESK": 0])
        XCTAssertEqual(bus.context.mails, 1)
    }

    func testDictionaryContextLikeTheSeed() throws {
        let bus = MessageBus()
        bus.context["greeting"] = "hello"
        bus.setCommandHandler(for: Start.self) { start, handling in
            let greeting = handling.context["greeting"] as? String ?? "?"
            handling.context["count"] = (handling.context["count"] as? Int ?? 0) + 1
            return "\(greeting) \(start.label)"
        }

        let results = try bus.handle(Start(label: "Ada"))
        try bus.handle(Start(label: "Grace"))

        XCTAssertEqual(results.first?.value as? String, "hello Ada")
        XCTAssertEqual(bus.context["count"] as? Int, 2)
    }

    func testWritesOfAFailingHandlerAreKept() {
        let bus = MessageBus(context: 0)
        bus.setCommandHandler(for: Start.self) { _, handling in
            handling.context = 41
            throw Boom(text: "after writing")
        }
        XCTAssertThrowsError(try bus.handle(Start(label: "")))
        XCTAssertEqual(bus.context, 41)
    }
}
