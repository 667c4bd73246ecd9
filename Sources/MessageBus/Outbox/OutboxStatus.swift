/// Where an outbox record is in its life.
///
/// A record is ``pending`` when it is registered. Processing moves it to
/// ``processed`` when all outbox handlers succeeded, or to ``dead`` (a dead
/// letter, or poison message) when its last allowed attempt failed. A dead
/// record goes back to ``pending`` only through
/// ``OutboxRepository/retry(id:)``.
public enum OutboxStatus: String, Codable, Sendable, CaseIterable {
    /// Waiting to be processed, or to be tried again after a failed attempt.
    case pending
    /// Every outbox handler succeeded; the record can be purged.
    case processed
    /// Its attempts reached ``MessageBus/MessageBus/maxAttempts`` without success: a dead letter.
    case dead
}
