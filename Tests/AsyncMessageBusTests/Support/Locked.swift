import Foundation

/// A value guarded by a lock, for test helpers that many tasks use at once.
///
/// Not `Synchronization.Mutex`: on Linux a *contended* `Mutex` hands the lock
/// over inside the kernel (a priority-inheritance futex), which the thread
/// sanitizer cannot see, so it reports the guarded accesses as races (a
/// false positive, but one that fails a `--sanitize=thread` run). `NSLock` is a
/// pthread mutex, which the sanitizer understands.
///
/// `@unchecked Sendable` is safe because `value` is private and only read or
/// written inside ``withLock(_:)``, which holds `lock` for the whole access,
/// and `Value` is itself `Sendable`.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with the value, holding the lock. `body` must not suspend
    /// (it cannot: it is synchronous) nor call `withLock` on the same object.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
