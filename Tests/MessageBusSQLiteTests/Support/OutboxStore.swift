import Foundation
import GRDB
import MessageBus
import MessageBusSQLite
import OutboxTestSupport
import XCTest

/// The stores of this target: in memory, SQLite in memory, SQLite in a file.
/// The behavioural suite (`OutboxTestSupport`) runs against each of them.
extension OutboxStore {
    static func inMemory() -> OutboxStore {
        let outbox = InMemoryOutboxRepository()
        return OutboxStore(name: "in-memory", repository: outbox, transaction: { body in
            try outbox.transaction { try body($0) }
        })
    }

    static func sqliteQueue() throws -> OutboxStore {
        let dbQueue = try DatabaseQueue()
        try migrateOutbox(dbQueue)
        return OutboxStore(name: "SQLite queue", repository: SQLiteOutboxRepository(dbQueue), transaction: { body in
            try dbQueue.write { db in try body(SQLiteOutbox(db)) }
        })
    }

    static func sqlitePoolFile() throws -> OutboxStore {
        let directory = try TemporaryDirectory()
        let dbPool = try DatabasePool(path: directory.url.appendingPathComponent("outbox.sqlite").path)
        try migrateOutbox(dbPool)
        return OutboxStore(name: "SQLite pool file", repository: SQLiteOutboxRepository(dbPool), transaction: { body in
            try dbPool.write { db in try body(SQLiteOutbox(db)) }
        }, cleanup: directory)
    }

    /// Every store, new and empty.
    static func all() throws -> [OutboxStore] {
        [inMemory(), try sqliteQueue(), try sqlitePoolFile()]
    }
}

/// Runs `body` once per store of ``OutboxStore/all()``; an error thrown by
/// `body` fails the test, naming the store.
func forEachStore(file: StaticString = #filePath, line: UInt = #line, _ body: (OutboxStore) throws -> Void) {
    let stores: [OutboxStore]
    do {
        stores = try OutboxStore.all()
    } catch {
        return XCTFail("cannot create the stores: \(error)", file: file, line: line)
    }
    for store in stores {
        do {
            try body(store)
        } catch {
            XCTFail("\(store.name): \(error)", file: file, line: line)
        }
    }
}

/// A folder under the system's temporary folder, deleted when this object goes away.
final class TemporaryDirectory: @unchecked Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("MessageBusSQLiteTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
