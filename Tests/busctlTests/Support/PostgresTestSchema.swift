import Dispatch
import Foundation
import Logging
import MessageBusPostgres
import PostgresNIO
import Synchronization
import XCTest

/// A schema of its own in the test server's database, for one test of
/// `busctl --postgres` or `busctl relay`: its ``url`` puts the schema first
/// in the `search_path` (`options=-csearch_path%3D…`), so busctl's tables of
/// one test never meet another's, and every run starts on a fresh store.
///
/// The server comes from `MESSAGEBUS_POSTGRES_URL` (see `.ci/postgres.sh`);
/// without it, ``make()`` throws `XCTSkip`.
final class PostgresTestSchema: Sendable {
    /// The variable that holds the test server's URL.
    static let environmentVariable = "MESSAGEBUS_POSTGRES_URL"

    /// The server's URL, as given.
    let baseURL: String
    /// The schema's name.
    let name: String

    /// The URL that busctl is given: the server's, with the schema first in its `search_path`.
    var url: String {
        baseURL + (baseURL.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + name
    }

    private init(baseURL: String, name: String) {
        self.baseURL = baseURL
        self.name = name
    }

    /// The test server's URL, or `XCTSkip`.
    static func serverURL() throws -> String {
        guard let text = ProcessInfo.processInfo.environment[environmentVariable], !text.isEmpty else {
            throw XCTSkip("set \(environmentVariable) to a PostgreSQL URL to run the PostgreSQL tests of busctl, for example: export \(environmentVariable)=\"$(.ci/postgres.sh)\"")
        }
        return text
    }

    /// Creates a new, empty schema.
    ///
    /// - Throws: `XCTSkip` when no server is configured.
    static func make() throws -> PostgresTestSchema {
        let baseURL = try serverURL()
        let name = "busctl_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try execute("CREATE SCHEMA \(name)", on: baseURL)
        return PostgresTestSchema(baseURL: baseURL, name: name)
    }

    /// Runs `sql` (one statement, no parameters) in the schema.
    func execute(_ sql: String) throws {
        _ = try Self.texts(sql, search: name, on: baseURL, decoding: false)
    }

    /// The first column of the rows of `sql`, as text, run in the schema.
    func texts(_ sql: String) throws -> [String] {
        try Self.texts(sql, search: name, on: baseURL, decoding: true)
    }

    /// Drops the schema and everything in it.
    func drop() {
        try? Self.execute("DROP SCHEMA \(name) CASCADE", on: baseURL)
    }

    // MARK: One connection per call

    private static let logger = Logger(label: "busctlTests.postgres") { _ in SwiftLogNoOpLogHandler() }

    private static func execute(_ sql: String, on url: String) throws {
        _ = try withConnection(url) { connection in
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            return 0
        }
    }

    private static func texts(_ sql: String, search: String, on url: String, decoding: Bool) throws -> [String] {
        try withConnection(url) { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "SET search_path TO \(search)"), logger: logger)
            let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
            guard decoding else { return [] }
            var texts: [String] = []
            for try await text in rows.decode(String.self) {
                texts.append(text)
            }
            return texts
        }
    }

    private static func withConnection<T: Sendable>(_ url: String, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) throws -> T {
        let configuration = try PostgresURL(url).connectionConfiguration()
        return try waitFor {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
            do {
                let result = try await body(connection)
                try await connection.close()
                return result
            } catch {
                try? await connection.close()
                throw error
            }
        }
    }

    /// Waits (from a test's own thread, never a task's) for `body`.
    private static func waitFor<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        guard done.wait(timeout: .now() + 30) == .success, let result = outcome.withLock({ $0 }) else {
            throw HelperError(description: "the test database did not answer within 30 s")
        }
        return try result.get()
    }
}
