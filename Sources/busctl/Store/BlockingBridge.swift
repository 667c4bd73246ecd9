import Dispatch
import Synchronization

/// Runs async code (postgres-nio's) to completion from busctl's synchronous
/// code, which waits for it.
///
/// busctl's session is synchronous: the script runner and the REPL run on
/// the main thread, and `busctl relay` runs its session on a serial
/// dispatch queue of its own. Neither is a thread of Swift concurrency's
/// cooperative pool, so blocking one of them on a semaphore while a `Task`
/// runs on that pool starves no task: the pool's threads stay free to run
/// the task and postgres-nio's event loops run on threads of their own.
/// (Blocking a cooperative thread this way could deadlock a small pool;
/// never call ``run(_:)`` from async code.)
///
/// A database that does not answer (a stalled connection, a server gone)
/// could keep such a wait going for minutes, so ``run(_:)`` waits in short
/// slices and asks ``interruption`` between them: Ctrl-C in a session, a
/// stop of `busctl relay`. When it says so, the task is cancelled and
/// abandoned (it may still finish later; its result is dropped) and the
/// wait throws ``BlockingBridgeInterrupted``.
enum BlockingBridge {
    /// Whether a wait should end now.
    enum Interruption: Sendable {
        /// Keep waiting.
        case none
        /// End the wait if it is still going on after this long since it
        /// started, or since the interruption was asked for, whichever is
        /// later (`busctl relay`'s stop: the message in hand gets a moment
        /// to finish, a database that does not answer does not hold the stop).
        case after(Duration, since: ContinuousClock.Instant)
        /// End the wait at once.
        case now
    }

    /// What each wait asks; set once by the program (the session's Ctrl-C,
    /// the relay's stop). Default: never interrupted.
    static let interruption = Mutex<@Sendable () -> Interruption>({ .none })

    /// How many waits ``run(_:)`` cut short so far: a caller compares the
    /// counts before and after some work to learn whether it was cut short.
    static var interruptions: Int { interrupted.load(ordering: .sequentiallyConsistent) }
    private static let interrupted = Atomic<Int>(0)

    /// How often a wait looks at ``interruption``.
    private static let slice = DispatchTimeInterval.milliseconds(50)

    /// Runs `operation` in a new task and waits for its result, unless
    /// ``interruption`` ends the wait first.
    ///
    /// - Throws: What `operation` throws; ``BlockingBridgeInterrupted``.
    static func run<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
        let interruption = self.interruption.withLock { $0 }
        return try wait(for: operation) { started in
            switch interruption() {
            case .none:
                return false
            case .now:
                break
            case .after(let grace, let since):
                guard ContinuousClock.now - max(started, since) >= grace else { return false }
            }
            interrupted.add(1, ordering: .sequentiallyConsistent)
            return true
        }
    }

    /// Runs `operation` to its end, whatever ``interruption`` says, but
    /// waits at most `timeout` (cleanup: closing a connection, giving back
    /// claims or a lock while the user interrupts; nil: no limit, for a
    /// relay's whole run, which its stop ends).
    ///
    /// - Throws: What `operation` throws; ``BlockingBridgeInterrupted``
    ///   when the time runs out (the task is cancelled).
    static func runToEnd<T: Sendable>(timeout: Duration?, _ operation: @escaping @Sendable () async throws -> T) throws -> T {
        guard let timeout else {
            // Nothing to look at while it runs: block without waking.
            return try wait(for: operation, until: nil)
        }
        return try wait(for: operation) { started in
            ContinuousClock.now - started >= timeout
        }
    }

    private static func wait<T: Sendable>(
        for operation: @escaping @Sendable () async throws -> T,
        until shouldStop: ((ContinuousClock.Instant) -> Bool)?
    ) throws -> T {
        let outcome = Mutex<Result<T, any Error>?>(nil)
        let finished = DispatchSemaphore(value: 0)
        let started = ContinuousClock.now
        let task = Task {
            let result: Result<T, any Error>
            do {
                result = .success(try await operation())
            } catch {
                result = .failure(error)
            }
            outcome.withLock { $0 = result }
            finished.signal()
        }
        if let shouldStop {
            // Slices only when something may end the wait early.
            while finished.wait(timeout: .now() + slice) == .timedOut {
                if shouldStop(started) {
                    task.cancel()
                    throw BlockingBridgeInterrupted()
                }
            }
        } else {
            finished.wait()
        }
        guard let result = outcome.withLock({ $0 }) else {
            throw BlockingBridgeError()
        }
        return try result.get()
    }
}

/// A wait of ``BlockingBridge`` was interrupted (Ctrl-C, a relay's stop) or
/// ran out of time: what it waited for may or may not have happened.
struct BlockingBridgeInterrupted: Error, CustomStringConvertible {
    var description: String { "interrupted" }
}

/// The task of ``BlockingBridge/run(_:)`` ended without a result (it cannot:
/// the task always stores one before it signals).
struct BlockingBridgeError: Error, CustomStringConvertible {
    var description: String { "an asynchronous operation ended without a result" }
}
