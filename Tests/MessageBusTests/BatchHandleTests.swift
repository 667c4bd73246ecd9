import MessageBus
import XCTest

/// `batchHandle` handles messages in order, each cascade to its end, and
/// stops at the first failing cascade.
final class BatchHandleTests: XCTestCase {
    private func bus() -> MessageBus<[String]> {
        let bus = MessageBus(context: [String]())
        bus.setCommandHandler(for: Start.self) { start, handling in
            if start.label == "bad" { throw Boom(text: "bad start") }
            handling.context.append("start \(start.label)")
            handling.emit(Ping(label: start.label))
            return start.label
        }
        bus.addEventHandler(for: Ping.self) { ping, handling in
            handling.context.append("ping \(ping.label)")
            return nil
        }
        return bus
    }

    func testEachCascadeRunsToItsEndBeforeTheNext() throws {
        let bus = bus()
        let results = try bus.batchHandle([Start(label: "1"), Start(label: "2"), Ping(label: "3")])

        XCTAssertEqual(bus.context, ["start 1", "ping 1", "start 2", "ping 2", "ping 3"])
        XCTAssertEqual(results.map(\.handlerName), ["StartHandler", "PingHandler", "StartHandler", "PingHandler", "PingHandler"])
        XCTAssertEqual(results.map(\.envelope.id), [1, 2, 3, 4, 5])
        XCTAssertEqual(results.map { $0.value as? String }, ["1", nil, "2", nil, nil])
    }

    func testFirstFailingCascadeStopsTheBatch() {
        let bus = bus()
        XCTAssertThrowsError(try bus.batchHandle([Start(label: "1"), Start(label: "bad"), Start(label: "3")])) { error in
            XCTAssertEqual("\(error)", "bad start")
        }
        XCTAssertEqual(bus.context, ["start 1", "ping 1"])
    }

    func testEmptyBatch() throws {
        XCTAssertEqual(try bus().batchHandle([]).count, 0)
    }
}
