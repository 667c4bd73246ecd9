import MessageBus
import XCTest

/// The handlers of one event run concurrently, and what they emit is still
/// queued in registration order.
final class ConcurrentEventHandlerTests: XCTestCase {
    /// Two handlers that each wait for the other at a barrier: run one after
    /// the other, the first would wait in vain and fail.
    func testHandlersOfOneEventOverlap() async throws {
        let bus = AsyncMessageBus(context: 0)
        let barrier = Barrier(parties: 2)
        let running = InFlightCounter()
        for name in ["left", "right"] {
            await bus.addEventHandler(for: Ping.self, name: name) { _, _ in
                running.enter()
                defer { running.leave() }
                try await barrier.arriveAndWait(name)
                return name
            }
        }

        let results = try await bus.handle(Ping(label: "p"))

        XCTAssertEqual(results.map(\.handlerName), ["left", "right"])
        XCTAssertEqual(results.map { $0.value as? String }, ["left", "right"])
        XCTAssertEqual(running.maximum, 2)
    }

    /// Three handlers forced to finish in reverse registration order: their
    /// results and emissions still follow registration order.
    func testEmissionsAreQueuedInRegistrationOrderWhateverTheOrderOfCompletion() async throws {
        let bus = AsyncMessageBus(context: 0)
        let done = Signals()
        let finished = Lines()
        let observer = RecordingObserver()
        await bus.addObserver(observer)
        for (index, name) in ["first", "second", "third"].enumerated() {
            await bus.addEventHandler(for: Ping.self, name: name) { ping, handling in
                guard ping.label == "root" else { return nil }
                if index < 2 {
                    // "first" waits for "second", which waits for "third".
                    try await done["\(index + 1)"].wait("handler \(index + 1)")
                }
                handling.emit(Ping(label: "\(name)-a"))
                handling.emit(Ping(label: "\(name)-b"))
                finished.append(name)
                done["\(index)"].fire()
                return nil
            }
        }

        let results = try await bus.handle(Ping(label: "root"))

        XCTAssertEqual(finished.all, ["third", "second", "first"])
        XCTAssertEqual(Array(results.prefix(3).map(\.handlerName)), ["first", "second", "third"])
        XCTAssertEqual(observer.lines.filter { $0.hasPrefix("emit") }.prefix(6), [
            "emit 2 Ping(first-a) cause=1 from first",
            "emit 3 Ping(first-b) cause=1 from first",
            "emit 4 Ping(second-a) cause=1 from second",
            "emit 5 Ping(second-b) cause=1 from second",
            "emit 6 Ping(third-a) cause=1 from third",
            "emit 7 Ping(third-b) cause=1 from third",
        ])
        XCTAssertEqual(observer.dispatched, [
            "Ping(root)", "Ping(first-a)", "Ping(first-b)", "Ping(second-a)", "Ping(second-b)", "Ping(third-a)", "Ping(third-b)",
        ])
    }

    /// For each message, observers see every handler start and finish before
    /// the message's emissions.
    func testObserversSeeHandlersThenEmissions() async throws {
        let bus = AsyncMessageBus(context: 0)
        let barrier = Barrier(parties: 2)
        let observer = RecordingObserver()
        await bus.addObserver(observer)
        await bus.addObserver(observer)  // a second registration is ignored
        for name in ["a", "b"] {
            await bus.addEventHandler(for: Ping.self, name: name) { ping, handling in
                guard ping.label == "root" else { return nil }
                try await barrier.arriveAndWait()
                handling.emit(Note(label: name))
                return nil
            }
        }

        try await bus.handle(Ping(label: "root"))

        let lines = observer.lines
        XCTAssertEqual(lines.first, "dispatch 1 Ping(root) cause=nil handlers=2")
        XCTAssertEqual(Set(lines[1...4]), ["will a 1", "will b 1", "did a 1 ok nil", "did b 1 ok nil"])
        XCTAssertEqual(Array(lines[5...]), [
            "emit 2 Note(a) cause=1 from a",
            "emit 3 Note(b) cause=1 from b",
            "dispatch 2 Note(a) cause=1 handlers=0",
            "unhandled 2 Note(a)",
            "dispatch 3 Note(b) cause=1 handlers=0",
            "unhandled 3 Note(b)",
        ])

        await bus.removeObserver(observer)
        try await bus.handle(Note(label: "unobserved"))
        XCTAssertEqual(observer.lines.count, lines.count)
    }

    /// A handler that throws a cascade-aborting error cancels its siblings
    /// and ends the cascade with that error.
    func testCascadeAbortingErrorCancelsTheSiblingsAndEndsTheCascade() async throws {
        let bus = AsyncMessageBus(context: [String](), logger: .quiet)
        let observer = RecordingObserver()
        await bus.addObserver(observer)
        let siblingCancelled = Signal()
        await bus.setCommandHandler(for: Start.self) { _, handling in
            handling.emit(Ping(label: "crash"))
            handling.emit(Ping(label: "never"))
            return nil
        }
        await bus.addEventHandler(for: Ping.self, name: "waits") { ping, _ in
            guard ping.label == "crash" else { return nil }
            do {
                try await waitUntilCancelled()
            } catch is CancellationError {
                siblingCancelled.fire()
                throw CancellationError()
            }
            return nil
        }
        await bus.addEventHandler(for: Ping.self, name: "crashes") { ping, _ in
            if ping.label == "crash" { throw Crash() }
            return nil
        }

        do {
            try await bus.handle(Start(label: "s"))
            XCTFail("the cascade did not fail")
        } catch {
            XCTAssertEqual(error as? Crash, Crash())
        }
        XCTAssertTrue(siblingCancelled.isFired)
        XCTAssertEqual(observer.dispatched, ["Start(s)", "Ping(crash)"])
    }
}
