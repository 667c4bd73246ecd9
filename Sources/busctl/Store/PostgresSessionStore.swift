import BusScript
import Foundation
import Logging
import MessageBus
import MessageBusPostgres
import PostgresNIO

/// busctl's store with `--postgres URL`: the context (table
/// `busctl_context`, see ``PostgresContextSchema``) and the outbox
/// (`MessageBusPostgres`'s `outbox` table) in one PostgreSQL database, so
/// that they survive restarts and `busctl relay` processes, on any machine,
/// process the messages a session registers.
///
/// A commit writes the context changes and the outbox records in one
/// PostgreSQL transaction (`withTransaction`, the records through
/// ``MessageBusPostgres/PostgresOutbox`` on that transaction's connection):
/// all of them or none. Outbox processing (`outbox step/run/retry/purge`)
/// goes through ``MessageBusPostgres/PostgresOutboxRepository``, which
/// commits each claim and outcome as it happens and leaves alone the
/// messages that a running relay holds.
///
/// Relays and other sessions write the context too, so the store shares
/// it (``sharesContext``): each unit of work of the session runs under
/// ``lockContext()``, a session-level advisory lock taken on a connection
/// of its own (see ``ContextLock``), and while the lock is held the
/// context is read and committed on that same connection.
///
/// The session is synchronous; every call waits for postgres-nio through
/// ``BlockingBridge`` (see there why that is safe on busctl's threads).
/// Call ``close()`` when the session ends.
final class PostgresSessionStore: SessionStore {
    /// The data is in the database: `reset data` empties it.
    var isPersistent: Bool { true }

    /// Relays and other sessions write the context too.
    var sharesContext: Bool { true }

    /// The client, running until ``close()``.
    let running: RunningPostgresClient
    private let repository: BlockingOutboxRepository<PostgresOutboxRepository>
    private let logger = RunningPostgresClient.quietLogger
    private let contextLock: ContextLock

    var outbox: any OutboxRepository { repository }

    /// Connects to the database of `url`, within the URL's connect timeout,
    /// and creates the outbox and context tables if they do not exist yet.
    ///
    /// - Throws: ``PostgresStoreError`` for a URL that cannot be read, a
    ///   server that cannot be reached, or tables that cannot be created.
    init(url text: String) throws {
        let running = try BlockingBridge.run { try await RunningPostgresClient.start(text) }
        do {
            let logger = self.logger
            try BlockingBridge.run { try await PostgresContextSchema.migrate(running.client, logger: logger) }
        } catch {
            try? BlockingBridge.run { await running.shutdown() }
            throw PostgresStoreError.cannotPrepare(url: running.url.description, reason: PostgresErrorText.describe(error), searchPath: running.url.searchPath)
        }
        self.running = running
        contextLock = ContextLock(url: running.url, logger: logger)
        repository = BlockingOutboxRepository(PostgresOutboxRepository(running.client, name: PostgresOutboxRelay.uniqueName(prefix: "busctl")))
    }

    func lockContext() throws {
        try described { try contextLock.lock() }
    }

    func unlockContext() {
        contextLock.unlock()
    }

    func loadContext() throws -> [(key: String, text: String)] {
        let logger = self.logger
        let pairs = try described {
            try withConnection { connection in
                try await PostgresContextSchema.all(connection, logger: logger).map { ContextEntry(key: $0.key, text: $0.text) }
            }
        }
        return pairs.map { (key: $0.key, text: $0.text) }
    }

    func commit(_ changes: [(key: String, text: String?)], adding records: [OutboxRecord]) throws {
        guard !changes.isEmpty || !records.isEmpty else { return }
        let logger = self.logger
        let entries = changes.map { ContextChange(key: $0.key, text: $0.text) }
        try described {
            try withConnection { connection in
                try await connection.withTransaction(logger: logger) { connection in
                    for entry in entries {
                        if let text = entry.text {
                            try await PostgresContextSchema.set(connection, key: entry.key, value: text, logger: logger)
                        } else {
                            try await PostgresContextSchema.remove(connection, key: entry.key, logger: logger)
                        }
                    }
                    let outbox = PostgresOutbox(connection, name: "busctl", logger: logger)
                    for record in records {
                        try await outbox.add(record)
                    }
                }
            }
        }
    }

    func removeAllData() throws {
        let logger = self.logger
        try described {
            try withConnection { connection in
                try await connection.withTransaction(logger: logger) { connection in
                    try await connection.query("DELETE FROM busctl_context", logger: logger)
                    try await connection.query("DELETE FROM outbox", logger: logger)
                }
            }
        }
    }

    /// Runs `body` on the connection that holds the context lock while it is
    /// held (so that a write never outlives the lock: if that connection is
    /// lost, the write fails with it), otherwise on one of the pool's.
    private func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) throws -> T {
        if let connection = contextLock.heldConnection {
            return try BlockingBridge.run { try await body(connection) }
        }
        let client = running.client
        return try BlockingBridge.run { try await client.withConnection { try await body($0) } }
    }

    /// Closes the client's connections; the store is unusable afterwards.
    func close() {
        contextLock.close()
        let running = self.running
        try? BlockingBridge.run { await running.shutdown() }
    }

    /// Runs `body`, turning postgres-nio's errors into readable ones.
    private func described<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PSQLError {
            throw PostgresStoreError.failed(PostgresErrorText.describe(error))
        } catch let error as PostgresTransactionError {
            if let inner = error.closureError, !(inner is PSQLError) {
                throw inner // an outbox error, already readable
            }
            throw PostgresStoreError.failed(PostgresErrorText.describe(error))
        }
    }
}

/// One stored context entry, as it crosses from postgres-nio's tasks.
private struct ContextEntry: Sendable {
    var key: String
    var text: String
}

/// One context change of a commit (a nil text removes the key).
private struct ContextChange: Sendable {
    var key: String
    var text: String?
}
