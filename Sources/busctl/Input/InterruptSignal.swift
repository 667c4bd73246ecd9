import BusScript
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What Ctrl-C (SIGINT) does in busctl, shared with the signal handler.
///
/// - While a statement runs, the first Ctrl-C raises `flag`, which the
///   interpreter checks at every step to stop with "interrupted"; a second
///   one, if the statement still has not stopped, ends the process with
///   status 130.
/// - While busctl waits for input, Ctrl-C sets `inputCancelled`; the
///   handler is installed without `SA_RESTART`, so the blocked `read`
///   returns `EINTR` and the reader reports an interrupted line.
///
/// Everything the handler touches is a lock-free atomic, initialised before
/// the handler is installed.
enum InterruptSignal {
    /// The flag given to the `Session`.
    static let flag = InterruptFlag()
    /// True while a statement runs.
    static let isRunning = Atomic<Bool>(false)
    /// Set by Ctrl-C while busctl waits for input.
    static let inputCancelled = Atomic<Bool>(false)
    /// Whether Ctrl-C during a statement starts a new line on standard
    /// error (at a terminal, which has just echoed `^C`).
    static let startsNewLine = Atomic<Bool>(false)

    /// Installs the SIGINT handler (once, at start).
    ///
    /// - Parameter atTerminal: true when standard input is a terminal.
    static func install(atTerminal: Bool) {
        // Touch every static so that its lazy initialisation never happens
        // inside the handler.
        flag.clear()
        isRunning.store(false, ordering: .relaxed)
        inputCancelled.store(false, ordering: .relaxed)
        startsNewLine.store(atTerminal, ordering: .relaxed)
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = handleInterrupt
        #else
        action.__sigaction_u.__sa_handler = handleInterrupt
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }

    /// Runs `body` as a statement: Ctrl-C now interrupts it.
    static func whileRunning<T>(_ body: () -> T) -> T {
        flag.clear()
        isRunning.store(true, ordering: .sequentiallyConsistent)
        defer {
            isRunning.store(false, ordering: .sequentiallyConsistent)
            flag.clear()
        }
        return body()
    }

    /// Clears `inputCancelled` before busctl waits for input.
    static func prepareToRead() {
        inputCancelled.store(false, ordering: .sequentiallyConsistent)
    }

    /// True when Ctrl-C arrived since `prepareToRead()`.
    static var wasInputCancelled: Bool {
        inputCancelled.load(ordering: .sequentiallyConsistent)
    }
}

/// The SIGINT handler. Async-signal-safe: atomics, `write` and `_exit` only.
private func handleInterrupt(_ signal: Int32) {
    if InterruptSignal.isRunning.load(ordering: .sequentiallyConsistent) {
        if InterruptSignal.flag.isRaised {
            _exit(130)
        }
        InterruptSignal.flag.raise()
        if InterruptSignal.startsNewLine.load(ordering: .relaxed) {
            var newline: UInt8 = 0x0A
            _ = write(2, &newline, 1)
        }
    } else {
        InterruptSignal.inputCancelled.store(true, ordering: .sequentiallyConsistent)
    }
}
