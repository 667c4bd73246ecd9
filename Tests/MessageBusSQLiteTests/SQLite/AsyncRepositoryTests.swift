import Foundation
import GRDB
import MessageBus
import MessageBusSQLite
import OutboxTestSupport
import XCTest

/// The `async` repository protocol, implemented by the SQLite repository
/// (without blocking) and by the in-memory one (with its synchronous methods).
final class AsyncRepositoryTests: XCTestCase {
    private func exercise(_ outbox: some AsyncOutboxRepository, name: String) async throws {
        let first = try OutboxRecord(message: ShipOrder(orderID: 1), createdAt: Clock.at(1))
        let second = try OutboxRecord(message: OrderShipped(orderID: 2), createdAt: Clock.at(2))
        try await outbox.add(first)
        try await outbox.add(second)
        do {
            try await outbox.add(first)
            XCTFail("\(name): a duplicate was added")
        } catch {
            XCTAssertEqual(error as? OutboxError, .duplicateID(first.id), name)
        }

        let records = try await outbox.records()
        XCTAssertEqual(records, [first, second], name)
        let oldest = try await outbox.oldestPendingRecord()
        XCTAssertEqual(oldest, first, name)
        let claimed = try await outbox.claim(id: first.id)
        XCTAssertEqual(claimed?.attempts, 1, name)
        try await outbox.markProcessed(id: first.id, at: Clock.at(3))
        try await outbox.recordFailure(id: second.id, error: "poison", dead: true)
        let dead = try await outbox.count(status: .dead)
        XCTAssertEqual(dead, 1, name)
        try await outbox.retry(id: second.id)
        let pending = try await outbox.pendingRecords()
        XCTAssertEqual(pending, [second], name)
        let processed = try await outbox.record(id: first.id)
        XCTAssertEqual(processed?.processedAt, Clock.at(3), name)
        let purged = try await outbox.purgeProcessed()
        XCTAssertEqual(purged, 1, name)
    }

    func testSQLiteRepository() async throws {
        let directory = try TemporaryDirectory()
        let dbPool = try DatabasePool(path: directory.url.appendingPathComponent("a.sqlite").path)
        try migrateOutbox(dbPool)
        try await exercise(SQLiteOutboxRepository(dbPool), name: "SQLite")
    }

    func testInMemoryRepository() async throws {
        try await exercise(InMemoryOutboxRepository(), name: "in-memory")
    }

    func testConcurrentClaimsCountEveryAttempt() async throws {
        let dbQueue = try DatabaseQueue()
        try migrateOutbox(dbQueue)
        try await claimConcurrently(SQLiteOutboxRepository(dbQueue), name: "SQLite")
        try await claimConcurrently(InMemoryOutboxRepository(), name: "in-memory")
    }

    private func claimConcurrently(_ outbox: some AsyncOutboxRepository, name: String) async throws {
        let record = try OutboxRecord(message: ShipOrder(orderID: 1))
        try await outbox.add(record)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask { _ = try await outbox.claim(id: record.id) }
            }
            try await group.waitForAll()
        }
        let claimed = try await outbox.record(id: record.id)
        XCTAssertEqual(claimed?.attempts, 20, name)
    }
}
