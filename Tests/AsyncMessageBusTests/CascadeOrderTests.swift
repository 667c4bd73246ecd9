import MessageBus
import XCTest

/// The async bus dispatches a cascade in exactly the order of the
/// synchronous bus: same queue, same ids, same causes, same results.
final class CascadeOrderTests: XCTestCase {
    /// A three-level workload: `Start(A)` emits `Ping(B)` and `Ping(C)`; each
    /// ping has three handlers, each emitting children of its own (one emits,
    /// then fails, so its emissions are dropped; one emits an event nobody
    /// handles); the third level emits nothing.
    private static let handlerNames = ["h1", "h2", "h3"]

    /// What handler `handler` emits for the ping `label`; `nil` means it throws.
    private static func children(of label: String, by handler: String) -> [any Message]? {
        switch (label, handler) {
        case ("B", "h1"): [Ping(label: "B1")]
        case ("B", "h2"): [Ping(label: "B2a"), Ping(label: "B2b")]
        case ("B", "h3"): [Note(label: "B3")]
        case ("C", "h1"): [Ping(label: "C1")]
        case ("C", "h2"): nil
        case ("C", "h3"): [Ping(label: "C3a"), Note(label: "C3b")]
        default: []
        }
    }

    private static func describe(_ results: [HandlerResult]) -> [String] {
        results.map { result in
            let outcome = result.error.map { "failed \($0)" } ?? "ok \(result.value.map { "\($0)" } ?? "nil")"
            return "\(result.envelope.id) \(result.envelope.label) \(result.handlerName) \(outcome)"
        }
    }

    func testThreeLevelCascadeOrderIsTheSynchronousBusOrder() async throws {
        // The synchronous bus.
        let syncBus = MessageBus(context: 0, logger: .quiet)
        let syncObserver = RecordingObserver()
        syncBus.addObserver(syncObserver)
        syncBus.setCommandHandler(for: Start.self) { _, handling in
            handling.emit(Ping(label: "B"))
            handling.emit(Ping(label: "C"))
            return "started"
        }
        for name in Self.handlerNames {
            syncBus.addEventHandler(for: Ping.self, name: name) { ping, handling in
                guard let children = Self.children(of: ping.label, by: name) else {
                    handling.emit(Ping(label: "dropped"))
                    throw Boom(text: "\(name) failed on \(ping.label)")
                }
                children.forEach(handling.emit)
                return "\(name):\(ping.label)"
            }
        }
        let syncResults = try syncBus.handle(Start(label: "A"))

        // The async bus, whose handlers of one ping finish in reverse
        // registration order: h1 waits for h2, which waits for h3.
        let asyncBus = AsyncMessageBus(context: 0, logger: .quiet)
        let asyncObserver = RecordingObserver()
        await asyncBus.addObserver(asyncObserver)
        let finished = Signals()
        await asyncBus.setCommandHandler(for: Start.self) { _, handling in
            handling.emit(Ping(label: "B"))
            handling.emit(Ping(label: "C"))
            return "started"
        }
        for (index, name) in Self.handlerNames.enumerated() {
            await asyncBus.addEventHandler(for: Ping.self, name: name) { ping, handling in
                let id = handling.envelope.id
                defer { finished["\(id) \(name)"].fire() }
                if index + 1 < Self.handlerNames.count {
                    try await finished["\(id) \(Self.handlerNames[index + 1])"].wait("\(Self.handlerNames[index + 1]) on \(ping.label)")
                }
                guard let children = Self.children(of: ping.label, by: name) else {
                    handling.emit(Ping(label: "dropped"))
                    throw Boom(text: "\(name) failed on \(ping.label)")
                }
                children.forEach(handling.emit)
                return "\(name):\(ping.label)"
            }
        }
        let asyncResults = try await asyncBus.handle(Start(label: "A"))

        XCTAssertEqual(syncObserver.dispatched, [
            "Start(A)", "Ping(B)", "Ping(C)",
            "Ping(B1)", "Ping(B2a)", "Ping(B2b)", "Note(B3)", "Ping(C1)", "Ping(C3a)", "Note(C3b)",
        ])
        XCTAssertEqual(asyncObserver.cascadeLines, syncObserver.cascadeLines)
        XCTAssertEqual(Self.describe(asyncResults), Self.describe(syncResults))
        XCTAssertEqual(asyncResults.count, 1 + 2 * 3 + 5 * 3)
        XCTAssertEqual(Self.describe(asyncResults).filter { $0.contains("failed") }, ["3 Ping(C) h2 failed h2 failed on C"])
        let nextSyncID = syncBus.nextMessageID
        let nextAsyncID = await asyncBus.nextMessageID
        XCTAssertEqual(nextAsyncID, nextSyncID)
    }
}
