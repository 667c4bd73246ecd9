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
/// A wait on the lock's connection that was cut short (Ctrl-C, a relay's
/// stop; see ``BlockingBridge``) leaves its task running there, perhaps in
/// the middle of a transaction. An unlock queued behind it would release
/// the lock before that transaction ends, and another process could read
/// the context it is about to change. So after such an interruption
/// ``unlock()`` closes the connection instead: the server ends the
/// transaction (rolled back, unless its COMMIT had arrived) and only then,
/// as the session ends, the lock. The next ``lock()`` opens a new one.
///
/// Used from the session's thread only (one unit at a time).
final class ContextLock {
    /// "BUSC" in the high 32 bits; the table's OID in the low ones.
    private static let keyPrefix: Int64 = 0x4255_5343 << 32

    private let url: PostgresURL
    private let logger: Logger
    private var connection: PostgresConnection?
    private var isHeld = false
    /// A wait on the held connection was interrupted; its task may still
    /// use the connection (see the type's comment).
    private var isAbandoned = false

    init(url: PostgresURL, logger: Logger) {
        self.url = url
        self.logger = logger
    }

    /// Whether the lock is held (``withHeldConnection(_:)`` can run).
    var holdsLock: Bool {
        isHeld && connection != nil
    }

    /// Whether a connection is open (for tests: after an interrupted wait,
    /// ``unlock()`` leaves none).
    var hasConnection: Bool {
        connection != nil
    }

    /// Runs `body` on the connection holding the lock and waits for it
    /// (``BlockingBridge/run(_:)``). If the wait is interrupted, the lock is
    /// closed rather than unlocked later (see the type's comment).
    ///
    /// - Throws: What `body` throws; ``BlockingBridgeInterrupted``, at once
    ///   after an earlier interruption (the connection may still be busy
    ///   with that one); ``ContextLockNotHeld`` without the lock.
    func withHeldConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) throws -> T {
        guard isHeld, let connection else { throw ContextLockNotHeld() }
        guard !isAbandoned else { throw BlockingBridgeInterrupted() }
        do {
            return try BlockingBridge.run { try await body(connection) }
        } catch let error as BlockingBridgeInterrupted {
            isAbandoned = true
            throw error
        }
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

    /// Gives the lock back. If that fails, or a wait on the connection was
    /// interrupted, the connection is closed, which releases the lock on
    /// the server (after the interrupted work there ends).
    func unlock() {
        guard isHeld, let connection else { return }
        isHeld = false
        guard !isAbandoned else {
            // Not an unlock queued behind the abandoned work: it could run
            // in the middle of that work's transaction.
            drop()
            return
        }
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
        isAbandoned = false // the next connection is a new one
        guard let connection else { return }
        self.connection = nil
        // Closing ends the server's session (and any lock or wait there),
        // after Ctrl-C too.
        try? BlockingBridge.runToEnd(timeout: .seconds(3)) { try await connection.close() }
    }
}

/// ``ContextLock/withHeldConnection(_:)`` without the lock (a caller's
/// mistake: the store asks ``ContextLock/holdsLock`` first).
struct ContextLockNotHeld: Error, CustomStringConvertible {
    var description: String { "the context lock is not held" }
}
