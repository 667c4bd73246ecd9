import Foundation
import Logging
import MessageBusPostgres
import PostgresNIO

/// A `PostgresClient` (postgres-nio's connection pool) whose `run()` is
/// active in a background task from ``start(_:)`` to ``shutdown()``.
///
/// postgres-nio's client does nothing until `run()` runs; ending that task
/// closes its connections. busctl's store and `busctl relay` each hold one.
final class RunningPostgresClient: Sendable {
    /// The client.
    let client: PostgresClient
    /// The URL it connects to (shown without its password).
    let url: PostgresURL
    private let running: Task<Void, Never>

    /// What postgres-nio logs: nothing (busctl reports errors itself).
    static let quietLogger = Logger(label: "busctl.postgres") { _ in SwiftLogNoOpLogHandler() }

    private init(url: PostgresURL) {
        self.url = url
        let client = PostgresClient(configuration: url.clientConfiguration(), backgroundLogger: Self.quietLogger)
        self.client = client
        running = Task { await client.run() }
    }

    /// Parses `text`, starts a client and checks that the server answers
    /// within the URL's `connect_timeout` (default 10 seconds).
    ///
    /// - Throws: ``PostgresStoreError`` for a URL that cannot be read or a
    ///   server that cannot be reached; the client is shut down then.
    static func start(_ text: String) async throws -> RunningPostgresClient {
        let url: PostgresURL
        do {
            url = try PostgresURL(text)
        } catch {
            throw PostgresStoreError.badURL(String(describing: error))
        }
        let running = RunningPostgresClient(url: url)
        do {
            try await running.checkConnection()
        } catch {
            await running.shutdown()
            throw error
        }
        return running
    }

    /// Opens one connection of its own (not the pool's, which would keep
    /// trying and hide the reason) and closes it: a refused connection, an
    /// unknown database or a wrong password are reported at once, a server
    /// that does not answer after the URL's connect timeout.
    private func checkConnection() async throws {
        let url = self.url
        let timeout = url.connectTimeout
        let started = ContinuousClock.now
        let noAnswer = "no answer within \(timeout.components.seconds) s (connect_timeout)"
        let answered = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                let connection = try await PostgresConnection.connect(
                    configuration: url.connectionConfiguration(),
                    id: 0,
                    logger: Self.quietLogger
                )
                try? await connection.close()
                return true
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return false
            }
            defer { group.cancelAll() }
            do {
                return try await group.next() ?? false
            } catch {
                // postgres-nio ends a connection whose start-up outlives the
                // timeout with a bare connection error, racing the timer
                // above: a failure at the deadline is the deadline.
                if ContinuousClock.now - started >= timeout * 0.9 {
                    throw PostgresStoreError.cannotConnect(url: url.description, reason: noAnswer)
                }
                throw PostgresStoreError.cannotConnect(url: url.description, reason: PostgresErrorText.describe(error, address: url.address))
            }
        }
        guard answered else {
            throw PostgresStoreError.cannotConnect(url: url.description, reason: noAnswer)
        }
    }

    /// Closes the client's connections and waits until its `run()` returned.
    func shutdown() async {
        running.cancel()
        await running.value
    }
}

extension PostgresURL {
    /// Where a connection goes: `host:port`, or the server's socket.
    var address: String {
        // An IPv6 address is bracketed, as in a URL: [::1]:5432.
        if let host { return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
        return "\(socketFolder ?? "/tmp")/.s.PGSQL.\(port)"
    }

    /// The `search_path` the URL sets (`options=-csearch_path%3D…`), if any.
    var searchPath: String? {
        startupParameters.last { $0.name == "search_path" }?.value
    }
}

/// Why `--postgres` could not be used.
enum PostgresStoreError: Error, CustomStringConvertible {
    case badURL(String)
    case cannotConnect(url: String, reason: String)
    /// `searchPath`: the URL's `search_path`, nil for the server's default.
    case cannotPrepare(url: String, reason: String, searchPath: String?)
    case failed(String)

    var description: String {
        switch self {
        case .badURL(let reason):
            "--postgres: \(reason); give a URL such as postgres://user@host:5432/database?sslmode=disable"
        case .cannotConnect(let url, let reason):
            "cannot connect to PostgreSQL at \(url): \(reason)"
        case .cannotPrepare(let url, let reason, let searchPath) where reason.contains("3F000"):
            "cannot prepare the busctl tables in PostgreSQL at \(url): \(reason); the tables go in the first schema of the search_path \(searchPath.map { "(\($0), from the URL's options)" } ?? "(the server's default, \"$user\", public)"), which must exist: CREATE SCHEMA \(searchPath?.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "name")"
        case .cannotPrepare(let url, let reason, _):
            "cannot prepare the busctl tables in PostgreSQL at \(url): \(reason)"
        case .failed(let reason):
            "PostgreSQL: \(reason)"
        }
    }
}
