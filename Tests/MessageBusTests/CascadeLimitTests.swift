import MessageBus
import XCTest

/// A cascade may dispatch at most `cascadeLimit` messages, the root included.
final class CascadeLimitTests: XCTestCase {
    /// A bus whose `Ping` handler emits `Ping`s labelled with a counter, `width` each time.
    private func endlessBus(width: Int = 1) -> MessageBus<Int> {
        let bus = MessageBus(context: 0)
        bus.addEventHandler(for: Ping.self) { _, handling in
            handling.context += 1
            for _ in 0..<width { handling.emit(Ping(label: "again")) }
            return nil
        }
        return bus
    }

    func testEndlessCascadeStopsAtTheLimit() {
        let bus = endlessBus()
        bus.cascadeLimit = 5
        let cascade = bus.startCascade(Ping(label: "start"))

        XCTAssertThrowsError(try cascade.run()) { error in
            guard case MessageBusError.cascadeLimitExceeded(let limit) = error else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(limit, 5)
            XCTAssertTrue("\(error)".contains("cascade limit"))
        }
        XCTAssertEqual(cascade.dispatchedCount, 5)
        XCTAssertEqual(cascade.handlerRunCount, 5)
        XCTAssertEqual(cascade.errorCount, 0)
        XCTAssertEqual(bus.context, 5)
        XCTAssertTrue(cascade.isFinished)
        XCTAssertTrue(cascade.pending.isEmpty)
        XCTAssertNotNil(cascade.failure)
    }

    func testHandleFailsAtTheDefaultLimit() {
        let bus = endlessBus(width: 2)
        XCTAssertEqual(bus.cascadeLimit, 10_000)
        XCTAssertThrowsError(try bus.handle(Ping(label: "start"))) { error in
            XCTAssertEqual("\(error)", "cascade limit of 10000 messages exceeded")
        }
        XCTAssertEqual(bus.context, 10_000)
    }

    func testCascadeOfExactlyTheLimitSucceeds() throws {
        let bus = MessageBus(context: 0)
        bus.addEventHandler(for: Ping.self) { _, handling in
            handling.context += 1
            if handling.context < 3 { handling.emit(Ping(label: "next")) }
            return nil
        }
        bus.cascadeLimit = 3
        let cascade = bus.startCascade(Ping(label: "start"))
        try cascade.run()
        XCTAssertEqual(cascade.dispatchedCount, 3)
        XCTAssertNil(cascade.failure)
    }
}
