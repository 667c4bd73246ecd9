import Synchronization

/// What an idle relay waits on: a signal (a notification, a stop request)
/// or a timeout, whichever comes first.
///
/// A signal that comes while nobody waits is kept, so that the next
/// ``wait(timeout:)`` returns at once: a message committed while the relay
/// was busy is not missed. ``reset()`` forgets it (before a fresh look at
/// the outbox, which sees that message anyway).
final class Wakeup: Sendable {
    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Void, Never>
        var timer: Task<Void, Never>?
    }

    private struct State {
        var signalled = false
        var waiter: Waiter?
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Wakes the waiter, or the next one.
    func signal() {
        let waiter = state.withLock { state -> Waiter? in
            guard let waiter = state.waiter else {
                state.signalled = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.timer?.cancel()
        waiter?.continuation.resume()
    }

    /// Forgets a signal that nobody waited for.
    func reset() {
        state.withLock { $0.signalled = false }
    }

    /// Returns when signalled (at once if a signal came since the last
    /// wait or reset) or when `timeout` has passed. One waiter at a time.
    func wait(timeout: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let id = state.withLock { state -> UInt64? in
                if state.signalled {
                    state.signalled = false
                    return nil
                }
                state.nextID += 1
                state.waiter = Waiter(id: state.nextID, continuation: continuation)
                return state.nextID
            }
            guard let id else {
                continuation.resume()
                return
            }
            let timer = Task {
                try? await Task.sleep(for: timeout)
                self.expire(id)
            }
            let expired = state.withLock { state -> Bool in
                guard state.waiter?.id == id else { return true }
                state.waiter?.timer = timer
                return false
            }
            if expired {
                timer.cancel()
            }
        }
    }

    /// Ends wait number `id` if it is still waiting.
    private func expire(_ id: UInt64) {
        let waiter = state.withLock { state -> Waiter? in
            guard let waiter = state.waiter, waiter.id == id else { return nil }
            state.waiter = nil
            return waiter
        }
        waiter?.continuation.resume()
    }
}
