import MessageBus
import XCTest

/// A cascade is dispatched from a FIFO queue: breadth-first, emissions appended
/// in handler order and, per handler, in emit order.
final class BreadthFirstOrderTests: XCTestCase {
    /// A → B, C; B → D, E; C → F; D → G. Depth-first would be A B D G E C F.
    func testThreeLevelCascadeIsDispatchedBreadthFirst() throws {
        let children = ["A": ["B", "C"], "B": ["D", "E"], "C": ["F"], "D": ["G"]]
        let bus = MessageBus(context: [String]())
        func record(_ label: String, _ handling: HandlerContext<[String]>) {
            let cause = handling.envelope.causationID.map { "\($0)" } ?? "-"
            handling.context.append("\(label)#\(handling.envelope.id)<\(cause)")
            for child in children[label, default: []] {
                handling.emit(Ping(label: child))
            }
        }
        bus.setCommandHandler(for: Start.self) { start, handling in
            record(start.label, handling)
            return nil
        }
        bus.addEventHandler(for: Ping.self) { ping, handling in
            record(ping.label, handling)
            return nil
        }

        let results = try bus.handle(Start(label: "A"))

        XCTAssertEqual(bus.context, ["A#1<-", "B#2<1", "C#3<1", "D#4<2", "E#5<2", "F#6<3", "G#7<4"])
        XCTAssertEqual(results.map(\.envelope.id.rawValue), [1, 2, 3, 4, 5, 6, 7])
        XCTAssertEqual(results.map(\.handlerName), ["StartHandler"] + Array(repeating: "PingHandler", count: 6))
    }

    func testEmissionsAreQueuedInHandlerOrderThenEmitOrder() throws {
        let bus = MessageBus(context: [String]())
        bus.setCommandHandler(for: Start.self) { _, handling in
            handling.emit(OrderPlaced(orderID: 1, sku: "LAMP", qty: 1))
            handling.emit(Ping(label: "z"))
            return nil
        }
        bus.addEventHandler(for: OrderPlaced.self, name: "first") { _, handling in
            handling.emit(Ping(label: "x1"))
            handling.emit(Ping(label: "x2"))
            return nil
        }
        bus.addEventHandler(for: OrderPlaced.self, name: "second") { _, handling in
            handling.emit(Ping(label: "y1"))
            return nil
        }
        bus.addEventHandler(for: Ping.self) { ping, handling in
            handling.context.append(ping.label)
            return nil
        }

        let results = try bus.handle(Start(label: "root"))

        XCTAssertEqual(bus.context, ["z", "x1", "x2", "y1"])
        XCTAssertEqual(results.map(\.handlerName), ["StartHandler", "first", "second", "PingHandler", "PingHandler", "PingHandler", "PingHandler"])
        XCTAssertEqual(results.map(\.envelope.id.rawValue), [1, 2, 2, 3, 4, 5, 6])
    }
}
