import Foundation
import MessageBus
import OrderedCollections

/// Where a session keeps its context and outbox: in memory, or in a SQLite
/// file (busctl's `--db`), so that both survive a restart.
///
/// The session works on an in-memory copy of the context and hands the store
/// its changes: at the end of every top-level statement and outbox attempt
/// outside a transaction, and all at once on `commit` (LANGUAGE.md §10).
/// A store whose context other processes write too (busctl's `--postgres`)
/// says so with ``sharesContext``; the session then refreshes its copy and
/// locks the store around each unit of work (`Interpreter+SharedContext`).
public protocol SessionStore: AnyObject {
    /// True when the data outlives the process (a file).
    var isPersistent: Bool { get }
    /// The outbox that processing works on; each of its calls commits.
    var outbox: any OutboxRepository { get }
    /// The committed context, in insertion order, as stored text (literal syntax).
    func loadContext() throws -> [(key: String, text: String)]
    /// Applies context changes (a nil text removes the key) and adds outbox
    /// records, atomically: all of them or none.
    func commit(_ changes: [(key: String, text: String?)], adding records: [OutboxRecord]) throws
    /// Empties the context and the outbox.
    func removeAllData() throws

    /// True when other processes write the committed context while this
    /// session runs (PostgreSQL: relays and other sessions). The session
    /// then reads the context again before each unit of work and holds
    /// ``lockContext()`` until the unit's changes are committed, so that
    /// read-modify-write (`ctx.n = ctx.n + 1`) loses no one's update.
    /// Default: `false` (a store used by one session at a time).
    var sharesContext: Bool { get }
    /// Waits until this session alone holds the context's lock, across
    /// processes. Called only when ``sharesContext`` is true, never twice
    /// without ``unlockContext()`` in between. Default: nothing to lock.
    func lockContext() throws
    /// Gives the lock of ``lockContext()`` back. Default: nothing to unlock.
    func unlockContext()

    /// Gives back the outbox messages this session's processing claimed and
    /// did not finish (`outbox run` interrupted), so that others may take
    /// them at once rather than when their leases expire.
    ///
    /// - Returns: How many were given back. Default: 0 (a store used by one
    ///   session at a time holds no leases).
    func releaseClaims() throws -> Int
    /// The leases held now on pending outbox messages, by message id (for
    /// `outbox` and `outbox show`). Default: none.
    func outboxLeases() throws -> [UUID: OutboxLease]
}

/// A lease on an outbox message: who holds it, and until when.
public struct OutboxLease: Sendable, Equatable {
    /// The relay or session holding it (`this session` for this one's).
    public var holder: String
    /// When it expires, after which others may claim the message.
    public var until: Date

    /// Creates a lease held by `holder` until `until`.
    public init(holder: String, until: Date) {
        self.holder = holder
        self.until = until
    }
}

/// A store error that says itself what became of the changes of a failed
/// ``SessionStore/commit(_:adding:)`` (not stored, or unknown after a lost
/// connection): the session shows its description as it is, instead of
/// "the store refused the changes: …".
public protocol CommitOutcomeError: Error, CustomStringConvertible {
    /// Whether the changes may have been stored after all (the commit was
    /// cut short after it went out): an interrupted statement then says so.
    var outcomeUnknown: Bool { get }
}

/// The defaults for a store that only this session uses.
extension SessionStore {
    /// `false`: only this session writes the context.
    public var sharesContext: Bool { false }
    /// Does nothing: with no one else writing the context, there is nothing to lock.
    public func lockContext() throws {}
    /// Does nothing (see ``lockContext()``).
    public func unlockContext() {}
    /// Gives back nothing and returns 0: no one else could take the claims.
    public func releaseClaims() throws -> Int { 0 }
    /// No leases: an empty dictionary.
    public func outboxLeases() throws -> [UUID: OutboxLease] { [:] }
}

/// A store that lives and dies with the session (tests, and sessions
/// without a file).
public final class MemorySessionStore: SessionStore {
    private var context: OrderedDictionary<String, String> = [:]
    private let repository = InMemoryOutboxRepository()

    public init() {}

    public var isPersistent: Bool { false }
    public var outbox: any OutboxRepository { repository }

    public func loadContext() throws -> [(key: String, text: String)] {
        context.map { ($0.key, $0.value) }
    }

    public func commit(_ changes: [(key: String, text: String?)], adding records: [OutboxRecord]) throws {
        for (key, text) in changes { context[key] = text }
        for record in records { try repository.add(record) }
    }

    public func removeAllData() throws {
        context = [:]
        repository.removeAll()
    }
}
