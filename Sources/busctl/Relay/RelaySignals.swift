import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT and SIGTERM for `busctl relay`: the first asks the relay to stop
/// after the message in hand; a second one ends the process at once, with
/// status 128 + the signal's number (130, 143), after a note (its claimed
/// messages come back to the other relays when their leases expire).
///
/// The signals are ignored at the process level and watched through
/// dispatch sources, so the action runs on a queue, where it may lock and
/// log, not in a signal handler. Watching starts before anything else (the
/// connection to the database included), so a signal is never lost.
final class RelaySignals {
    private var sources: [any DispatchSourceSignal] = []

    /// Starts watching.
    ///
    /// - Parameters:
    ///   - first: Runs on a global queue for the first signal.
    ///   - again: Runs for each later one, with the signal's number, before
    ///     the process exits.
    init(first: @escaping @Sendable () -> Void, again: @escaping @Sendable (Int32) -> Void) {
        let received = SignalCount()
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if received.next() == 1 {
                    first()
                } else {
                    again(number)
                    _exit(128 + number) // the log writes straight to its descriptors: nothing to flush
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Stops watching.
    func cancel() {
        sources.forEach { $0.cancel() }
        sources = []
    }
}

/// How many stop signals came (from the sources' handlers, on any thread).
private final class SignalCount: Sendable {
    private let count = Atomic<Int>(0)

    /// Counts one more; returns the new count.
    func next() -> Int {
        count.add(1, ordering: .sequentiallyConsistent).newValue
    }
}
