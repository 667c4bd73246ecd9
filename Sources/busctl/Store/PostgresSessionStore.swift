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
/// The session is synchronous; every call waits for postgres-nio through
/// ``BlockingBridge`` (see there why that is safe on busctl's threads).
/// Call ``close()`` when the session ends.
final class PostgresSessionStore: SessionStore {
    /// The data is in the database: `reset data` empties it.
    var isPersistent: Bool { true }

    /// The client, running until ``close()``.
    let running: RunningPostgresClient
    private let repository: BlockingOutboxRepository<PostgresOutboxRepository>
    private let logger = RunningPostgresClient.quietLogger

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
            throw PostgresStoreError.cannotPrepare(url: running.url.description, reason: PostgresErrorText.describe(error))
        }
        self.running = running
        repository = BlockingOutboxRepository(PostgresOutboxRepository(running.client, name: PostgresOutboxRelay.uniqueName(prefix: "busctl")))
    }

    func loadContext() throws -> [(key: String, text: String)] {
        let client = running.client
        let logger = self.logger
        let pairs = try described {
            try BlockingBridge.run {
                try await client.withConnection { connection in
                    try await PostgresContextSchema.all(connection, logger: logger).map { ContextEntry(key: $0.key, text: $0.text) }
                }
            }
        }
        return pairs.map { (key: $0.key, text: $0.text) }
    }

    func commit(_ changes: [(key: String, text: String?)], adding records: [OutboxRecord]) throws {
        guard !changes.isEmpty || !records.isEmpty else { return }
        let client = running.client
        let logger = self.logger
        let entries = changes.map { ContextChange(key: $0.key, text: $0.text) }
        try described {
            try BlockingBridge.run {
                try await client.withTransaction(logger: logger) { connection in
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
        let client = running.client
        let logger = self.logger
        try described {
            try BlockingBridge.run {
                try await client.withTransaction(logger: logger) { connection in
                    try await connection.query("DELETE FROM busctl_context", logger: logger)
                    try await connection.query("DELETE FROM outbox", logger: logger)
                }
            }
        }
    }

    /// Closes the client's connections; the store is unusable afterwards.
    func close() {
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
