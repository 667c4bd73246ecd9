import BusScript
import Dispatch
import MessageBus

/// The busctl session behind `busctl relay`: the handlers file's
/// definitions, whose outbox handlers run on each message the relay claims.
///
/// A `Session` is not `Sendable` (it is busctl's single-threaded
/// interpreter), while the relay calls its handler from tasks of Swift
/// concurrency. So the session, and the output it writes to, are confined
/// to one serial dispatch queue: every use goes through ``perform(_:)`` or
/// ``attempt(_:)``, which run on that queue, one at a time. That is why
/// the box may be `@unchecked Sendable`. The queue's thread is not one of
/// Swift concurrency's, so the session's store may block it while it waits
/// for PostgreSQL (``BlockingBridge``).
final class RelaySession: @unchecked Sendable {
    private let queue = DispatchQueue(label: "busctl.relay.session")
    private let session: Session
    private let output: TerminalOutput
    private let errors: OutputChannel
    /// Where the session's standard error goes once the relay runs; read
    /// and written on ``queue`` only (see ``sendErrors(to:)``).
    private var log: RelayLog?

    /// Takes over `session`, `output` and `errors` (the capturing channel
    /// the session's standard error is written to); do not use them
    /// elsewhere afterwards.
    init(session: Session, output: TerminalOutput, errors: OutputChannel) {
        self.session = session
        self.output = output
        self.errors = errors
    }

    /// Sends what the session writes to standard error through `log` from
    /// now on. Set on the session's queue, where ``flush()`` reads it, so
    /// that the write and the reads do not race.
    func sendErrors(to log: RelayLog) {
        queue.sync { self.log = log }
    }

    /// Runs `body` with the session on the session's queue, waits for it,
    /// then flushes the session's output. Call it from a thread that may block
    /// (not from async code).
    func perform<T>(_ body: (Session) -> T) -> T {
        queue.sync {
            defer { flush() }
            return body(session)
        }
    }

    /// Runs the session's outbox handlers on a claimed record, on the
    /// session's queue, without blocking the calling task.
    func attempt(_ record: OutboxRecord) async -> RelayedAttempt {
        await withCheckedContinuation { continuation in
            queue.async {
                let attempt = self.session.runRelayedAttempt(record)
                self.flush()
                continuation.resume(returning: attempt)
            }
        }
    }

    /// Writes out the session's output. What it wrote to standard error (a
    /// failing handler's report) goes through ``log`` line by line, so that
    /// each line says when and which relay, like the relay's own notes.
    private func flush() {
        output.flush()
        let text = errors.takeCaptured()
        guard !text.isEmpty else { return }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        if let log {
            for line in lines { log.note(String(line)) }
        } else {
            let channel = OutputChannel(fileDescriptor: 2)
            for line in lines { channel.writeLine(String(line)) }
            channel.flush()
        }
    }
}

/// A failed attempt: its text is what the relay records as the message's error.
struct RelayedFailure: Error, CustomStringConvertible {
    var description: String
}

/// `crash` in an outbox handler: the relay process "dies" with the message in
/// hand. It unwinds through the relay (which records nothing for it), as a
/// real crash would; busctl then restarts the relay.
struct RelayedCrash: CascadeAbortingError, CustomStringConvertible {
    var record: OutboxRecord
    var description: String { "crash" }
}

/// The relay's stop cut short a wait of a message's handlers for the
/// database (which did not answer): like a crash, the attempt is not
/// recorded, and the message is claimed again when its lease expires.
struct RelayedInterruption: CascadeAbortingError, CustomStringConvertible {
    var record: OutboxRecord
    var description: String { "interrupted" }
}
