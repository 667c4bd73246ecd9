import MessageBus

/// How one attempt of a relay process (`busctl relay`) at a claimed outbox
/// record ended, as far as the session's outbox handlers are concerned.
///
/// The relay turns it into the record's outcome: processed, failed (pending
/// again after a backoff) or dead at the last allowed attempt.
public enum RelayedAttempt: Sendable, Equatable {
    /// Every outbox handler succeeded.
    case processed
    /// An outbox handler failed; the text is the error to record.
    case failed(String)
    /// A handler ran `crash`: the process "died" with the message in hand,
    /// which stays claimed, its attempt counted, until its lease expires.
    case crashed
}

extension Session {
    /// The names of the session's outbox handlers, in the order they run.
    public var outboxHandlerNames: [String] {
        interpreter.definitions.outboxHandlers.map(\.name)
    }

    /// Runs the session's outbox handlers on `record`, which a relay has
    /// claimed (its ``OutboxRecord/attempts`` is this attempt's number), and
    /// commits what they changed in the context. The record's own state in
    /// the store is left to the relay.
    ///
    /// Call it from one thread at a time, like everything else of a session.
    public func runRelayedAttempt(_ record: OutboxRecord) -> RelayedAttempt {
        interpreter.runRelayedAttempt(record)
    }
}
