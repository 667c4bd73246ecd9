import Foundation
import Logging
import MessageBus
import MessageBusPostgres
import OutboxTestSupport
import PostgresNIO
import XCTest

/// A `PostgresClient` whose `run()` is active until ``shutdown()``.
final class RunningClient: Sendable {
    let client: PostgresClient
    private let running: Task<Void, Never>

    init(_ configuration: PostgresClient.Configuration) {
        let client = PostgresClient(configuration: configuration)
        self.client = client
        running = Task { await client.run() }
    }

    /// Closes the client's connections and waits for its `run()` to return.
    func shutdown() async {
        running.cancel()
        await running.value
    }
}

/// A schema of its own in the test server's database, for one test: every
/// client made here has it first in its `search_path`, so the outbox tables
/// of one test never meet those of another (tests may even run in parallel).
///
/// The server comes from `MESSAGEBUS_POSTGRES_URL` (see `.ci/postgres.sh`);
/// without it, ``make(migrate:)`` throws `XCTSkip`.
final class PostgresTestDatabase: Sendable {
    /// The variable that holds the test server's URL.
    static let environmentVariable = "MESSAGEBUS_POSTGRES_URL"

    /// The server's URL, as given.
    let baseURL: PostgresURL
    /// The test's schema, first in the `search_path` of every client.
    let schema: String
    /// The URL of the test's schema (`options=-c search_path=…`).
    let url: PostgresURL
    /// A client for the test's own queries.
    let running: RunningClient
    var client: PostgresClient { running.client }

    /// The test server's URL, or `XCTSkip`.
    static func serverURL() throws -> PostgresURL {
        guard let text = ProcessInfo.processInfo.environment[environmentVariable], !text.isEmpty else {
            throw XCTSkip("""
                set \(environmentVariable) to a PostgreSQL URL to run the PostgreSQL tests, \
                for example: export \(environmentVariable)="$(.ci/postgres.sh)"
                """)
        }
        return try PostgresURL(text)
    }

    private init(baseURL: PostgresURL, schema: String) {
        self.baseURL = baseURL
        self.schema = schema
        var url = baseURL
        url.startupParameters.append(PostgresURL.StartupParameter(name: "search_path", value: schema))
        self.url = url
        running = RunningClient(url.clientConfiguration())
    }

    /// Creates a new schema and, when `migrate` is true, the outbox tables in it.
    ///
    /// - Throws: `XCTSkip` when no server is configured.
    static func make(migrate: Bool = true) async throws -> PostgresTestDatabase {
        do {
            return try await makeDatabase(migrate: migrate)
        } catch let error as PSQLError {
            throw TestDatabaseError(description: "cannot prepare the test database: \(String(reflecting: error))")
        }
    }

    private static func makeDatabase(migrate: Bool) async throws -> PostgresTestDatabase {
        let baseURL = try serverURL()
        let schema = "mbtest_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        _ = try await withAdminConnection(baseURL) { connection in
            try await connection.query("CREATE SCHEMA \(unescaped: schema)", logger: .quiet)
        }
        let database = PostgresTestDatabase(baseURL: baseURL, schema: schema)
        if migrate {
            try await PostgresOutboxSchema.migrate(database.client)
        }
        return database
    }

    private static func withAdminConnection<T>(_ url: PostgresURL, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await PostgresConnection.connect(configuration: url.connectionConfiguration(), id: 0, logger: .quiet)
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// A new running client on the test's schema (a relay's own pool).
    func makeClient() -> RunningClient {
        RunningClient(url.clientConfiguration())
    }

    /// A new connection on the test's schema.
    func connect() async throws -> PostgresConnection {
        try await PostgresConnection.connect(configuration: url.connectionConfiguration(), id: 1, logger: .quiet)
    }

    /// Rows of `query`, run on the test's client.
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await client.query(query, logger: .quiet).collect()
    }

    /// Shuts the client down and drops the schema.
    func close() async {
        await running.shutdown()
        _ = try? await Self.withAdminConnection(baseURL) { connection in
            try await connection.query("DROP SCHEMA \(unescaped: schema) CASCADE", logger: .quiet)
        }
    }
}

/// Runs `body` with a new, migrated test database, and closes it afterwards.
func withTestDatabase<T>(migrate: Bool = true, _ body: (PostgresTestDatabase) async throws -> T) async throws -> T {
    let database = try await PostgresTestDatabase.make(migrate: migrate)
    do {
        let result = try await body(database)
        await database.close()
        return result
    } catch {
        await database.close()
        throw error
    }
}

/// Runs one behaviour of the shared suite (`OutboxTestSupport`) against
/// PostgreSQL: `PostgresOutboxRepository` through the synchronous protocol,
/// transactions on a connection of their own.
///
/// - Throws: `XCTSkip` when no server is configured.
func withPostgresStore(file: StaticString = #filePath, line: UInt = #line, _ body: (OutboxStore) throws -> Void) throws {
    _ = try PostgresTestDatabase.serverURL()
    let database = try runBlocking { try await PostgresTestDatabase.make() }
    defer { _ = try? runBlocking { await database.close() } }
    let repository = BlockingOutboxRepository(PostgresOutboxRepository(database.client))
    let store = OutboxStore(name: "PostgreSQL", repository: repository, transaction: { body in
        let connection = try runBlocking { try await database.connect() }
        defer { _ = try? runBlocking { try await connection.close() } }
        try runBlocking { _ = try await connection.query("BEGIN", logger: .quiet) }
        do {
            try body(BlockingOutboxRepository(PostgresOutbox(connection)))
        } catch {
            _ = try? runBlocking { try await connection.query("ROLLBACK", logger: .quiet) }
            throw error
        }
        try runBlocking { _ = try await connection.query("COMMIT", logger: .quiet) }
    }, cleanup: database)
    do {
        try body(store)
    } catch {
        XCTFail("\(store.name): \(error)", file: file, line: line)
    }
}

/// Polls `condition` every 20 ms until it holds; fails after `timeout`.
///
/// - Throws: `WaitTimeout` when `condition` did not hold in time; what `condition` throws.
func waitUntil(
    _ what: String,
    timeout: Duration = .seconds(30),
    _ condition: () async throws -> Bool
) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while try await !condition() {
        guard clock.now < deadline else {
            throw WaitTimeout(description: "waited \(timeout) for \(what)")
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}

/// The test database could not be prepared.
struct TestDatabaseError: Error, CustomStringConvertible {
    var description: String
}

/// A bounded wait that ran out.
struct WaitTimeout: Error, CustomStringConvertible {
    var description: String
}
