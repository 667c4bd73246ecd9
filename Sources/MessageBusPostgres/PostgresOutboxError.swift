import Foundation
import MessageBus
import PostgresNIO

/// An error of the PostgreSQL server or connection while the outbox used it,
/// with the server's own code and message, so that a user can act on it.
///
/// postgres-nio's `PSQLError` describes itself with a generic text on
/// purpose (its details may hold data); the outbox's callers are operators
/// and relays that log what went wrong, so this error carries the SQLSTATE
/// code, the server's message, its detail and hint, and what the outbox was
/// doing. The original error is in ``underlying``.
///
/// Outbox errors that are not the database's (``OutboxError/notFound(_:)``,
/// ``OutboxError/duplicateID(_:)`` and the others) are thrown as they are.
public struct PostgresOutboxError: Error, CustomStringConvertible, LocalizedError {
    /// What the outbox was doing, for example `claim due outbox messages`.
    public var operation: String

    /// The server's SQLSTATE code (`42P01`: undefined table), or `nil` when
    /// the error did not come from the server (a lost connection).
    public var sqlState: String?

    /// The server's message, or a description of the connection error.
    public var message: String

    /// The server's detail, if any.
    public var detail: String?

    /// The server's hint, if any.
    public var hint: String?

    /// The error postgres-nio threw.
    public var underlying: any Error

    /// Creates an error. The outbox creates them; this initialiser is for tests and tools.
    ///
    /// - Parameters:
    ///   - operation: What was being done.
    ///   - sqlState: The SQLSTATE code, if the server sent one.
    ///   - message: The server's message or the connection error's description.
    ///   - detail: The server's detail.
    ///   - hint: The server's hint.
    ///   - underlying: The original error.
    public init(operation: String, sqlState: String?, message: String, detail: String? = nil, hint: String? = nil, underlying: any Error) {
        self.operation = operation
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.underlying = underlying
    }

    /// `cannot <operation>: <message> (SQLSTATE <code>)`, then the detail and the hint.
    public var description: String {
        var text = "cannot \(operation): \(message)"
        if let sqlState {
            text += " (SQLSTATE \(sqlState))"
        }
        if let detail {
            text += "; \(detail)"
        }
        if let hint {
            text += "; hint: \(hint)"
        }
        return text
    }

    /// The same text as ``description``.
    public var errorDescription: String? { description }
}

extension PostgresOutboxError {
    /// `error` as the outbox throws it while doing `operation`: a `PSQLError`
    /// becomes a ``PostgresOutboxError``, a `PostgresDecodingError` an
    /// ``OutboxError/invalidStoredRecord(_:)``; anything else is returned unchanged.
    static func wrapping(_ error: any Error, operation: String) -> any Error {
        switch error {
        case let error as PSQLError:
            if let info = error.serverInfo {
                return PostgresOutboxError(
                    operation: operation,
                    sqlState: info[.sqlState],
                    message: info[.message] ?? "server error",
                    detail: info[.detail],
                    hint: info[.hint],
                    underlying: error
                )
            }
            var message = "\(error.code)"
            if let underlying = error.underlying {
                message += ": \(underlying)"
            }
            return PostgresOutboxError(operation: operation, sqlState: nil, message: message, underlying: error)
        case let error as PostgresDecodingError:
            return OutboxError.invalidStoredRecord("column \(error.columnName) (\(error.postgresType)) cannot be read as \(error.targetType): \(error.code)")
        default:
            return error
        }
    }

    /// Runs `body`, turning the database's errors into outbox errors (see ``wrapping(_:operation:)``).
    static func during<Result>(_ operation: String, _ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch {
            throw wrapping(error, operation: operation)
        }
    }
}
