import OrderedCollections

/// The context of a store that other processes write too (`--postgres`:
/// relays and other sessions).
///
/// A session works on an in-memory copy of the context and commits whole
/// values (`ctx.shipped = ctx.shipped + [7]` stores the new list). Two
/// processes doing that at once, each from its own copy, lose one of the
/// two updates. So each unit of work that reads and writes the context (a
/// top-level statement outside `begin`, a transaction from `begin` to
/// `commit`/`rollback`, a relay's attempt at one message) takes the store's
/// lock, reads the context again, runs and commits before it gives the lock
/// back: units of different processes run one after the other, each on
/// what the previous one committed. Stores used by one session at a time
/// (memory, `--db`) share nothing, and none of this runs for them.
extension Interpreter {
    /// Runs `body` as one unit of work on the shared context: under the
    /// store's lock, on the context as committed now. Nested units (the
    /// statements of a `load`ed file, those inside `begin`) run in the
    /// outer one's lock, without reading again.
    func withSharedContext<T>(_ body: () throws -> T) throws -> T {
        guard storeSharesContext, contextLockDepth == 0 else { return try body() }
        try lockContext()
        defer { unlockContext() }
        try refreshContext()
        return try body()
    }

    /// Counts one more holder of the store's context lock, taking the lock
    /// for the first.
    func lockContext() throws {
        guard storeSharesContext else { return }
        if contextLockDepth == 0 {
            do {
                try store.lockContext()
            } catch {
                throw ScriptFailure("cannot lock the shared context: \(error)", at: currentStatement)
            }
        }
        contextLockDepth += 1
    }

    /// Counts one holder less, giving the lock back after the last.
    func unlockContext() {
        guard storeSharesContext, contextLockDepth > 0 else { return }
        contextLockDepth -= 1
        if contextLockDepth == 0 {
            store.unlockContext()
        }
    }

    /// Reads the committed context again. Keys changed here but not yet
    /// committed (a commit that failed) keep their value, so that the next
    /// commit still stores them.
    func refreshContext() throws {
        var fresh: OrderedDictionary<String, Value>
        do {
            fresh = try Interpreter.committedContext(of: store)
        } catch let failure as ScriptFailure {
            throw failure
        } catch {
            throw ScriptFailure("cannot read the context: \(error)", at: currentStatement)
        }
        for key in dirtyKeys {
            fresh[key] = context.values[key]
        }
        context.values = fresh
    }
}
