import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT and SIGTERM for `busctl relay`: each asks the relay to stop after
/// the message in hand (a second one changes nothing; SIGKILL is the way to
/// stop a relay at once, and its messages are claimed again when their
/// leases expire).
///
/// The signals are ignored at the process level and watched through
/// dispatch sources, so the action runs on a queue, where it may lock and
/// log, not in a signal handler.
final class RelaySignals {
    private var sources: [any DispatchSourceSignal] = []

    /// Starts watching; `action` runs on a global queue for each signal.
    init(_ action: @escaping @Sendable (Int32) -> Void) {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { action(number) }
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
