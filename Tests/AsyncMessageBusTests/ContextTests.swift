import MessageBus
import XCTest

/// The shared context lives on the bus's actor: handlers running at the same
/// time read and change it one access at a time, and its user can too.
final class ContextTests: XCTestCase {
    struct Counters: Sendable, Equatable {
        var hits = 0
        var seen: [String] = []
    }

    /// Eight handlers of one event, all running at once (a barrier holds
    /// them until all have started), each add 1 a hundred times: no update
    /// is lost (and the thread sanitizer sees no race).
    func testConcurrentHandlersNeverLoseAnUpdate() async throws {
        let bus = AsyncMessageBus(context: Counters())
        let barrier = Barrier(parties: 8)
        for index in 0..<8 {
            await bus.addEventHandler(for: Ping.self, name: "adder \(index)") { _, handling in
                try await barrier.arriveAndWait()
                for _ in 0..<100 {
                    await handling.withContext { $0.hits += 1 }
                }
                return nil
            }
        }

        let results = try await bus.handle(Ping(label: "p"))

        XCTAssertEqual(results.filter(\.succeeded).count, 8)
        let hits = await bus.withContext { $0.hits }
        XCTAssertEqual(hits, 800)
    }

    func testHandlersSeeTheUsersContextAndTheUserSeesTheirs() async throws {
        let bus = AsyncMessageBus(context: Counters())
        await bus.setContext(Counters(hits: 10))
        await bus.setCommandHandler(for: Start.self) { start, handling in
            let before = await handling.context.hits
            let after = try await handling.withContext { counters in
                guard counters.hits < 100 else { throw Boom(text: "too many") }
                counters.hits += 5
                counters.seen.append(start.label)
                return counters.hits
            }
            return "\(before) -> \(after)"
        }

        let results = try await bus.handle(Start(label: "s"))

        XCTAssertEqual(results.first?.value as? String, "10 -> 15")
        let context = await bus.context
        XCTAssertEqual(context, Counters(hits: 15, seen: ["s"]))

        await bus.withContext { $0.hits = 100 }
        do {
            try await bus.handle(Start(label: "t"))
            XCTFail("the handler did not throw")
        } catch MessageBusError.commandHandlerFailed(_, _, let underlying) {
            XCTAssertEqual(underlying as? Boom, Boom(text: "too many"))
        }
    }

    /// A context that is not `Sendable` is fine: it never leaves the actor.
    final class Journal {
        var entries: [String] = []
    }

    func testContextNeedNotBeSendable() async throws {
        let bus = AsyncMessageBus(context: Journal())
        await bus.addEventHandler(for: Ping.self) { ping, handling in
            await handling.withContext { $0.entries.append(ping.label) }
            return nil
        }
        try await bus.handle(Ping(label: "one"))
        try await bus.handle(Ping(label: "two"))
        let entries = await bus.withContext { $0.entries }
        XCTAssertEqual(entries, ["one", "two"])
    }

    func testDictionaryContextLikeTheSeed() async throws {
        let bus = AsyncMessageBus()
        await bus.withContext { $0["db"] = "session" }
        await bus.setCommandHandler(for: Start.self) { _, handling in
            await handling.withContext { $0["db"] as? String }
        }
        let results = try await bus.handle(Start(label: "s"))
        XCTAssertEqual(results.first?.value as? String, "session")
    }
}
