#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The errors of outbox repositories, of building outbox records and of
/// decoding their payloads.
public enum OutboxError: Error, CustomStringConvertible, Equatable {
    /// ``OutboxRepository/retry(id:)`` was asked to retry a record that is not dead.
    ///
    /// Description: `outbox message <id> is not dead`.
    case notDead(UUID)

    /// No record has this id.
    ///
    /// Description: `no outbox message <id>`.
    case notFound(UUID)

    /// ``OutboxRepository/add(_:)`` was given a record whose id is already stored.
    ///
    /// Description: `outbox message <id> already exists`.
    case duplicateID(UUID)

    /// A message or its meta could not be encoded as JSON (for example a
    /// Double that is not finite, or a Date outside years 0–9999). The text
    /// says what and why.
    case encodingFailed(String)

    /// A payload or meta could not be decoded as the requested type. The text
    /// says what and why.
    case decodingFailed(String)

    /// The meta given as JSON is not a JSON object. The text says why.
    case invalidMeta(String)

    /// A stored row could not be read as an outbox record (a column is
    /// missing, NULL or of the wrong kind): the store is corrupt or foreign.
    /// The text says which row and column.
    case invalidStoredRecord(String)

    /// A human-readable explanation.
    public var description: String {
        switch self {
        case .notDead(let id):
            "outbox message \(id.lowercasedString) is not dead"
        case .notFound(let id):
            "no outbox message \(id.lowercasedString)"
        case .duplicateID(let id):
            "outbox message \(id.lowercasedString) already exists"
        case .encodingFailed(let text):
            "cannot encode outbox message: \(text)"
        case .decodingFailed(let text):
            "cannot decode outbox message: \(text)"
        case .invalidMeta(let text):
            "invalid outbox meta: \(text)"
        case .invalidStoredRecord(let text):
            "invalid outbox record in the store: \(text)"
        }
    }
}

extension OutboxError: LocalizedError {
    /// The same text as ``description``.
    public var errorDescription: String? { description }
}

extension UUID {
    /// The UUID in lowercase text, as outbox ids are shown and stored.
    var lowercasedString: String { uuidString.lowercased() }
}
