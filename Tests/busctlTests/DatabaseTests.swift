import Foundation
import XCTest

/// `--db PATH`: context and outbox in a SQLite file that survives restarts
/// (LANGUAGE.md §10, §14).
final class DatabaseTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try Busctl.temporaryFolder()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private var database: String { folder.appendingPathComponent("shop.db").path }

    func testOutboxExampleRunsOnANewFileAndItsDataSurvives() throws {
        let script = Busctl.scriptsFolder.appendingPathComponent("outbox.bus").path
        let first = try runBusctl(args: ["--trace", "off", "--db", database, script])
        XCTAssertEqual(first.status, 0, first.stderr)
        let second = try runBusctl(args: ["--trace", "off", "--db", database, "-e", """
        assert outbox.total == 3
        assert outbox.processed == 2
        assert outbox.dead == 1
        assert ctx.shipped == [10, 12, 12], "delivered twice after the crash"
        assert ctx.orders == [10]
        """])
        XCTAssertEqual(second.status, 0, second.stderr)
    }

    func testContextValuesKeepTheirTypesAcrossARestart() throws {
        let first = try runBusctl(args: ["--db", database, "-e", """
        ctx.i = 1
        ctx.d = 2.0
        ctx.when = date("2026-11-29T10:30:00Z")
        ctx.id = uuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
        ctx.nested = ["a": [1, 2.5, "x"], "b": ["c": true]]
        ctx.min = -9223372036854775808
        ctx.text = "quote \\" and \\\\ and \\n"
        """])
        XCTAssertEqual(first.status, 0, first.stderr)
        let second = try runBusctl(args: ["--db", database, "-e", """
        assert type(ctx.i) == "Int"
        assert type(ctx.d) == "Double"
        assert ctx.when == date("2026-11-29T10:30:00Z")
        assert type(ctx.id) == "UUID"
        assert ctx.nested == ["a": [1, 2.5, "x"], "b": ["c": true]]
        assert ctx.min == -9223372036854775808
        assert ctx.text == "quote \\" and \\\\ and \\n"
        assert keys(ctx) == ["i", "d", "when", "id", "nested", "min", "text"]
        """])
        XCTAssertEqual(second.status, 0, second.stderr)
    }

    func testRolledBackAndUncommittedWorkIsNotStored() throws {
        let first = try runBusctl(args: ["--db", database, "-e", """
        command Ping()
        ctx.kept = 1
        begin
        ctx.lost = 1
        outbox add Ping()
        rollback
        begin
        ctx.open = 1
        """])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("rolled back"), first.stderr)
        let second = try runBusctl(args: ["--db", database, "-e", """
        assert ctx.kept == 1
        assert ctx.lost == nil
        assert ctx.open == nil
        assert outbox.total == 0
        """])
        XCTAssertEqual(second.status, 0, second.stderr)
    }

    func testResetDataEmptiesTheFile() throws {
        _ = try runBusctl(args: ["--db", database, "-e", "ctx.a = 1\nreset\nassert ctx.a == 1\nreset data\nassert ctx.a == nil"])
        let second = try runBusctl(args: ["--db", database, "-e", "assert ctx == [:]"])
        XCTAssertEqual(second.status, 0, second.stderr)
    }

    func testAFileThatIsNotADatabaseIsRefusedAndLeftUntouched() throws {
        let bytes = Data("this is not a database, just some text\n".utf8)
        try bytes.write(to: URL(fileURLWithPath: database))
        let run = try runBusctl(args: ["--db", database, "-e", "ctx.a = 1"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("not a busctl database"), run.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: database)), bytes)
        let siblings = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        XCTAssertEqual(siblings, ["shop.db"], "no journal or WAL file left beside it")
    }

    func testAForeignSQLiteFileIsRefusedAndLeftUntouched() throws {
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table t(x)'); c.commit()", database]
        do { try python.run() } catch { throw XCTSkip("python3 is needed to make a foreign SQLite file") }
        python.waitUntilExit()
        guard python.terminationStatus == 0 else { throw XCTSkip("python3 could not make a foreign SQLite file") }
        let before = try Data(contentsOf: URL(fileURLWithPath: database))
        let run = try runBusctl(args: ["--db", database, "-e", "ctx.a = 1"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("not a busctl database"), run.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: database)), before)
    }

    func testAFolderIsRefused() throws {
        let run = try runBusctl(args: ["--db", folder.path, "-e", "ctx.a = 1"])
        XCTAssertEqual(run.status, 2)
    }

    /// Kill -9 in the middle of `outbox run`: after a restart no message is
    /// lost, and every message marked processed had all its handlers succeed
    /// (each handler's last act is recorded in the context, committed before
    /// the mark).
    func testSIGKILLDuringOutboxRunLosesNothing() throws {
        let total = 5000
        let definitions = """
        command Ship(n: Int)
        handle Ship { ctx["shipped_\\(msg.n)"] = true }
        outbox handler relay {
          dispatch
          ctx["relayed_" + message.id] = message.attempts
        }

        """
        let setup = try runBusctl(args: ["--trace", "off", "--db", database, "-e", definitions + """
        begin
        for i in range(\(total)) { outbox add Ship(n: i) }
        commit
        assert outbox.pending == \(total)
        """], timeout: 120)
        XCTAssertEqual(setup.status, 0, setup.stderr)

        let process = Process()
        process.executableURL = try Busctl.executable()
        process.arguments = ["--trace", "off", "--db", database, "-e", definitions + "outbox run"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Wait until some messages are processed, then kill it mid-pass.
        let deadline = Date().addingTimeInterval(60)
        var processedBeforeKill = 0
        while Date() < deadline, process.isRunning {
            usleep(50_000)
            processedBeforeKill = try countProcessed()
            if processedBeforeKill >= 50 { break }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal, "busctl finished before it could be killed")

        let check = try runBusctl(args: ["--trace", "off", "--db", database, "-e", definitions + """
        assert outbox.total == \(total), "no message lost"
        assert outbox.dead == 0
        assert outbox.processed > 0
        assert outbox.pending > 0, "killed in the middle"
        for m in outbox.messages {
          if m.status == "processed" {
            assert ctx["relayed_" + m.id] != nil, "processed without its handler finishing: \\(m.id)"
            assert ctx["shipped_\\(m.payload.n)"] == true
          }
        }
        outbox run
        assert outbox.processed == \(total)
        """], timeout: 300)
        XCTAssertEqual(check.status, 0, check.stderr)
    }

    /// Reads the processed count from the database file while busctl runs.
    private func countProcessed() throws -> Int {
        let run = try runBusctl(args: ["--trace", "off", "--db", database, "-e", "print outbox.processed"], timeout: 30)
        return Int(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
}
