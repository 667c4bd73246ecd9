import Foundation
import GRDB
import MessageBus
import MessageBusSQLite
import XCTest

/// A folder under the system's temporary folder, deleted when this object goes away.
final class TemporaryDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("AsyncMessageBusTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

/// An outbox repository under test, with what keeps it alive.
struct RepositoryUnderTest {
    var name: String
    var repository: any AsyncOutboxRepository
    var directory: TemporaryDirectory?

    /// The in-memory repository, SQLite in memory (a `DatabaseQueue`) and
    /// SQLite in a file (a `DatabasePool`, in WAL mode), each new and empty.
    static func all() throws -> [RepositoryUnderTest] {
        let dbQueue = try DatabaseQueue()
        try migrateOutbox(dbQueue)
        let directory = try TemporaryDirectory()
        let dbPool = try DatabasePool(path: directory.url.appendingPathComponent("outbox.sqlite").path)
        try migrateOutbox(dbPool)
        return [
            RepositoryUnderTest(name: "in-memory", repository: InMemoryOutboxRepository()),
            RepositoryUnderTest(name: "SQLite queue", repository: SQLiteOutboxRepository(dbQueue)),
            RepositoryUnderTest(name: "SQLite pool file", repository: SQLiteOutboxRepository(dbPool), directory: directory),
        ]
    }
}

/// A fixed clock: second `second` after 2023-11-14T22:13:20Z.
func at(_ second: Int) -> Date {
    Date(timeIntervalSince1970: 1_700_000_000 + Double(second))
}

/// Builds a record of `message` created at second `second` and adds it.
@discardableResult
func add(_ message: any Message, at second: Int, to repository: some AsyncOutboxRepository) async throws -> OutboxRecord {
    let record = try OutboxRecord(message: message, createdAt: at(second))
    try await repository.add(record)
    return record
}
