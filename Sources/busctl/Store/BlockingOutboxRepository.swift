import Foundation
import MessageBus
import MessageBusPostgres

/// The synchronous outbox protocol that busctl's session works with, over an
/// asynchronous repository (``MessageBusPostgres/PostgresOutboxRepository``
/// for `--postgres`).
///
/// Each call waits for the asynchronous one through ``BlockingBridge``, so
/// it must be made from a thread that is not Swift concurrency's (busctl's
/// main thread, or the relay's session queue); each keeps the semantics of
/// the wrapped repository (a PostgreSQL repository commits every call).
final class BlockingOutboxRepository<Repository: AsyncOutboxRepository & Sendable>: OutboxRepository {
    /// The repository the calls go to.
    let repository: Repository
    /// Where the database is (`host:port`), to name it when the connection is lost.
    private let address: String?

    /// - Parameters:
    ///   - repository: The asynchronous repository to wait for.
    ///   - address: Where its database is, for error messages.
    init(_ repository: Repository, address: String? = nil) {
        self.repository = repository
        self.address = address
    }

    /// Waits for `operation`; a lost connection (postgres-nio's pool gives
    /// up after about a minute with a type dump) is reported in words.
    private func wait<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
        do {
            return try BlockingBridge.run(operation)
        } catch {
            let underlying = (error as? PostgresOutboxError)?.underlying ?? error
            guard PostgresErrorText.connectionLoss(underlying) != nil else { throw error }
            throw PostgresStoreError.failed(PostgresErrorText.describe(underlying, address: address))
        }
    }

    func add(_ record: OutboxRecord) throws {
        let repository = self.repository
        try wait { try await repository.add(record) }
    }

    func record(id: UUID) throws -> OutboxRecord? {
        let repository = self.repository
        return try wait { try await repository.record(id: id) }
    }

    func records() throws -> [OutboxRecord] {
        let repository = self.repository
        return try wait { try await repository.records() }
    }

    func pendingRecords() throws -> [OutboxRecord] {
        let repository = self.repository
        return try wait { try await repository.pendingRecords() }
    }

    func oldestPendingRecord() throws -> OutboxRecord? {
        let repository = self.repository
        return try wait { try await repository.oldestPendingRecord() }
    }

    func count(status: OutboxStatus) throws -> Int {
        let repository = self.repository
        return try wait { try await repository.count(status: status) }
    }

    func claim(id: UUID) throws -> OutboxRecord? {
        let repository = self.repository
        return try wait { try await repository.claim(id: id) }
    }

    func markProcessed(id: UUID, at date: Date) throws {
        let repository = self.repository
        try wait { try await repository.markProcessed(id: id, at: date) }
    }

    func recordFailure(id: UUID, error: String, dead: Bool) throws {
        let repository = self.repository
        try wait { try await repository.recordFailure(id: id, error: error, dead: dead) }
    }

    func retry(id: UUID) throws {
        let repository = self.repository
        try wait { try await repository.retry(id: id) }
    }

    @discardableResult
    func purgeProcessed() throws -> Int {
        let repository = self.repository
        return try wait { try await repository.purgeProcessed() }
    }
}
