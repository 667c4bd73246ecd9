import Foundation
import MessageBus
import XCTest

/// Every outbox handler runs in order, with its hooks; after a failure the
/// rest are skipped (as in the seed).
public enum OutboxHandlerOrderBehaviour {
    private static func hooked(_ name: String, failing: Set<String> = []) -> RegisteredOutboxHandler<[String]> {
        RegisteredOutboxHandler(
            name: name,
            before: { _, handling in
                handling.context.append("\(name) before")
                if failing.contains("before") {
                    throw Boom(text: "\(name) before failed")
                }
            },
            body: { record, handling in
                handling.context.append("\(name) body \(record.orderID)")
                if failing.contains("body") {
                    throw Boom(text: "\(name) body failed")
                }
            },
            after: { _, handling in handling.context.append("\(name) after") }
        )
    }

    public static func handlersRunInOrderWithTheirHooks(_ store: OutboxStore) throws {
        let bus = makeBus()
        bus.addOutboxHandler(hooked("publish"))
        bus.addOutboxHandler(hooked("audit"))
        try registerOutboxMessage(store.repository, message: ShipOrder(orderID: 1), createdAt: Clock.at(1))
        try registerOutboxMessage(store.repository, message: ShipOrder(orderID: 2), createdAt: Clock.at(2))

        let report = try bus.processOutbox(store.repository)
        XCTAssertEqual(bus.context, [
            "publish before", "publish body 1", "publish after", "audit before", "audit body 1", "audit after",
            "publish before", "publish body 2", "publish after", "audit before", "audit body 2", "audit after",
        ], store.name)
        XCTAssertEqual(report.handlerRuns, 4, store.name)
        XCTAssertEqual(report.processed.count, 2, store.name)
    }

    public static func aFailingBodySkipsTheRestAndItsAfterHookStillRuns(_ store: OutboxStore) throws {
        let bus = makeBus()
        bus.addOutboxHandler(hooked("publish"))
        bus.addOutboxHandler(hooked("audit", failing: ["body"]))
        bus.addOutboxHandler(hooked("archive"))
        let record = try registerOutboxMessage(store.repository, message: ShipOrder(orderID: 1))

        let report = try bus.processOutbox(store.repository)
        XCTAssertEqual(bus.context, [
            "publish before", "publish body 1", "publish after",
            "audit before", "audit body 1", "audit after",
        ], store.name)
        XCTAssertEqual(report.handlerRuns, 2, store.name)
        XCTAssertEqual(report.failed, [OutboxFailure(id: record.id, name: "ShipOrder", attempts: 1, error: "audit body failed")], store.name)
        XCTAssertEqual(try store.repository.record(id: record.id)?.status, .pending, store.name)
    }

    public static func aFailingBeforeHookSkipsTheBodyAndFailsTheAttempt(_ store: OutboxStore) throws {
        let bus = makeBus()
        bus.addOutboxHandler(hooked("publish", failing: ["before"]))
        bus.addOutboxHandler(hooked("audit"))
        let record = try registerOutboxMessage(store.repository, message: ShipOrder(orderID: 1))

        try bus.processOutbox(store.repository)
        XCTAssertEqual(bus.context, ["publish before", "publish after"], store.name)
        XCTAssertEqual(try store.repository.record(id: record.id)?.lastError, "publish before failed", store.name)
    }
}
