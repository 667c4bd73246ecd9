import MessageBus
import XCTest

/// A `CascadeAbortingError` is never caught, wrapped or recorded: it ends the
/// whole cascade, even from an event handler.
final class CascadeAbortingErrorTests: XCTestCase {
    func testAbortingErrorFromAnEventHandlerEndsTheCascade() {
        let log = LogRecorder()
        let bus = MessageBus(context: [String](), logger: log.logger())
        let observer = RecordingObserver()
        bus.addObserver(observer)
        bus.setCommandHandler(for: Start.self) { _, handling in
            handling.emit(Ping(label: "crash here"))
            handling.emit(Ping(label: "never dispatched"))
            return nil
        }
        bus.addEventHandler(
            RegisteredEventHandler(
                name: "crasher",
                body: { _, handling in
                    handling.context.append("crasher")
                    handling.emit(Start(label: "never queued"))
                    throw Crash()
                },
                after: { _, handling in handling.context.append("crasher after") }
            ),
            forMessageNamed: "Ping"
        )
        bus.addEventHandler(for: Ping.self, name: "sibling") { _, handling in
            handling.context.append("sibling")
            return nil
        }

        let cascade = bus.startCascade(Start(label: ""))
        XCTAssertThrowsError(try cascade.run()) { error in
            XCTAssertEqual(error as? Crash, Crash())
        }

        XCTAssertEqual(bus.context, ["crasher", "crasher after"])
        XCTAssertTrue(cascade.isFinished)
        XCTAssertTrue(cascade.pending.isEmpty)
        XCTAssertEqual(cascade.failure as? Crash, Crash())
        XCTAssertEqual(cascade.errorCount, 0)
        XCTAssertEqual(cascade.dispatchedCount, 2)
        XCTAssertEqual(cascade.handlerRunCount, 2)
        XCTAssertEqual(cascade.results.map(\.handlerName), ["StartHandler"])
        XCTAssertFalse(log.entries.contains { $0.level >= .error })
        XCTAssertEqual(observer.lines.suffix(3), [
            "dispatch 2 Ping cause=1 handlers=2",
            "will crasher 2",
            "did crasher 2 failed Crash()",
        ])
    }

    func testAbortingErrorFromACommandHandlerIsNotWrapped() {
        let bus = MessageBus(context: 0)
        bus.setCommandHandler(for: Start.self) { _, _ in throw Crash() }
        let cascade = bus.startCascade(Start(label: ""))

        XCTAssertThrowsError(try cascade.run()) { error in
            XCTAssertEqual(error as? Crash, Crash())
        }
        XCTAssertEqual(cascade.errorCount, 0)
        XCTAssertEqual(cascade.results.count, 0)
    }

    func testAbortingErrorStopsABatch() {
        let bus = MessageBus(context: [String]())
        bus.addEventHandler(for: Ping.self) { ping, handling in
            if ping.label == "crash" { throw Crash() }
            handling.context.append(ping.label)
            return nil
        }
        XCTAssertThrowsError(try bus.batchHandle([Ping(label: "a"), Ping(label: "crash"), Ping(label: "c")])) { error in
            XCTAssertTrue(error is Crash)
        }
        XCTAssertEqual(bus.context, ["a"])
    }
}
