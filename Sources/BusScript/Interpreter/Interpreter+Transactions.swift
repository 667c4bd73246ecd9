import Foundation
import MessageBus
import OrderedCollections

/// What `begin` opened: the context as it was, and the outbox records
/// added since, which `commit` stores together and `rollback` discards.
struct OpenTransaction {
    var snapshot: OrderedDictionary<String, Value>
    var records: [OutboxRecord] = []
    var startedAt: SourceLocation
    /// Whether `begin` took the store's context lock, held until the
    /// transaction ends (a shared context: other writers wait).
    var holdsContextLock = false
}

extension Interpreter {
    /// Runs a top-level statement of a text or a loaded file, then commits
    /// its changes when no transaction is open. A `crash` ends only this
    /// statement (LANGUAGE.md §11).
    ///
    /// On a shared context (`--postgres`) a statement outside a transaction
    /// is one unit of work: it reads the context again first and commits
    /// under the store's lock (see ``withSharedContext(_:)``).
    func runStatement(_ statement: Stmt) throws {
        if storeSharesContext, contextLockDepth == 0 {
            try withSharedContext { try runAndCommit(statement) }
        } else {
            try runAndCommit(statement)
        }
    }

    private func runAndCommit(_ statement: Stmt) throws {
        do {
            try runTopLevel(statement)
        } catch let crash as SimulatedCrash {
            try recover(from: crash)
            return
        } catch {
            // Outside a transaction no change is lost, not even a failing statement's.
            do { try commitChanges() } catch let failure as ScriptFailure {
                if var original = error as? ScriptFailure {
                    original.notes.append(failure.message)
                    throw original
                }
            }
            throw error
        }
        try commitChanges()
    }

    /// Marks a context key as changed since the last commit.
    func touch(_ key: String) {
        dirtyKeys.insert(key)
    }

    /// Outside a transaction, writes every changed context key to the store.
    func commitChanges() throws {
        guard transaction == nil, !dirtyKeys.isEmpty else { return }
        try storeCommit(records: [])
    }

    /// Writes the changed context keys and `records` in one store transaction.
    func storeCommit(records: [OutboxRecord]) throws {
        let changes = dirtyKeys.sorted().map { key in (key: key, text: context.values[key]?.storageText) }
        do {
            try store.commit(changes, adding: records)
        } catch let error as any CommitOutcomeError {
            var failure = ScriptFailure(error.description, at: currentStatement)
            if error.outcomeUnknown {
                failure.noteIfInterrupted = "the commit was cut short: its changes may or may not be stored; look before doing them again"
            }
            throw failure
        } catch {
            throw ScriptFailure("the store refused the changes: \(error)", at: currentStatement)
        }
        dirtyKeys = []
    }

    func begin(at location: SourceLocation) throws {
        if let open = transaction {
            throw ScriptFailure("a transaction is already open (since \(open.startedAt)); `commit` or `rollback` it first", at: location)
        }
        try commitChanges()
        // The statement `begin` holds the lock already (and read the context
        // again); the transaction keeps it until `commit` or `rollback`.
        try lockContext()
        transaction = OpenTransaction(snapshot: context.values, startedAt: location, holdsContextLock: storeSharesContext)
    }

    func commit(at location: SourceLocation) throws {
        guard let open = transaction else {
            throw ScriptFailure("`commit` without `begin`: no transaction is open", at: location)
        }
        transaction = nil
        do {
            try storeCommit(records: open.records)
        } catch {
            // Nothing was stored: the transaction stays open, so nothing is lost.
            transaction = open
            throw error
        }
        if open.holdsContextLock { unlockContext() }
        note("committed \(dirtyDescription(open))")
    }

    func rollback(at location: SourceLocation) throws {
        guard let open = transaction else {
            throw ScriptFailure("`rollback` without `begin`: no transaction is open", at: location)
        }
        discard(open)
        note("rolled back: the context is as it was at \(open.startedAt) and \(open.records.count) outbox message\(open.records.count == 1 ? " was" : "s were") discarded")
    }

    private func dirtyDescription(_ open: OpenTransaction) -> String {
        "the context and \(open.records.count) outbox message\(open.records.count == 1 ? "" : "s")"
    }

    private func discard(_ open: OpenTransaction) {
        endTransaction()
        context.values = open.snapshot
        dirtyKeys = []
    }

    /// Forgets the open transaction, if any, and gives back the context
    /// lock it held.
    func endTransaction() {
        guard let open = transaction else { return }
        transaction = nil
        if open.holdsContextLock { unlockContext() }
    }

    /// Ends the session: an open transaction is rolled back with a warning.
    func rollBackAtEnd() {
        guard let open = transaction else { return }
        discard(open)
        note("warning: the session ended with the transaction begun at \(open.startedAt) still open; it was rolled back")
    }

    /// `crash`: the process dies and restarts. Types, handlers, functions,
    /// settings and top-level locals stay; context and outbox come back as
    /// committed; an open transaction and a stepped cascade are lost.
    func recover(from crash: SimulatedCrash) throws {
        emit(.crash)
        if let open = transaction {
            discard(open)
            note("the crash rolled back the transaction begun at \(open.startedAt)")
        }
        if let stepped = steppedCascade {
            steppedCascade = nil
            note("the crash lost the stepped cascade started at \(stepped.sentAt)")
        }
        // Outside a transaction every change was committed as it happened.
        try commitChanges()
        context.values = try Interpreter.committedContext(of: store)
    }

    /// `reset` / `reset data` (LANGUAGE.md §12).
    func resetSession(data: Bool, at location: SourceLocation) throws {
        if data {
            guard store.isPersistent else {
                throw ScriptFailure("`reset data` empties a `--db` file; this session keeps its data in memory, where `reset` empties it", at: location)
            }
            try store.removeAllData()
            try reset()
            note("session reset; the context and the outbox in the database were emptied")
            return
        }
        try reset()
        note(store.isPersistent
            ? "session reset: types, handlers, functions, variables and settings are cleared; the context and outbox in the database are kept (`reset data` empties them)"
            : "session reset: types, handlers, functions, variables, settings, the context and the outbox are cleared")
    }
}
