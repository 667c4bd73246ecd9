import MessageBus
import XCTest

/// `batchHandle` runs cascades concurrently, never more than
/// `maxConcurrency` at once, and reports every message's outcome in input order.
final class BatchHandleTests: XCTestCase {
    /// Four cascades forced to finish in reverse input order (each waits for
    /// the next one's), with a failing command and a command without handler
    /// among them: every outcome is at its input's position.
    func testResultsAreInInputOrderWithFailuresReported() async throws {
        let bus = AsyncMessageBus(context: 0, logger: .quiet)
        let finished = Signals()
        await bus.setCommandHandler(for: Start.self) { start, handling in
            guard let index = Int(start.label) else { throw Boom(text: "bad label \(start.label)") }
            defer { finished["\(index)"].fire() }
            if index < 3 {
                try await finished["\(index + 1)"].wait("cascade \(index + 1)")
            }
            handling.emit(Ping(label: start.label))
            return index
        }
        await bus.addEventHandler(for: Ping.self) { ping, _ in "pinged \(ping.label)" }

        let messages: [any Message] = [
            Start(label: "0"), Start(label: "x"), Start(label: "1"), NotifyCustomer(orderID: 7), Start(label: "2"), Start(label: "3"),
        ]
        let outcomes = try await bus.batchHandle(messages, maxConcurrency: 6)

        XCTAssertEqual(outcomes.count, 6)
        for (position, index) in [(0, 0), (2, 1), (4, 2), (5, 3)] {
            let results = try outcomes[position].get()
            XCTAssertEqual(results.map(\.handlerName), ["StartHandler", "PingHandler"], "input \(position)")
            XCTAssertEqual(results.first?.value as? Int, index, "input \(position)")
            XCTAssertEqual(results.last?.value as? String, "pinged \(index)", "input \(position)")
        }
        XCTAssertThrowsError(try outcomes[1].get()) { error in
            guard case MessageBusError.commandHandlerFailed(_, _, let underlying) = error else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(underlying as? Boom, Boom(text: "bad label x"))
        }
        XCTAssertThrowsError(try outcomes[3].get()) { error in
            XCTAssertEqual("\(error)", "no handler for NotifyCustomer")
        }
    }

    /// Twelve two-level cascades, at most three at once. Each is counted as
    /// running from its command's handler to the end of its event's handler,
    /// which waits at a barrier for three parties: three cascades must be
    /// running together for any to finish, and a fourth never starts early.
    func testMaxConcurrencyIsNeverExceeded() async throws {
        for maxConcurrency in [1, 3, 5] {
            let counts = try await runCountedBatch(messages: 4 * maxConcurrency, maxConcurrency: maxConcurrency)
            XCTAssertEqual(counts.maximum, maxConcurrency, "maxConcurrency \(maxConcurrency)")
            XCTAssertEqual(counts.entries, 4 * maxConcurrency, "maxConcurrency \(maxConcurrency)")
            XCTAssertEqual(counts.current, 0, "maxConcurrency \(maxConcurrency)")
        }
    }

    func testDefaultMaxConcurrencyIsFive() async throws {
        let counts = try await runCountedBatch(messages: 10, maxConcurrency: nil)
        XCTAssertEqual(counts.maximum, 5)
    }

    func testMaxConcurrencyBelowOneCountsAsOne() async throws {
        let counts = try await runCountedBatch(messages: 3, maxConcurrency: 0, barrierParties: 1)
        XCTAssertEqual(counts.maximum, 1)
    }

    private func runCountedBatch(messages count: Int, maxConcurrency: Int?, barrierParties: Int? = nil) async throws -> InFlightCounter {
        let bus = AsyncMessageBus(context: 0)
        let running = InFlightCounter()
        let barrier = Barrier(parties: barrierParties ?? maxConcurrency ?? 5)
        await bus.setCommandHandler(for: Start.self) { start, handling in
            running.enter()
            handling.emit(Ping(label: start.label))
            return nil
        }
        await bus.addEventHandler(for: Ping.self) { ping, _ in
            defer { running.leave() }
            try await barrier.arriveAndWait("cascade \(ping.label)")
            return nil
        }
        let messages = (0..<count).map { Start(label: "\($0)") }
        let outcomes = if let maxConcurrency {
            try await bus.batchHandle(messages, maxConcurrency: maxConcurrency)
        } else {
            try await bus.batchHandle(messages)
        }
        for (index, outcome) in outcomes.enumerated() {
            let results = try outcome.get()
            XCTAssertEqual(results.map(\.envelope.label), ["Start(\(index))", "Ping(\(index))"])
            XCTAssertTrue(results.allSatisfy(\.succeeded), "cascade \(index): \(results.compactMap(\.error))")
        }
        return running
    }

    func testCascadeAbortingErrorStopsTheBatch() async throws {
        let bus = AsyncMessageBus(context: [String]())
        await bus.setCommandHandler(for: Start.self) { start, handling in
            if start.label == "crash" { throw Crash() }
            await handling.withContext { $0.append(start.label) }
            return nil
        }
        do {
            _ = try await bus.batchHandle([Start(label: "a"), Start(label: "crash"), Start(label: "b")], maxConcurrency: 1)
            XCTFail("the batch did not fail")
        } catch {
            XCTAssertEqual(error as? Crash, Crash())
        }
        let context = await bus.context
        XCTAssertEqual(context, ["a"])
    }

    func testEveryResultOfALargeBatchIsAtItsInput() async throws {
        let bus = AsyncMessageBus(context: 0)
        await bus.setCommandHandler(for: Start.self) { start, handling in
            handling.emit(Ping(label: start.label))
            return start.label
        }
        await bus.addEventHandler(for: Ping.self, name: "first") { _, _ in nil }
        await bus.addEventHandler(for: Ping.self, name: "second") { _, _ in nil }

        let outcomes = try await bus.batchHandle((0..<500).map { Start(label: "\($0)") }, maxConcurrency: 7)

        XCTAssertEqual(outcomes.count, 500)
        for (index, outcome) in outcomes.enumerated() {
            let results = try outcome.get()
            XCTAssertEqual(results.map(\.envelope.label), ["Start(\(index))", "Ping(\(index))", "Ping(\(index))"])
            XCTAssertEqual(results.map(\.handlerName), ["StartHandler", "first", "second"])
        }
        let nextID = await bus.nextMessageID
        XCTAssertEqual(nextID, 1001)
    }

    func testEmptyBatch() async throws {
        let bus = AsyncMessageBus(context: 0)
        let outcomes = try await bus.batchHandle([])
        XCTAssertTrue(outcomes.isEmpty)
    }
}
