import Foundation
import MessageBus
import XCTest

/// Poison messages: dead at `maxAttempts`, given up after crashed attempts,
/// and brought back by `retry`.
public enum OutboxDeadLetterBehaviour {
    public static func aMessageBecomesDeadWhenItsLastAllowedAttemptFails(_ store: OutboxStore) throws {
        let bus = makeBus(maxAttempts: 3)
        bus.addOutboxHandler(RegisteredOutboxHandler(name: "relay") { record, handling in
            handling.context.append("attempt \(record.attempts)")
            throw Boom(text: "malformed order")
        })
        let record = try registerOutboxMessage(store.repository, message: ShipOrder(orderID: 13), createdAt: Clock.start)

        XCTAssertEqual(try bus.processOutbox(store.repository).failed.map(\.attempts), [1], store.name)
        XCTAssertEqual(try bus.processOutbox(store.repository).failed.map(\.attempts), [2], store.name)
        let last = try bus.processOutbox(store.repository)
        XCTAssertEqual(last, OutboxReport(
            dead: [record.id],
            attempted: 1,
            handlerRuns: 1,
            results: [OutboxRecordResult(id: record.id, name: "ShipOrder", attempts: 3, outcome: .dead("malformed order"))]
        ), store.name)
        XCTAssertEqual(try bus.processOutbox(store.repository), OutboxReport(), store.name)

        var expected = record
        expected.attempts = 3
        expected.lastError = "malformed order"
        expected.status = .dead
        XCTAssertEqual(try store.repository.record(id: record.id), expected, store.name)
        XCTAssertEqual(try store.repository.count(status: .dead), 1, store.name)
        XCTAssertEqual(bus.context, ["attempt 1", "attempt 2", "attempt 3"], store.name)
    }

    public static func claimsThatReachedTheMaximumAreGivenUpWithoutRunning(_ store: OutboxStore) throws {
        let bus = makeBus(maxAttempts: 3)
        bus.addOutboxHandler(RegisteredOutboxHandler(name: "relay") { _, handling in handling.context.append("ran") })
        let observer = OutboxRecordingObserver()
        bus.addObserver(observer)
        let record = try registerOutboxMessage(store.repository, message: ShipOrder(orderID: 12), createdAt: Clock.start)
        for _ in 1...3 {
            _ = try store.repository.claim(id: record.id) // three attempts, each killed before recording anything
        }

        let report = try bus.processOutbox(store.repository)
        XCTAssertEqual(report, OutboxReport(
            dead: [record.id],
            results: [OutboxRecordResult(id: record.id, name: "ShipOrder", attempts: 3, outcome: .dead("gave up after 3 attempts"))]
        ), store.name)
        XCTAssertEqual(bus.context, [], store.name)
        XCTAssertEqual(observer.lines, ["finish 12 dead gave up after 3 attempts status=dead attempts=3 error=gave up after 3 attempts"], store.name)

        var expected = record
        expected.attempts = 3
        expected.lastError = "gave up after 3 attempts"
        expected.status = .dead
        XCTAssertEqual(try store.repository.record(id: record.id), expected, store.name)
    }

    public static func retryBringsADeadMessageBackWithNoAttempts(_ store: OutboxStore) throws {
        let bus = makeBus(maxAttempts: 1)
        var failing = true
        bus.addOutboxHandler(RegisteredOutboxHandler(name: "relay") { record, handling in
            handling.context.append("attempt \(record.attempts)")
            if failing {
                throw Boom(text: "broker unavailable")
            }
        })
        let record = try registerOutboxMessage(store.repository, message: ShipOrder(orderID: 7), createdAt: Clock.start)
        XCTAssertEqual(try bus.processOutbox(store.repository).dead, [record.id], store.name)

        try store.repository.retry(id: record.id)
        XCTAssertEqual(try store.repository.record(id: record.id), record, store.name)
        XCTAssertThrowsError(try store.repository.retry(id: record.id)) {
            XCTAssertEqual($0 as? OutboxError, .notDead(record.id), store.name)
        }

        failing = false
        XCTAssertEqual(try bus.processOutbox(store.repository, now: { Clock.at(3) }).processed, [record.id], store.name)
        XCTAssertEqual(bus.context, ["attempt 1", "attempt 1"], store.name)
        XCTAssertEqual(try store.repository.record(id: record.id)?.attempts, 1, store.name)
        XCTAssertThrowsError(try store.repository.retry(id: record.id)) {
            XCTAssertEqual($0 as? OutboxError, .notDead(record.id), store.name)
        }
    }

    public static func aMaximumBelowOneCountsAsOne(_ store: OutboxStore) throws {
        let bus = makeBus(maxAttempts: 0)
        bus.addOutboxHandler(RegisteredOutboxHandler(name: "relay") { _, _ in throw Boom(text: "no") })
        let record = try registerOutboxMessage(store.repository, message: ShipOrder(orderID: 1))
        let report = try bus.processOutbox(store.repository)
        XCTAssertEqual(report.results, [OutboxRecordResult(id: record.id, name: "ShipOrder", attempts: 1, outcome: .dead("no"))], store.name)
    }
}
