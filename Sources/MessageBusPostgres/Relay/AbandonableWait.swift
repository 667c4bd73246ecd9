import Synchronization

/// Waits for a task's result that may never come (a query on a connection
/// whose server stopped answering ignores cancellation until the socket
/// gives up): ``end(_:)`` stops the wait at once with an error, and the
/// task, cancelled, is left to finish on its own.
///
/// ``end(_:)`` may come at any time, before ``run(_:started:)`` too (a
/// timer that fires before the waiting task is scheduled): it is kept, and
/// a later ``run(_:started:)`` ends at once with its error.
final class AbandonableWait<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var task: Task<Void, Never>?
        /// The error of the first ``end(_:)``, once called.
        var ended: (any Error)?
    }

    private let state = Mutex(State())

    /// Runs `operation` in a task of its own; returns its result, or the
    /// error given to ``end(_:)`` first (before this call too). `started`
    /// runs once the wait can be ended (to register ``end(_:)`` with
    /// whoever ends it).
    func run(_ operation: @escaping @Sendable () async throws -> T, started: () -> Void) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            // Under the lock: an end() in between either sees the
            // continuation or is seen here, never neither.
            let endedBefore: (any Error)? = state.withLock { state in
                if let ended = state.ended { return ended }
                state.continuation = continuation
                return nil
            }
            if let endedBefore {
                continuation.resume(throwing: endedBefore)
                return
            }
            let task = Task {
                do {
                    self.finish(.success(try await operation()))
                } catch {
                    self.finish(.failure(error))
                }
            }
            // An end() that came before the task was stored could not
            // cancel it: cancel it here.
            let cancel = state.withLock { state in
                state.task = task
                return state.ended != nil
            }
            if cancel { task.cancel() }
            started()
        }
    }

    /// Ends the wait with `error` (if it has not ended) and cancels the task.
    func end(_ error: any Error) {
        let (waiting, task) = state.withLock { state in
            if state.ended == nil { state.ended = error }
            defer { state.continuation = nil }
            return (state.continuation, state.task)
        }
        waiting?.resume(throwing: error)
        task?.cancel()
    }

    private func finish(_ result: Result<T, any Error>) {
        let waiting = state.withLock { state in
            defer { state.continuation = nil }
            return state.continuation
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
