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
enum BlockingBridge {
    /// Runs `operation` in a new task and waits for its result.
    ///
    /// - Throws: What `operation` throws.
    static func run<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Mutex<Result<T, any Error>?>(nil)
        let finished = DispatchSemaphore(value: 0)
        Task {
            let result: Result<T, any Error>
            do {
                result = .success(try await operation())
            } catch {
                result = .failure(error)
            }
            outcome.withLock { $0 = result }
            finished.signal()
        }
        finished.wait()
        guard let result = outcome.withLock({ $0 }) else {
            throw BlockingBridgeError()
        }
        return try result.get()
    }
}

/// The task of ``BlockingBridge/run(_:)`` ended without a result (it cannot:
/// the task always stores one before it signals).
struct BlockingBridgeError: Error, CustomStringConvertible {
    var description: String { "an asynchronous operation ended without a result" }
}
