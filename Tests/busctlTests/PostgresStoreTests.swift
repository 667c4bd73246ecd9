import Foundation
import XCTest

/// `busctl --postgres URL`: context and outbox in PostgreSQL (issue 8).
/// Each test works in a fresh schema of the server named by
/// `MESSAGEBUS_POSTGRES_URL`, and is skipped without it; the usage errors
/// need no server.
final class PostgresStoreTests: PostgresTestCase {
    /// `../shared/examples/outbox.bus` (the done-when), or the
    /// package's copy when the shared folder is not there.
    private var outboxExample: String {
        let shared = Busctl.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/examples/outbox.bus")
        if FileManager.default.fileExists(atPath: shared.path) { return shared.path }
        return Busctl.scriptsFolder.appendingPathComponent("outbox.bus").path
    }

    func testOutboxExampleExitsZeroAndItsDataSurvivesARestart() throws {
        let url = try freshSchema().url
        let first = try runBusctl(args: ["--trace", "off", "--postgres", url, outboxExample])
        XCTAssertEqual(first.status, 0, first.stderr)
        let second = try runBusctl(args: ["--trace", "off", "--postgres", url, "-e", """
        assert outbox.total == 3
        assert outbox.processed == 2
        assert outbox.dead == 1
        assert outbox.messages[1].error == "malformed order"
        assert ctx.shipped == [10, 12, 12], "delivered twice after the crash"
        assert ctx.orders == [10]
        """])
        XCTAssertEqual(second.status, 0, second.stderr)
    }

    func testContextKeepsItsTypesAndOrderAcrossARestart() throws {
        let url = try freshSchema().url
        let first = try runBusctl(args: ["--postgres", url, "-e", """
        ctx.i = 1
        ctx.when = date("2026-11-29T10:30:00Z")
        ctx.id = uuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
        ctx.nested = ["a": [1, 2.5, "x"], "b": ["c": true]]
        ctx.gone = 1
        ctx.i = 2
        ctx.gone = nil
        """])
        XCTAssertEqual(first.status, 0, first.stderr)
        let second = try runBusctl(args: ["--postgres", url, "-e", """
        assert ctx.i == 2
        assert ctx.when == date("2026-11-29T10:30:00Z")
        assert type(ctx.id) == "UUID"
        assert ctx.nested == ["a": [1, 2.5, "x"], "b": ["c": true]]
        assert keys(ctx) == ["i", "when", "id", "nested"]
        """])
        XCTAssertEqual(second.status, 0, second.stderr)
        // Piped input (and so the REPL) uses the same store.
        let piped = try runBusctl(args: ["--postgres", url], stdin: "assert ctx.i == 2\nctx.piped = true\n")
        XCTAssertEqual(piped.status, 0, piped.stderr)
        XCTAssertEqual(try schema?.texts("SELECT key FROM busctl_context ORDER BY position"), ["i", "when", "id", "nested", "piped"])
    }

    /// A commit whose outbox record the database refuses (a trigger here)
    /// stores none of the transaction's context changes either: one
    /// PostgreSQL transaction.
    func testACommitIsAtomic() throws {
        let schema = try freshSchema()
        let prepare = try runBusctl(args: ["--postgres", schema.url, "-e", "ctx.before = 1"])
        XCTAssertEqual(prepare.status, 0, prepare.stderr)
        try schema.execute("""
            CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.name = 'Poison' THEN RAISE EXCEPTION 'poison refused'; END IF;
                RETURN NEW;
            END $$
            """)
        try schema.execute("CREATE TRIGGER refuse_poison BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION refuse_poison()")
        let refused = try runBusctl(args: ["--postgres", schema.url, "-e", """
        command Poison()
        command Fine()
        begin
        ctx.lost = 1
        ctx.before = 2
        outbox add Fine()
        outbox add Poison()
        expect error "poison refused" commit
        rollback
        """])
        XCTAssertEqual(refused.status, 0, refused.stderr)
        let after = try runBusctl(args: ["--postgres", schema.url, "-e", """
        assert ctx.lost == nil
        assert ctx.before == 1
        assert outbox.total == 0
        """])
        XCTAssertEqual(after.status, 0, after.stderr)
        XCTAssertEqual(try schema.texts("SELECT key FROM busctl_context"), ["before"])
    }

