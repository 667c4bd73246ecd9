import MessageBus
import XCTest

/// A cascade can be started without dispatching and advanced one message at a time.
final class SteppingTests: XCTestCase {
    func testStartCascadeQueuesTheRootAndDispatchesNothing() throws {
        let bus = MessageBus(context: [String]())
        bus.setCommandHandler(for: Start.self) { start, handling in
            handling.context.append(start.label)
            handling.emit(Ping(label: "a"))
            handling.emit(Ping(label: "b"))
            return "started"
        }
        bus.addEventHandler(for: Ping.self) { ping, handling in
            handling.context.append(ping.label)
            return ping.label.uppercased()
        }

        let cascade = bus.startCascade(Start(label: "root"))
        XCTAssertEqual(cascade.root.id, 1)
        XCTAssertNil(cascade.root.causationID)
        XCTAssertEqual(cascade.pending.map(\.id), [1])
        XCTAssertFalse(cascade.isFinished)
        XCTAssertEqual(cascade.dispatchedCount, 0)
        XCTAssertEqual(bus.context, [])
        XCTAssertEqual(bus.nextMessageID, 2)

        let first = try XCTUnwrap(try cascade.dispatchNext())
        XCTAssertEqual(first.envelope.id, 1)
        XCTAssertEqual(first.results.map { $0.value as? String }, ["started"])
        XCTAssertEqual(first.emitted.map(\.id), [2, 3])
        XCTAssertEqual(first.emitted.map(\.causationID), [1, 1])
        XCTAssertEqual(cascade.pending.map(\.id), [2, 3])
        XCTAssertEqual(cascade.pending.compactMap { ($0.message as? Ping)?.label }, ["a", "b"])
        XCTAssertEqual(bus.context, ["root"])

        let second = try XCTUnwrap(try cascade.dispatchNext())
        XCTAssertEqual(second.envelope.id, 2)
        XCTAssertEqual(second.results.map { $0.value as? String }, ["A"])
        XCTAssertEqual(cascade.pending.map(\.id), [3])
        XCTAssertFalse(cascade.isFinished)

        try cascade.run()
        XCTAssertTrue(cascade.isFinished)
        XCTAssertEqual(cascade.pending.count, 0)
        XCTAssertNil(try cascade.dispatchNext())
        XCTAssertEqual(bus.context, ["root", "a", "b"])
        XCTAssertEqual(cascade.dispatchedCount, 3)
        XCTAssertEqual(cascade.handlerRunCount, 3)
        XCTAssertEqual(cascade.results.map(\.envelope.id), [1, 2, 3])
    }

    func testMessageIDsCountPerBusAndCanBeReset() throws {
        let bus = MessageBus(context: 0)
        bus.addEventHandler(for: Ping.self) { _, _ in nil }
        try bus.handle(Ping(label: ""))
        XCTAssertEqual(bus.startCascade(Ping(label: "")).root.id, 2)
        XCTAssertEqual(bus.nextMessageID, 3)

        bus.nextMessageID = MessageID(1)
        XCTAssertEqual(bus.startCascade(Ping(label: "")).root.id, 1)
        XCTAssertEqual(MessageBus(context: 0).startCascade(Ping(label: "")).root.id, 1)
    }

    func testTwoCascadesStepIndependently() throws {
        let bus = MessageBus(context: [String]())
        bus.addEventHandler(for: Ping.self) { ping, handling in
            handling.context.append(ping.label)
            return nil
        }
        let one = bus.startCascade(Ping(label: "one"))
        let two = bus.startCascade(Ping(label: "two"))
        try two.dispatchNext()
        try one.dispatchNext()
        XCTAssertEqual(bus.context, ["two", "one"])
        XCTAssertTrue(one.isFinished && two.isFinished)
    }
}
