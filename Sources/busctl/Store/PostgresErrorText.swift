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
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as PSQLError:
            if let info = error.serverInfo {
                var text = info[.message] ?? "server error"
                if let code = info[.sqlState] { text += " (SQLSTATE \(code))" }
                if let detail = info[.detail] { text += "; \(detail)" }
                if let hint = info[.hint] { text += "; hint: \(hint)" }
                return text
            }
            if let underlying = error.underlying {
                return "\(error.code): \(underlying)"
            }
            return "\(error.code)"
        case let error as PostgresTransactionError:
            if let inner = error.closureError ?? error.beginError ?? error.commitError {
                return describe(inner)
            }
            return "the transaction failed"
        case let error as PostgresOutboxError:
            return error.description
        default:
            return String(describing: error)
        }
    }
}
