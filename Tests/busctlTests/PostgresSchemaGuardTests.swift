import Foundation
import XCTest

/// `busctl --postgres URL` in a schema that holds tables of the same names
/// as busctl's but not made by busctl: refused before anything is created.
/// And URLs that used to connect somewhere else (a port out of range) or
/// nowhere (an IPv6 literal). Skipped without `MESSAGEBUS_POSTGRES_URL`,
/// except the port, which needs no server.
final class PostgresSchemaGuardTests: PostgresTestCase {
    /// The tables of the schema, sorted.
    private func tables(_ schema: PostgresTestSchema) throws -> [String] {
        try schema.texts("SELECT table_name::text FROM information_schema.tables WHERE table_schema = '\(schema.name)' ORDER BY 1")
    }

    func testAForeignContextTableIsRefusedAndNothingIsCreated() throws {
        let schema = try freshSchema()
        try schema.execute("CREATE TABLE busctl_context (id integer)")
        let run = try runBusctl(args: ["--postgres", schema.url, "-e", "print 1"])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("table busctl_context in schema \(schema.name) is not busctl's (it exists but was not created by busctl); use another schema (?options=-csearch_path%3D…)"), run.stderr)
        XCTAssertEqual(try tables(schema), ["busctl_context"], "no outbox, no messagebus_migrations")
    }

    func testAForeignOutboxIsRefusedAndNothingIsCreated() throws {
        let schema = try freshSchema()
        try schema.execute("CREATE TABLE outbox (id integer)")
        let run = try runBusctl(args: ["--postgres", schema.url, "-e", "print 1"])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("table outbox in schema \(schema.name) is not busctl's (it exists but was not created by busctl)"), run.stderr)
        XCTAssertEqual(try tables(schema), ["outbox"])
    }

    func testAForeignMigrationsTableIsRefused() throws {
        let schema = try freshSchema()
        try schema.execute("CREATE TABLE messagebus_migrations (version integer)")
        let run = try runBusctl(args: ["--postgres", schema.url, "-e", "print 1"])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("table messagebus_migrations in schema \(schema.name) is not busctl's"), run.stderr)
        XCTAssertEqual(try tables(schema), ["messagebus_migrations"])
    }

    func testBusctlsOwnTablesAndALibraryOutboxAreUsed() throws {
        let schema = try freshSchema()
        let first = try runBusctl(args: ["--postgres", schema.url, "-e", "ctx.n = 1"])
        XCTAssertEqual(first.status, 0, first.stderr)
        let second = try runBusctl(args: ["--postgres", schema.url, "-e", "assert ctx.n == 1"])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(try tables(schema), ["busctl_context", "messagebus_migrations", "outbox"])

        // An outbox made by MessageBusPostgres (an application's) gets busctl's context next to it.
        try schema.execute("DROP TABLE busctl_context")
        try schema.execute("DELETE FROM messagebus_migrations WHERE identifier = 'busctl.context.v1'")
        let third = try runBusctl(args: ["--postgres", schema.url, "-e", "print 1"])
        XCTAssertEqual(third.status, 0, third.stderr)
        XCTAssertEqual(try tables(schema), ["busctl_context", "messagebus_migrations", "outbox"])
    }

    func testAPortOutOfRangeIsRefusedNotWrapped() throws {
        for port in ["119865", "99999", "0", "99999999999999999999"] {
            let run = try runBusctl(args: ["--postgres", "postgres://postgres@127.0.0.1:\(port)/db?sslmode=disable", "-e", "print 1"])
            XCTAssertEqual(run.status, 2, run.stderr)
            XCTAssertTrue(run.stderr.contains("--postgres: port \(port) is not a number from 1 to 65535"), run.stderr)
            XCTAssertEqual(run.stdout, "")
        }
    }

    /// `[::1]` reaches the resolver without its brackets: the server answers,
    /// or refuses (when it listens on 127.0.0.1 only), but the name is not
    /// "cannot be resolved".
    func testAnIPv6LiteralHostIsConnectedTo() throws {
        let base = try PostgresTestSchema.serverURL()
        guard let range = base.range(of: "@127.0.0.1:") ?? base.range(of: "@localhost:") else {
            throw XCTSkip("the test server's URL does not name 127.0.0.1 or localhost")
        }
        let url = base.replacingCharacters(in: range, with: "@[::1]:")
        let run = try runBusctl(args: ["--postgres", url, "-e", "print 1"], timeout: 30)
        XCTAssertFalse(run.stderr.contains("cannot be resolved"), run.stderr)
        XCTAssertFalse(run.stderr.lowercased().contains("dns"), run.stderr)
        if run.status != 0 {
            throw XCTSkip("the test server does not listen on ::1: \(run.stderr)")
        }
        XCTAssertEqual(run.stdout, "1\n")
    }
}
