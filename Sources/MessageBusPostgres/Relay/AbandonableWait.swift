import Synchronization

/// Waits for a task's result that may never come (a query on a connection
/// whose server stopped answering ignores cancellation until the socket
/// gives up): ``end(_:)`` stops the wait at once with an error, and the
/// task, cancelled, is left to finish on its own.
final class AbandonableWait<T: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<T, any Error>?>(nil)
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// Runs `operation` in a task of its own; returns its result, or the
    /// error given to ``end(_:)`` first. `started` runs once the wait can
    /// be ended (to register ``end(_:)`` with whoever ends it).
    func run(_ operation: @escaping @Sendable () async throws -> T, started: () -> Void) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            self.continuation.withLock { $0 = continuation }
            let task = Task {
                do {
                    self.finish(.success(try await operation()))
                } catch {
                    self.finish(.failure(error))
                }
            }
            self.task.withLock { $0 = task }
            started()
        }
    }

    /// Ends the wait with `error` (if it has not ended) and cancels the task.
    func end(_ error: any Error) {
        finish(.failure(error))
        task.withLock { $0 }?.cancel()
    }

    private func finish(_ result: Result<T, any Error>) {
        let waiting = continuation.withLock { continuation in
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(with: result)
    }
}

/// A wait for the database that took longer than the relay allows
/// (``PostgresOutboxRelay/Configuration/unreachableAfter``).
struct DatabaseTimeout: Error, CustomStringConvertible {
    var timeout: Duration
    var description: String { "no answer within \(timeout.components.seconds) s" }
}
