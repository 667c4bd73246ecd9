import MessageBus
import XCTest

/// Cancelling the task that awaits the bus stops the cascade cleanly: no
/// further dispatch, `CancellationError`, nothing half recorded.
final class CancellationTests: XCTestCase {
    /// `Start` queues `Ping(wait)` then `Ping(later)`. The handler of
    /// `Ping(wait)` emits a child, says it started, and awaits until
    /// cancelled. Once cancelled, neither `Ping(later)` nor the child is
    /// dispatched, and the child is not even queued.
    func testCancellingTheCallerStopsTheCascade() async throws {
        let bus = AsyncMessageBus(context: [String]())
        let observer = RecordingObserver()
        await bus.addObserver(observer)
        let started = Signal()
        await bus.setCommandHandler(for: Start.self) { _, handling in
            handling.emit(Ping(label: "wait"))
            handling.emit(Ping(label: "later"))
            return nil
        }
        await bus.addEventHandler(for: Ping.self, name: "waiter") { ping, handling in
            await handling.withContext { $0.append("ran \(ping.label)") }
            if ping.label == "wait" {
                handling.emit(Ping(label: "child"))
                started.fire()
                try await waitUntilCancelled("the test to cancel the cascade")
            }
            return nil
        }
        await bus.addEventHandler(for: Ping.self, name: "sibling") { _, _ in "done" }

        let cascade = Task { try await bus.handle(Start(label: "s")) }
        try await started.wait("the handler to start")
        cascade.cancel()
        let outcome = await cascade.result

        XCTAssertThrowsError(try outcome.get()) { error in
            XCTAssertTrue(error is CancellationError, "unexpected \(error)")
        }
        XCTAssertEqual(observer.dispatched, ["Start(s)", "Ping(wait)"])
        XCTAssertEqual(observer.lines.filter { $0.hasPrefix("emit") }, [
            "emit 2 Ping(wait) cause=1 from StartHandler",
            "emit 3 Ping(later) cause=1 from StartHandler",
        ])
        let context = await bus.context
        XCTAssertEqual(context, ["ran wait"])

        // The bus is fine afterwards.
        let results = try await bus.handle(Ping(label: "again"))
        XCTAssertEqual(results.map(\.handlerName), ["waiter", "sibling"])
    }

    /// A command handler interrupted by the cancellation fails the call with
    /// `CancellationError`, not as a failed handler.
    func testCancelledCommandHandlerGivesCancellationError() async throws {
        let bus = AsyncMessageBus(context: 0)
        let started = Signal()
        await bus.setCommandHandler(for: Start.self) { _, handling in
            handling.emit(Ping(label: "never"))
            started.fire()
            try await waitUntilCancelled()
            return nil
        }
        let observer = RecordingObserver()
        await bus.addObserver(observer)

        let cascade = Task { try await bus.handle(Start(label: "s")) }
        try await started.wait()
        cascade.cancel()

        do {
            _ = try await cascade.value
            XCTFail("the cascade was not cancelled")
        } catch {
            XCTAssertTrue(error is CancellationError, "unexpected \(error)")
        }
        XCTAssertEqual(observer.dispatched, ["Start(s)"])
        XCTAssertEqual(observer.lines.last, "did StartHandler 1 failed CancellationError()")
    }

    /// A task cancelled before it calls `handle` dispatches nothing.
    func testAlreadyCancelledTaskDispatchesNothing() async throws {
        let bus = AsyncMessageBus(context: 0)
        let observer = RecordingObserver()
        await bus.addObserver(observer)
        await bus.addEventHandler(for: Ping.self) { _, _ in nil }

        let cascade = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await bus.handle(Ping(label: "p"))
        }
        let outcome = await cascade.result

        XCTAssertThrowsError(try outcome.get()) { error in
            XCTAssertTrue(error is CancellationError, "unexpected \(error)")
        }
        XCTAssertEqual(observer.lines, [])
    }

    /// Cancelling a batch stops its running cascades, starts no other, and
    /// throws `CancellationError`.
    func testCancellingABatchStopsIt() async throws {
        let bus = AsyncMessageBus(context: 0)
        let running = InFlightCounter()
        let bothStarted = Barrier(parties: 3)
        await bus.setCommandHandler(for: Start.self) { _, _ in
            running.enter()
            defer { running.leave() }
            try await bothStarted.arriveAndWait()
            try await waitUntilCancelled()
            return nil
        }

        let batch = Task { try await bus.batchHandle((0..<6).map { Start(label: "\($0)") }, maxConcurrency: 2) }
        try await bothStarted.arriveAndWait("two cascades to start")
        batch.cancel()
        let outcome = await batch.result

        XCTAssertThrowsError(try outcome.get()) { error in
            XCTAssertTrue(error is CancellationError, "unexpected \(error)")
        }
        XCTAssertEqual(running.entries, 2)
        XCTAssertEqual(running.current, 0)
    }
}
