import Foundation
import MessageBus
import XCTest

// BEGIN README TYPES
struct PlaceOrder: Command { var orderID: Int; var sku: String }
struct OrderPlaced: Event { var orderID: Int; var sku: String }
struct OutOfStock: Error { var sku: String }
struct Shop: Sendable { var stock = ["LAMP": 5, "DESK": 0]; var log: [String] = [] }
// END README TYPES

/// The README's "The async bus" example, run as it is printed there: the
/// README must contain the code between the BEGIN and END lines of this file.
final class ReadmeExampleTests: XCTestCase {
    func testTheReadmeExampleRuns() async throws {
        // BEGIN README EXAMPLE
        let bus = AsyncMessageBus(context: Shop())
        await bus.setCommandHandler(for: PlaceOrder.self) { order, handling in
            try await handling.withContext { shop in // one atomic step on the bus's actor
                guard shop.stock[order.sku, default: 0] > 0 else { throw OutOfStock(sku: order.sku) }
                shop.stock[order.sku, default: 0] -= 1
            }
            handling.emit(OrderPlaced(orderID: order.orderID, sku: order.sku))
            return "accepted"
        }
        // The handlers of one event run concurrently; what they emit is queued in registration order.
        await bus.addEventHandler(for: OrderPlaced.self, name: "mail") { event, handling in
            await handling.withContext { $0.log.append("mail \(event.orderID)") }
            return nil
        }
        await bus.addEventHandler(for: OrderPlaced.self, name: "invoice") { event, handling in
            await handling.withContext { $0.log.append("invoice \(event.orderID)") }
            return nil
        }

        let results = try await bus.handle(PlaceOrder(orderID: 1, sku: "LAMP"))
        print(results.map(\.handlerName)) // ["PlaceOrderHandler", "mail", "invoice"]

        let orders = [PlaceOrder(orderID: 2, sku: "LAMP"), PlaceOrder(orderID: 3, sku: "DESK"), PlaceOrder(orderID: 4, sku: "LAMP")]
        let outcomes = try await bus.batchHandle(orders, maxConcurrency: 2) // one Result per order, in input order
        for (order, outcome) in zip(orders, outcomes) {
            if case .failure(let error) = outcome {
                print("order \(order.orderID) failed: \(error)") // order 3 failed: OutOfStock(sku: "DESK")
            }
        }
        // END README EXAMPLE

        XCTAssertEqual(results.map(\.handlerName), ["PlaceOrderHandler", "mail", "invoice"])
        XCTAssertEqual(results.first?.value as? String, "accepted")
        XCTAssertEqual(outcomes.map { (try? $0.get())?.count }, [3, nil, 3])
        XCTAssertThrowsError(try outcomes[1].get()) { error in
            XCTAssertEqual("\(error)", #"OutOfStock(sku: "DESK")"#)
        }
        let shop = await bus.context
        XCTAssertEqual(shop.stock, ["LAMP": 2, "DESK": 0])
        XCTAssertEqual(shop.log.sorted(), ["invoice 1", "invoice 2", "invoice 4", "mail 1", "mail 2", "mail 4"])
    }

    /// The README shows exactly the code above.
    func testTheReadmeShowsThisCode() throws {
        let testFile = URL(fileURLWithPath: #filePath)
        let source = try String(contentsOf: testFile, encoding: .utf8)
        let readmeURL = testFile.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        let readme = try String(contentsOf: readmeURL, encoding: .utf8)

        for (begin, end) in [("// BEGIN README TYPES", "// END README TYPES"), ("// BEGIN README EXAMPLE", "// END README EXAMPLE")] {
            let snippet = try XCTUnwrap(Self.snippet(in: source, between: begin, and: end), begin)
            XCTAssertFalse(snippet.isEmpty, begin)
            XCTAssertTrue(readme.contains(snippet), "README.md does not contain the code between \(begin) and \(end):\n\(snippet)")
        }
    }

    /// The lines strictly between the lines `begin` and `end`, with the
    /// indentation of the first line removed from every line.
    private static func snippet(in source: String, between begin: String, and end: String) -> String? {
        let lines = source.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == begin }),
              let stop = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == end }),
              start < stop
        else { return nil }
        let body = lines[(start + 1)..<stop]
        let indent = body.first.map { $0.prefix { $0 == " " }.count } ?? 0
        return body.map { String($0.dropFirst(min(indent, $0.prefix { $0 == " " }.count))) }.joined(separator: "\n")
    }
}
