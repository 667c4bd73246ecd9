import Foundation

/// How long a test waits for something that must happen before it fails
/// instead of hanging. It is never a measurement: every assertion is on
/// exact values, and a correct bus never comes near it.
let hangGuard = Duration.seconds(30)

/// Thrown when a wait reaches ``hangGuard``.
struct WaitTimedOut: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting for \(what)" }
}

/// A one-shot signal: ``wait(_:)`` suspends until ``fire()`` was called.
///
/// The wait is cancellable (it throws `CancellationError` when its task is
/// cancelled) and bounded (it throws ``WaitTimedOut`` after ``hangGuard``).
final class Signal: Sendable {
    private struct State {
        var fired = false
        var nextID = 0
        var waiters: [Int: CheckedContinuation<Void, any Error>] = [:]
        /// Waits ended (by cancellation or timeout) before they registered.
        var abandoned: [Int: any Error] = [:]
    }

    private let state = Locked(State())

    /// Whether ``fire()`` was called.
    var isFired: Bool { state.withLock { $0.fired } }

    /// Wakes every waiter, now and later.
    func fire() {
        let waiters = state.withLock { state in
            state.fired = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters {
            waiter.resume()
        }
    }

    /// Suspends until ``fire()`` was called.
    ///
    /// - Parameter what: Names the wait in a timeout error.
    /// - Throws: `CancellationError` when the task is cancelled first;
    ///   ``WaitTimedOut`` after ``hangGuard``.
    func wait(_ what: String = "a signal") async throws {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        let watchdog = Task { [weak self] in
            try await Task.sleep(for: hangGuard)
            self?.end(id, with: WaitTimedOut(what: what))
        }
        defer { watchdog.cancel() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let now: Result<Void, any Error>? = state.withLock { state in
                    if state.fired { return .success(()) }
                    if let error = state.abandoned.removeValue(forKey: id) { return .failure(error) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let now {
                    continuation.resume(with: now)
                }
            }
        } onCancel: {
            end(id, with: CancellationError())
        }
    }

    /// Ends the wait `id` with `error`, whether or not it registered yet.
    private func end(_ id: Int, with error: any Error) {
        let waiter: CheckedContinuation<Void, any Error>? = state.withLock { state in
            if let waiter = state.waiters.removeValue(forKey: id) { return waiter }
            if !state.fired, state.abandoned[id] == nil { state.abandoned[id] = error }
            return nil
        }
        waiter?.resume(throwing: error)
    }
}

/// Suspends until the current task is cancelled.
///
/// - Throws: `CancellationError` when it is; ``WaitTimedOut`` after ``hangGuard``.
func waitUntilCancelled(_ what: String = "cancellation") async throws {
    try await Signal().wait(what)
}

/// A reusable barrier: each party's ``arriveAndWait(_:)`` suspends until
/// `parties` parties have arrived, then all go on together.
///
/// If the parties cannot all be waiting at the same time (because the code
/// under test runs them one after the other), the first one waits until
/// ``hangGuard`` and throws ``WaitTimedOut``: the test fails instead of hanging.
final class Barrier: Sendable {
    let parties: Int
    private let state: Locked<(arrived: Int, signal: Signal)>

    init(parties: Int) {
        self.parties = parties
        state = Locked((0, Signal()))
    }

    /// Arrives and waits for the others.
    ///
    /// - Throws: `CancellationError`, or ``WaitTimedOut`` after ``hangGuard``.
    func arriveAndWait(_ what: String = "the barrier") async throws {
        let (signal, isLast) = state.withLock { state -> (Signal, Bool) in
            state.arrived += 1
            let signal = state.signal
            guard state.arrived == parties else { return (signal, false) }
            state = (0, Signal())
            return (signal, true)
        }
        if isLast {
            signal.fire()
        }
        try await signal.wait(what)
    }
}

/// Named one-shot signals, made on first use.
final class Signals: Sendable {
    private let signals = Locked<[String: Signal]>([:])

    subscript(name: String) -> Signal {
        signals.withLock { signals in
            if let signal = signals[name] { return signal }
            let signal = Signal()
            signals[name] = signal
            return signal
        }
    }
}

/// Counts how many of something are running, and the most there ever were.
final class InFlightCounter: Sendable {
    private let state = Locked((current: 0, maximum: 0, entries: 0))

    /// The most that were running at once.
    var maximum: Int { state.withLock { $0.maximum } }

    /// How many are running now.
    var current: Int { state.withLock { $0.current } }

    /// How many ever started.
    var entries: Int { state.withLock { $0.entries } }

    func enter() {
        state.withLock { state in
            state.current += 1
            state.entries += 1
            state.maximum = max(state.maximum, state.current)
        }
    }

    func leave() {
        state.withLock { $0.current -= 1 }
    }
}

/// Lines appended from any task.
final class Lines: Sendable {
    private let lines = Locked<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }
}
