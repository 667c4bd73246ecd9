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
            try? BlockingBridge.runToEnd(timeout: .seconds(3)) { await running.shutdown() }
            if error is BlockingBridgeInterrupted { throw error }
            throw PostgresStoreError.cannotPrepare(url: running.url.description, reason: PostgresErrorText.describe(error), searchPath: running.url.searchPath)
        }
        self.running = running
        contextLock = ContextLock(url: running.url, logger: logger)
        repository = BlockingOutboxRepository(
            PostgresOutboxRepository(running.client, name: PostgresOutboxRelay.uniqueName(prefix: "busctl")),
            address: running.url.address
        )
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
        let entries = changes.map { ContextChange(key: $0.key, text: $0.text) }
        do {
            try commitTransaction(entries, records)
        } catch let error as PSQLError where PostgresErrorText.connectionLoss(error) == nil {
            throw PostgresStoreError.failed(PostgresErrorText.describe(error, address: running.url.address))
        } catch let error as PostgresTransactionError {
            if let inner = error.closureError, !(inner is PSQLError) {
                throw inner // an outbox error, already readable
            }
            // A connection lost before COMMIT went out rolls the transaction
            // back on the server; one lost while COMMIT was under way leaves
            // its outcome unknown (postgres-nio cannot tell).
            throw PostgresCommitError(reason: PostgresErrorText.describe(error, address: running.url.address), outcomeUnknown: error.commitError.map { PostgresErrorText.connectionLoss($0) != nil } ?? false)
        } catch is BlockingBridgeInterrupted {
            // The wait was cut short (Ctrl-C, a relay's stop): the
            // connection is closed, which rolls back a transaction the
            // server has not committed yet, but COMMIT may have gone out.
            throw PostgresCommitError(reason: "interrupted", outcomeUnknown: true, connectionDropped: false)
        } catch {
            throw PostgresCommitError(reason: PostgresErrorText.describe(error, address: running.url.address), outcomeUnknown: false)
        }
    }

    /// The transaction of ``commit(_:adding:)``: the context changes and the records.
    private func commitTransaction(_ entries: [ContextChange], _ records: [OutboxRecord]) throws {
        let logger = self.logger
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

    /// Gives back the outbox messages this session claimed and did not
    /// finish (Ctrl-C during `outbox run`), so that relays and other
    /// sessions take them at once instead of after the lease. Their attempt
    /// stays counted: their handlers had started.
    ///
    /// Runs while Ctrl-C is still raised, so it waits to its end, for at
    /// most a few seconds.
    func releaseClaims() throws -> Int {
        let client = running.client
        let claimant = repository.repository.name
        let logger = self.logger
        return try described {
            try BlockingBridge.runToEnd(timeout: .seconds(5)) {
                let rows = try await client.query(
                    "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = \(claimant) AND status = 'pending' RETURNING 1",
                    logger: logger
                )
                var count = 0
                for try await _ in rows { count += 1 }
                return count
            }
        }
    }

    /// Who holds a lease on each claimed pending message, and until when
    /// (the server's clock), for `outbox` and `outbox show`.
    func outboxLeases() throws -> [UUID: OutboxLease] {
        let client = running.client
        let logger = self.logger
        let own = repository.repository.name
        let rows = try described {
            try BlockingBridge.run {
                let rows = try await client.query(
                    "SELECT id, claimed_by, claimed_until FROM outbox WHERE status = 'pending' AND claimed_by IS NOT NULL AND claimed_until > now()",
                    logger: logger
                )
                var found: [ClaimRow] = []
                for try await (id, claimant, until) in rows.decode((UUID, String, Date).self) {
                    found.append(ClaimRow(id: id, claimant: claimant, until: until))
                }
                return found
            }
        }
        var leases: [UUID: OutboxLease] = [:]
        for row in rows {
            leases[row.id] = OutboxLease(holder: row.claimant == own ? "this session" : row.claimant, until: row.until)
        }
        return leases
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
    /// After an interrupted wait there, the lock is closed, not unlocked
    /// (see ``ContextLock``).
    private func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) throws -> T {
        if contextLock.holdsLock {
            return try contextLock.withHeldConnection(body)
        }
        let client = running.client
        return try BlockingBridge.run { try await client.withConnection { try await body($0) } }
    }

    /// Closes the client's connections; the store is unusable afterwards.
    func close() {
        contextLock.close()
        let running = self.running
        try? BlockingBridge.runToEnd(timeout: .seconds(3)) { await running.shutdown() }
    }

    /// Runs `body`, turning postgres-nio's errors into readable ones.
    private func described<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PSQLError {
            throw PostgresStoreError.failed(PostgresErrorText.describe(error, address: running.url.address))
        } catch let error as PostgresTransactionError {
            if let inner = error.closureError, !(inner is PSQLError) {
                throw inner // an outbox error, already readable
            }
            throw PostgresStoreError.failed(PostgresErrorText.describe(error, address: running.url.address))
        } catch let error where PostgresErrorText.connectionLoss(error) != nil {
            throw PostgresStoreError.failed(PostgresErrorText.describe(error, address: running.url.address))
        }
    }
}

/// A commit that failed on its way to the server: the changes were not
/// stored, or (the connection lost during COMMIT) their outcome is unknown.
struct PostgresCommitError: CommitOutcomeError {
    var reason: String
    var outcomeUnknown: Bool
    /// Whether the connection dropped (rather than the wait being interrupted).
    var connectionDropped = true

    var description: String {
        guard outcomeUnknown else { return "the commit failed: \(reason); the changes were not stored" }
        let why = connectionDropped ? " (the connection dropped while PostgreSQL committed them)" : ""
        return "the commit failed: \(reason); the changes may or may not be stored\(why); look before doing them again"
    }
}

/// One row of ``PostgresSessionStore/claims()``.
private struct ClaimRow: Sendable {
    var id: UUID
    var claimant: String
    var until: Date
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
