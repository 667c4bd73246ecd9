/// How processing one outbox record ended.
///
/// Reported to ``MessageBusObserver/messageBus(didFinishOutboxRecord:outcome:)``
/// and in ``OutboxReport/results``.
public enum OutboxOutcome: Sendable, Equatable {
    /// Every outbox handler succeeded; the record is now ``OutboxStatus/processed``.
    case processed
    /// An outbox handler threw the error described by the text; the attempt
    /// is recorded and the record stays ``OutboxStatus/pending``.
    case failed(String)
    /// The record became a dead letter (``OutboxStatus/dead``): its last
    /// allowed attempt failed with the error described by the text, or its
    /// attempts had already reached the maximum (`gave up after N attempts`).
    case dead(String)

    /// The error text of a failed or dead outcome; `nil` for ``processed``.
    public var error: String? {
        switch self {
        case .processed: nil
        case .failed(let error), .dead(let error): error
        }
    }
}