    func testResetDataEmptiesTheDatabase() throws {
        let url = try freshSchema().url
        let run = try runBusctl(args: ["--postgres", url, "-e", """
        command Ping()
        ctx.a = 1
        outbox add Ping()
        reset data
        assert ctx.a == nil
        assert outbox.total == 0
        """])
        XCTAssertEqual(run.status, 0, run.stderr)
        let after = try runBusctl(args: ["--postgres", url, "-e", "assert ctx.a == nil\nassert outbox.total == 0"])
        XCTAssertEqual(after.status, 0, after.stderr)
    }

    func testDbAndPostgresTogetherAreRefused() throws {
        let run = try runBusctl(args: ["--db", "/tmp/never-created.db", "--postgres", "postgres://me@localhost/shop", "-e", "print 1"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("--db and --postgres cannot be used together"), run.stderr)
        XCTAssertEqual(run.stdout, "")
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/never-created.db"))
    }

    func testABadURLExitsTwoWithAClearMessage() throws {
        let notPostgres = try runBusctl(args: ["--postgres", "mysql://me@localhost/shop", "-e", "print 1"])
        XCTAssertEqual(notPostgres.status, 2)
        XCTAssertTrue(notPostgres.stderr.contains("busctl: error: --postgres: a PostgreSQL URL starts with postgres://"), notPostgres.stderr)
        XCTAssertEqual(notPostgres.stdout, "")

        let badParameter = try runBusctl(args: ["--postgres", "postgres://me@localhost/shop?colour=blue", "-e", "print 1"])
        XCTAssertEqual(badParameter.status, 2)
        XCTAssertTrue(badParameter.stderr.contains("unsupported URL parameter colour"), badParameter.stderr)

        let noScheme = try runBusctl(args: ["--postgres", "not a url", "-e", "print 1"])
        XCTAssertEqual(noScheme.status, 2)
        XCTAssertTrue(noScheme.stderr.contains("starts with postgres:// or postgresql://, and this one has no scheme"), noScheme.stderr)
        XCTAssertFalse(noScheme.stderr.contains("not nothing"), noScheme.stderr)
    }

    /// The test server does not offer SSL: `sslmode=require` says what to do.
    func testAServerWithoutSSLIsExplained() throws {
        let base = try PostgresTestSchema.serverURL()
        guard base.contains("sslmode=disable") else { throw XCTSkip("the test server's URL does not say sslmode=disable") }
        let url = base.replacingOccurrences(of: "sslmode=disable", with: "sslmode=require")
        let run = try runBusctl(args: ["--postgres", url, "-e", "print 1"], timeout: 20)
        if run.status == 0 { throw XCTSkip("the test server supports SSL") }
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("the server does not support SSL; use sslmode=disable or sslmode=prefer"), run.stderr)
    }

    func testAnUnreachableServerExitsTwoWithinTheConnectTimeout() throws {
        let started = Date()
        // Nothing listens on port 1: the connection is refused at once.
        let refused = try runBusctl(args: ["--postgres", "postgres://me@127.0.0.1:1/shop?sslmode=disable&connect_timeout=3", "-e", "print 1"], timeout: 20)
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("busctl: error: cannot connect to PostgreSQL at postgres://me@127.0.0.1:1/shop"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains(": connection refused by 127.0.0.1:1 (is the server running"), refused.stderr)
        XCTAssertFalse(refused.stderr.contains("SingleConnectionFailure"), refused.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
    }

    /// A server that accepts the connection but never answers: busctl gives
    /// up after the URL's `connect_timeout`.
    func testASilentServerExitsTwoAfterTheConnectTimeout() throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let started = Date()
        let run = try runBusctl(args: ["--postgres", "postgres://me@127.0.0.1:\(listener.port)/shop?sslmode=disable&connect_timeout=1", "-e", "print 1"], timeout: 20)
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("cannot connect to PostgreSQL at postgres://me@127.0.0.1:\(listener.port)/shop"), run.stderr)
        // postgres-nio's own timeout, or busctl's when that one does not come.
        XCTAssertTrue(run.stderr.lowercased().contains("timeout"), run.stderr)
        XCTAssertGreaterThanOrEqual(elapsed, 0.9)
        XCTAssertLessThan(elapsed, 5)
    }

    func testAnUnknownSchemaIsExplained() throws {
        let base = try PostgresTestSchema.serverURL()
        let url = base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3Dno_such_schema_here"
        let run = try runBusctl(args: ["--postgres", url, "-e", "print 1"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("search_path (no_such_schema_here, from the URL's options)"), run.stderr)
        XCTAssertTrue(run.stderr.contains("CREATE SCHEMA no_such_schema_here"), run.stderr)
    }
}
