import Foundation
import MessageBus
import XCTest

/// What every repository does on its own: store, read, order, count, and
/// refuse what makes no sense.
public enum OutboxRepositoryContractBehaviour {
    public static func addedRecordsReadBackUnchanged(_ store: OutboxStore) throws {
        let outbox = store.repository
        let command = try registerOutboxMessage(outbox, message: ShipOrder(orderID: 1), meta: ["source": "web"], createdAt: Clock.at(0.123_456))
        let event = try registerOutboxMessage(outbox, message: OrderShipped(orderID: 1), createdAt: Date())
        let stored = OutboxRecord(
            id: UUID(), type: .command, name: "ShipOrder", payload: Data(#"{"orderID":3}"#.utf8),
            meta: Data(#"{"n":1}"#.utf8), createdAt: Clock.at(5), attempts: 2, lastError: "earlier",
            status: .processed, processedAt: Clock.at(6)
        )
        try outbox.add(stored)

        XCTAssertEqual(try outbox.record(id: command.id), command, store.name)
        XCTAssertEqual(try outbox.record(id: event.id), event, store.name)
        XCTAssertEqual(try outbox.record(id: stored.id), stored, store.name)
        XCTAssertNil(try outbox.record(id: UUID()), store.name)
        XCTAssertEqual(try outbox.records(), [command, stored, event], store.name)
        XCTAssertEqual(try outbox.pendingRecords(), [command, event], store.name)
        XCTAssertEqual(try outbox.oldestPendingRecord(), command, store.name)
        XCTAssertEqual(try outbox.count(status: .pending), 2, store.name)
        XCTAssertEqual(try outbox.count(status: .processed), 1, store.name)
        XCTAssertEqual(try outbox.count(status: .dead), 0, store.name)
    }

    public static func oldestFirstIsByCreationTimeThenInsertionOrder(_ store: OutboxStore) throws {
        let outbox = store.repository
        try registerOutboxMessage(outbox, message: ShipOrder(orderID: 1), createdAt: Clock.at(10))
        try registerOutboxMessage(outbox, message: ShipOrder(orderID: 2), createdAt: Clock.at(10))
        try registerOutboxMessage(outbox, message: ShipOrder(orderID: 3), createdAt: Clock.at(5))
        try registerOutboxMessage(outbox, message: ShipOrder(orderID: 4), createdAt: Clock.at(10))
        try registerOutboxMessage(outbox, message: ShipOrder(orderID: 5), createdAt: Clock.at(10.000_001))

        XCTAssertEqual(try outbox.records().map(\.orderID), [3, 1, 2, 4, 5], store.name)
        XCTAssertEqual(try outbox.pendingRecords().map(\.orderID), [3, 1, 2, 4, 5], store.name)
        XCTAssertEqual(try outbox.oldestPendingRecord()?.orderID, 3, store.name)
    }

    public static func claimCountsAnAttemptOfAPendingRecordOnly(_ store: OutboxStore) throws {
        let outbox = store.repository
        let record = try registerOutboxMessage(outbox, message: ShipOrder(orderID: 1), createdAt: Clock.start)

        XCTAssertEqual(try outbox.claim(id: record.id)?.attempts, 1, store.name)
        XCTAssertEqual(try outbox.claim(id: record.id)?.attempts, 2, store.name)
        XCTAssertEqual(try outbox.record(id: record.id)?.attempts, 2, store.name)
        XCTAssertNil(try outbox.claim(id: UUID()), store.name)

        try outbox.markProcessed(id: record.id, at: Clock.at(1))
        XCTAssertNil(try outbox.claim(id: record.id), store.name)
        XCTAssertEqual(try outbox.record(id: record.id)?.attempts, 2, store.name)
    }

    public static func failuresAndOutcomesAreStored(_ store: OutboxStore) throws {
        let outbox = store.repository
        let record = try registerOutboxMessage(outbox, message: ShipOrder(orderID: 1), createdAt: Clock.start)

        try outbox.recordFailure(id: record.id, error: "first", dead: false)
        XCTAssertEqual(try outbox.record(id: record.id)?.status, .pending, store.name)
        XCTAssertEqual(try outbox.record(id: record.id)?.lastError, "first", store.name)

        try outbox.recordFailure(id: record.id, error: "second", dead: true)
        var expected = record
        expected.status = .dead
        expected.lastError = "second"
        XCTAssertEqual(try outbox.record(id: record.id), expected, store.name)

        try outbox.retry(id: record.id)
        try outbox.markProcessed(id: record.id, at: Clock.at(0.5))
        expected.status = .processed
        expected.lastError = nil
        expected.processedAt = Clock.at(0.5)
        XCTAssertEqual(try outbox.record(id: record.id), expected, store.name)
    }

    public static func unknownIDsDuplicatesAndWrongStatesAreErrors(_ store: OutboxStore) throws {
        let outbox = store.repository
        let record = try registerOutboxMessage(outbox, message: ShipOrder(orderID: 1))
        let unknown = UUID()

        XCTAssertThrowsError(try outbox.add(record)) { XCTAssertEqual($0 as? OutboxError, .duplicateID(record.id), store.name) }
        XCTAssertThrowsError(try outbox.markProcessed(id: unknown, at: Clock.start)) { XCTAssertEqual($0 as? OutboxError, .notFound(unknown), store.name) }
        XCTAssertThrowsError(try outbox.recordFailure(id: unknown, error: "x", dead: false)) { XCTAssertEqual($0 as? OutboxError, .notFound(unknown), store.name) }
        XCTAssertThrowsError(try outbox.retry(id: unknown)) { XCTAssertEqual($0 as? OutboxError, .notFound(unknown), store.name) }
        XCTAssertThrowsError(try outbox.retry(id: record.id)) { XCTAssertEqual($0 as? OutboxError, .notDead(record.id), store.name) }
        XCTAssertEqual(try outbox.records(), [record], store.name)
    }
}
