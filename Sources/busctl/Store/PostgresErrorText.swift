import MessageBusPostgres
import PostgresNIO

/// What went wrong with PostgreSQL, in words a busctl user can act on.
///
/// postgres-nio's `PSQLError` describes itself with a generic text on
/// purpose (its details may hold data); busctl's user is the person who
/// typed the URL, so the server's message and SQLSTATE code, or the
/// connection's error, are shown.
enum PostgresErrorText {
    /// `error` as one line.
    ///
    /// - Parameter address: Where the connection went (`host:port`, or the
    ///   socket's path), to name it in connection errors.
    static func describe(_ error: any Error, address: String? = nil) -> String {
        if let reason = connectionLoss(error) {
            return "lost the connection to PostgreSQL\(address.map { " at \($0)" } ?? ""): \(reason)"
        }
        switch error {
        case let error as PSQLError:
            if let info = error.serverInfo {
                var text = info[.message] ?? "server error"
                if let code = info[.sqlState] { text += " (SQLSTATE \(code))" }
                if let detail = info[.detail] { text += "; \(detail)" }
                if let hint = info[.hint] { text += "; hint: \(hint)" }
                return text
            }
            if error.code == .sslUnsupported {
                return "the server does not support SSL; use sslmode=disable or sslmode=prefer"
            }
            if let underlying = error.underlying {
                return connectionFailure(underlying, address: address) ?? "\(error.code): \(underlying)"
            }
            return "\(error.code)"
        case let error as PostgresTransactionError:
            if let inner = error.closureError ?? error.beginError ?? error.commitError {
                return describe(inner, address: address)
            }
            return "the transaction failed"
        case let error as PostgresOutboxError:
            return error.description
        default:
            return connectionFailure(error, address: address) ?? String(describing: error)
        }
    }

    /// Why the connection was lost, for errors that mean the server went
    /// away or stopped answering (rather than refused a statement); nil for
    /// the others.
    ///
    /// postgres-nio's pool reports a server it could not reach for about a
    /// minute as `ConnectionPoolError(connectionCreationCircuitBreakerTripped)`,
    /// a type of its internal module: it is recognised by its text.
    static func connectionLoss(_ error: any Error) -> String? {
        switch error {
        case let error as PSQLError:
            guard error.serverInfo == nil else { return nil }
            switch error.code {
            case .serverClosedConnection, .uncleanShutdown:
                return "the server closed the connection"
            case .connectionError:
                if let underlying = error.underlying, connectionFailure(underlying, address: nil) != nil {
                    return nil // never connected: reported as such
                }
                return "the connection failed"
            default:
                return nil
            }
        case let error as PostgresTransactionError:
            return (error.closureError ?? error.beginError ?? error.commitError).flatMap(connectionLoss)
        case is BlockingBridgeInterrupted:
            return nil
        default:
            let text = String(describing: error)
            if text.contains("connectionCreationCircuitBreakerTripped") {
                return "the server does not answer or refuses connections (postgres-nio gave up opening new ones)"
            }
            return nil
        }
    }

    /// The usual reasons a connection cannot be opened, in words, instead of
    /// SwiftNIO's dump of every attempt; nil for other errors.
    private static func connectionFailure(_ error: any Error, address: String?) -> String? {
        let text = String(describing: error)
        let place = address.map { " by \($0)" } ?? ""
        if text.contains("Connection refused") {
            return "connection refused\(place) (is the server running, on that host and port?)"
        }
        if text.contains("dnsAError") || text.contains("dnsAAAAError") || text.contains("Name or service not known") {
            return "the host name cannot be resolved\(address.map { " (\($0))" } ?? "")"
        }
        if text.contains("No such file or directory"), let address {
            return "no server socket at \(address) (is the server running?)"
        }
        return nil
    }
}
