import Logging
import MessageBusPostgres
import PostgresNIO

/// The lock that makes units of work on the shared `busctl_context` run one
/// at a time across processes (see `Interpreter+SharedContext`): a
/// PostgreSQL session-level advisory lock, taken on a connection of its own.
///
/// Not a pooled connection: the pool could hand a different connection to
/// the unlock, or give the locking one to other work in between. The
/// connection is opened at the first lock, kept for the next ones, and
/// opened again after it failed. When the process dies, the server closes
/// the connection and the lock is released; nothing stays locked.
///
/// The key is made from the context table's OID, so that sessions working
/// on different schemas (each with its own `busctl_context`) do not wait
/// for one another.
///
/// Used from the session's thread only (one unit at a time).
final class ContextLock {
    /// "BUSC" in the high 32 bits; the table's OID in the low ones.
    private static let keyPrefix: Int64 = 0x4255_5343 << 32

    private let url: PostgresURL
    private let logger: Logger
    private var connection: PostgresConnection?
    private var isHeld = false

    init(url: PostgresURL, logger: Logger) {
        self.url = url
        self.logger = logger
    }

    /// The connection holding the lock, while it is held.
    var heldConnection: PostgresConnection? {
        isHeld ? connection : nil
    }

    /// Waits for the lock (as long as another process holds it).
    ///
    /// - Throws: The database's errors; the connection is dropped then, so
    ///   the next call starts on a new one.
    func lock() throws {
        guard !isHeld else { return } // the interpreter counts nested units; never taken twice
        let connection = try openConnection()
        let logger = self.logger
        let prefix = Self.keyPrefix
        do {
            try BlockingBridge.run {
                _ = try await connection.query(
                    "SELECT pg_advisory_lock(\(prefix) | 'busctl_context'::regclass::oid::bigint)",
                    logger: logger
                )
            }
        } catch {
            drop()
            throw error
        }
        isHeld = true
    }

    /// Gives the lock back. If that fails, the connection is closed, which
    /// releases the lock on the server.
    func unlock() {
        guard isHeld, let connection else { return }
        isHeld = false
        let logger = self.logger
        let prefix = Self.keyPrefix
        do {
            // To its end even after Ctrl-C (the unit it ends was interrupted).
            try BlockingBridge.runToEnd(timeout: .seconds(5)) {
                _ = try await connection.query(
                    "SELECT pg_advisory_unlock(\(prefix) | 'busctl_context'::regclass::oid::bigint)",
                    logger: logger
                )
            }
        } catch {
            drop()
        }
    }

    /// Closes the connection (which releases the lock, if held).
    func close() {
        isHeld = false
        drop()
    }

    private func openConnection() throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        let configuration = try url.connectionConfiguration()
        let logger = self.logger
        let opened = try BlockingBridge.run {
            try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        }
        connection = opened
        return opened
    }

    private func drop() {
        guard let connection else { return }
        self.connection = nil
        // Closing ends the server's session (and any lock or wait there),
        // after Ctrl-C too.
        try? BlockingBridge.runToEnd(timeout: .seconds(3)) { try await connection.close() }
    }
}
