#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The errors a ``MessageBus`` throws when a cascade cannot go on.
///
/// The descriptions contain fixed phrases that scripts and tests rely on
/// (busctl's `expect error "no handler for"`): `no handler for`,
/// `cascade limit`, `wrong type`. A failed command handler's description is
/// its own error's, so a script sees the text it failed with.
public enum MessageBusError: Error, CustomStringConvertible {
    /// A command was dispatched and no handler is registered for its name.
    ///
    /// Description: `no handler for <messageName>`.
    case noHandler(messageName: String)

    /// A command handler threw `underlying`; the cascade was abandoned.
    ///
    /// Description: `String(describing: underlying)`.
    case commandHandlerFailed(messageName: String, handlerName: String, underlying: any Error)

    /// The cascade dispatched `limit` messages and had more queued.
    ///
    /// Description contains `cascade limit`.
    case cascadeLimitExceeded(limit: Int)

    /// A typed handler was given a message it cannot read as its own type,
    /// neither by a cast nor by a JSON round trip.
    ///
    /// Description contains `wrong type`.
    case messageTypeMismatch(expected: String, actual: String)

    /// A human-readable explanation, with the phrases described on each case.
    public var description: String {
        switch self {
        case .noHandler(let messageName):
            "no handler for \(messageName)"
        case .commandHandlerFailed(_, _, let underlying):
            String(describing: underlying)
        case .cascadeLimitExceeded(let limit):
            "cascade limit of \(limit) messages exceeded"
        case .messageTypeMismatch(let expected, let actual):
            "wrong type: a handler of \(expected) cannot read message \(actual)"
        }
    }
}

extension MessageBusError: LocalizedError {
    /// The same text as ``description``, so that `localizedDescription` is useful too.
    public var errorDescription: String? { description }
}
