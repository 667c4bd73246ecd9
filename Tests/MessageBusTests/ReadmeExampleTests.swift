import MessageBus
import XCTest

/// The README's "Using MessageBus as a library" example, as written there.
final class ReadmeExampleTests: XCTestCase {
    private struct PlaceOrder: Command { var orderID: Int; var sku: String }
    private struct OrderPlaced: Event { var orderID: Int; var sku: String }
    private struct OutOfStock: Error { var sku: String }

    func testTheReadmeExampleRunsAsDocumented() throws {
        let bus = MessageBus(context: ["LAMP": 1])  // the context every handler shares
        bus.setCommandHandler(for: PlaceOrder.self) { order, handling in
            guard handling.context[order.sku, default: 0] > 0 else { throw OutOfStock(sku: order.sku) }
            handling.context[order.sku, default: 0] -= 1
            handling.emit(OrderPlaced(orderID: order.orderID, sku: order.sku))
            return "accepted"
        }
        bus.addEventHandler(for: OrderPlaced.self, name: "mailer") { event, _ in "mailed order \(event.orderID)" }
        let results = try bus.handle(PlaceOrder(orderID: 1, sku: "LAMP"))
        XCTAssertEqual(results.map { "\($0.handlerName): \($0.value ?? "nil")" }, ["PlaceOrderHandler: accepted", "mailer: mailed order 1"])
        XCTAssertThrowsError(try bus.handle(PlaceOrder(orderID: 2, sku: "LAMP"))) { error in
            XCTAssertEqual(String(describing: error), "OutOfStock(sku: \"LAMP\")")
        }
    }
}
