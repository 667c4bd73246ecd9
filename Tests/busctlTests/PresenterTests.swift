import Foundation
import XCTest

/// Presenter mode, `busctl --present FILE` (LANGUAGE.md §14,
/// docs/workshop.md): each statement is shown with its comment block and
/// runs on Enter; `c` runs on to the next comment, `s` skips, `q` leaves and
/// the session stays open.
///
/// The keys are read from standard input, so most tests pipe them in; the
/// last ones drive a real terminal through tmux.
final class PresenterTests: XCTestCase {
    static let lesson = """
        # Greetings, step by step.
        # Two lines of narrative.
        command Hello(name: String)
        handle Hello { print "hello, \\(msg.name)" }   # the handler

        # Say it.
        send Hello(name: "room")
        print "last statement"
        # That was all.
        """

    private func present(_ source: String = PresenterTests.lesson, keys: String, args: [String] = []) throws -> (run: BusctlRun, file: String) {
        let file = try writeScript(source, named: "lesson.bus").path
        return (try runBusctl(args: args + ["--present", file], stdin: keys), file)
    }

    // MARK: - Keys from standard input

    func testEnterShowsEachStatementWithItsCommentsThenRunsIt() throws {
        let (run, file) = try present(keys: "\n\n\n\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("presenter mode: \(file), 4 statements."), run.stdout)
        XCTAssertTrue(run.stdout.contains("── 1/4 · \(file):3 ──\n# Greetings, step by step.\n# Two lines of narrative.\nbus> command Hello(name: String)\n"), run.stdout)
        XCTAssertTrue(run.stdout.contains("bus> handle Hello { print \"hello, \\(msg.name)\" }  # the handler\n"), run.stdout)
        XCTAssertTrue(run.stdout.contains("── 3/4 · \(file):7 ──\n# Say it.\nbus> send Hello(name: \"room\")\nHello #1"), run.stdout)
        XCTAssertTrue(run.stdout.contains("hello, room"), run.stdout)
        XCTAssertTrue(run.stdout.contains("bus> print \"last statement\"\nlast statement\n"), run.stdout)
        XCTAssertTrue(run.stdout.contains("# That was all.\nend of \(file): presenter mode is over; the session stays open."), run.stdout)
    }

    func testAStatementRunsOnlyOnItsKey() throws {
        let (run, _) = try present(keys: "\n\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("bus> send Hello(name: \"room\")"), "the third statement is shown:\n\(run.stdout)")
        XCTAssertFalse(run.stdout.contains("hello, room"), "but not run:\n\(run.stdout)")
    }

    func testQLeavesAndTheSessionGoesOnWithEverythingDefinedSoFar() throws {
        let (run, _) = try present(keys: "\n\nq\nsend Hello(name: \"after\")\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("left presenter mode before statement 3 of 4; the session stays open"), run.stderr)
        XCTAssertTrue(run.stdout.contains("hello, after"), "the handler defined in presenter mode is there:\n\(run.stdout)")
        XCTAssertFalse(run.stdout.contains("hello, room"), run.stdout)
        XCTAssertFalse(run.stdout.contains("\nlast statement"), run.stdout)
    }

    func testSSkipsAStatement() throws {
        let (run, _) = try present(keys: "\n\ns\n\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("skipped"), run.stderr)
        XCTAssertFalse(run.stdout.contains("hello, room"), run.stdout)
        XCTAssertTrue(run.stdout.contains("\nlast statement\n"), run.stdout)
    }

    func testCRunsOnUpToTheNextComment() throws {
        let (run, file) = try present(keys: "c\n\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        // `c` on the command ran the handler's definition too, then waited
        // at `send` (it has a comment); Enter ran the send.
        XCTAssertTrue(run.stdout.contains("hello, room"), run.stdout)
        XCTAssertTrue(run.stdout.contains("── 4/4 · \(file):8 ──"), run.stdout)
        XCTAssertFalse(run.stdout.contains("\nlast statement\n"), "the last statement waits for its key:\n\(run.stdout)")
    }

    func testAnythingElseRunsLiveAndTheSameStatementWaits() throws {
        let (run, _) = try present(keys: "print 40 + 2\nif true {\nprint \"in a block\"\n}\n\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("\n42\nbus> command Hello(name: String)\n"), run.stdout)
        XCTAssertTrue(run.stdout.contains("\nin a block\nbus> command Hello(name: String)\n"), run.stdout)
        XCTAssertTrue(run.stdout.contains("── 2/4 ·"), "Enter then ran the first statement:\n\(run.stdout)")
        XCTAssertFalse(run.stdout.contains("── 3/4 ·"), run.stdout)
    }

    func testALiveStatementSeesTheLessonAndTheLessonSeesIt() throws {
        let (run, _) = try present(keys: "\n\nhandle Hello { print \"hi from the room, \\(msg.name)\" }\n\n", args: [])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("replaced handler"), run.stderr)
        XCTAssertTrue(run.stdout.contains("hi from the room, room"), run.stdout)
    }

    func testQuestionMarkShowsTheKeys() throws {
        let (run, _) = try present(keys: "?\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout.components(separatedBy: "Enter runs the statement shown; c runs it").count, 3, "at the start and on ?:\n\(run.stdout)")
        XCTAssertEqual(run.stderr, "")
    }

    func testAnAssertThatHoldsSaysSo() throws {
        let (run, _) = try present("assert 1 + 1 == 2\nassert 1 == 2\n", keys: "\n\n")
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout.components(separatedBy: "✓ holds").count, 2, "once, for the assert that held:\n\(run.stdout)")
        XCTAssertTrue(run.stderr.contains("assertion failed"), run.stderr)
    }

    func testAFailingStatementPointsIntoTheFileAndThePresentationGoesOn() throws {
        let (run, file) = try present("print 1\n  assert 1 == 2, \"wrong\"; print \"same line\"\nprint \"still here\"\n", keys: "\n\n\n\n")
        XCTAssertEqual(run.status, 1, "piped input ends with status 1 after a failure")
        XCTAssertTrue(run.stderr.contains("\(file):2:3: error: assertion failed: wrong"), run.stderr)
        XCTAssertTrue(run.stderr.contains(" 2 |   assert 1 == 2, \"wrong\"\n   |   ^"), "the caret stands under the statement, at its column:\n\(run.stderr)")
        XCTAssertTrue(run.stdout.contains("\nsame line\n"), run.stdout)
        XCTAssertTrue(run.stdout.contains("\nstill here\n"), run.stdout)
    }

    func testSteppedCascadesCarryOverFromStatementToStatement() throws {
        let source = """
            command A()
            event B()
            handle A { emit B() }
            on B { print "b ran" }
            step A()
            next
            queue
            next
            """
        let (run, _) = try present(source, keys: String(repeating: "\n", count: 8))
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("b ran"), run.stdout)
    }

    func testExitInTheFileEndsBusctlWithItsStatus() throws {
        let (run, _) = try present("print 1\nexit 3\nprint 2\n", keys: "\n\n\n")
        XCTAssertEqual(run.status, 3)
        XCTAssertFalse(run.stdout.contains("bus> print 2"), run.stdout)
    }

    func testAFileWithASyntaxErrorRunsNothing() throws {
        let (run, file) = try present("print \"first\"\nprint (\n", keys: "\n\n")
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("\(file):"), run.stderr)
        XCTAssertFalse(run.stdout.contains("first"), run.stdout)
    }

    func testAFileThatCannotBeReadIsBadUsage() throws {
        let run = try runBusctl(args: ["--present", "no-such-lesson.bus"], stdin: "\n")
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.hasPrefix("busctl: error: cannot read no-such-lesson.bus:"), run.stderr)
    }

    func testTheOtherSourcesRunFirst() throws {
        let (run, _) = try present("print greeting\n", keys: "\n", args: ["-e", #"let greeting = "from -e""#])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("bus> print greeting\nfrom -e\n"), run.stdout)
    }

    func testTheJSONTraceStaysJSON() throws {
        let (run, _) = try present(keys: "\n\n\n\n", args: ["--trace", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = assertJSONTrace(run.stdout)
        XCTAssertTrue(lines.contains { $0.kind == "text" && ($0["text"]?.string ?? "").contains("bus> send Hello(name: \"room\")") }, run.stdout)
        XCTAssertTrue(lines.contains { $0.kind == "print" && $0["text"]?.string == "hello, room" }, run.stdout)
    }

    // MARK: - At a terminal

    private func terminal(_ source: String = PresenterTests.lesson) throws -> (TerminalSession, String) {
        try XCTSkipUnless(TerminalSession.isAvailable, "tmux is not installed")
        let file = try writeScript(source, named: "lesson.bus").path
        return (try TerminalSession(arguments: ["--present", file]), file)
    }

    static func prompt(_ number: Int) -> String {
        "present \(number)/4 (Enter, c, s, q)>"
    }

    func testAtATerminalEnterAdvancesQLeavesAndTheSessionStaysOpen() throws {
        let (terminal, _) = try terminal()
        XCTAssertTrue(try terminal.waitForLastLine(Self.prompt(1)), terminal.shown)
        XCTAssertTrue(terminal.shown.contains("# Greetings, step by step.\n# Two lines of narrative.\nbus> command Hello(name: String)"), terminal.shown)

        try terminal.press("Enter")
        XCTAssertTrue(try terminal.waitForLastLine(Self.prompt(2)), terminal.shown)
        try terminal.press("Enter")
        XCTAssertTrue(try terminal.waitForLastLine(Self.prompt(3)), terminal.shown)
        XCTAssertTrue(terminal.shown.contains("# Say it.\nbus> send Hello(name: \"room\")"), terminal.shown)
        // A question from the room, typed live; the same statement waits.
        try terminal.enter("print 6 * 7")
        XCTAssertTrue(try terminal.waitUntil { $0.hasSuffix("42\nbus> send Hello(name: \"room\")\n" + Self.prompt(3)) }, terminal.shown)
        try terminal.press("Enter")
        XCTAssertTrue(try terminal.waitForLastLine(Self.prompt(4)), terminal.shown)
        XCTAssertTrue(terminal.shown.contains("bus> send Hello(name: \"room\")\nHello #1"), "the prompt line gave way to the output:\n\(terminal.shown)")
        XCTAssertTrue(terminal.shown.contains("hello, room"), terminal.shown)

        try terminal.enter("q")
        XCTAssertTrue(try terminal.waitForLastLine("bus>"), terminal.shown)
        XCTAssertTrue(terminal.shown.contains("left presenter mode before statement 4 of 4"), terminal.shown)
        XCTAssertFalse(terminal.shown.contains("\nlast statement"), terminal.shown)

        try terminal.enter(#"send Hello(name: "again")"#)
        XCTAssertTrue(try terminal.waitUntil { $0.contains("hello, again") && $0.hasSuffix("bus>") }, terminal.shown)

        // The statements that ran are in the history.
        try terminal.press("Up")
        XCTAssertTrue(try terminal.waitForLastLine(#"bus> send Hello(name: "again")"#), terminal.shown)
        try terminal.press("Up")
        XCTAssertTrue(try terminal.waitForLastLine(#"bus> send Hello(name: "room")"#), terminal.shown)

        try terminal.press("C-u")
        try terminal.press("C-d")
        XCTAssertEqual(try terminal.waitForExit(), 0)
    }

    func testAtATerminalTheREPLOpensAfterTheLastStatement() throws {
        let (terminal, file) = try terminal()
        try terminal.waitForLastLine(Self.prompt(1))
        for number in 2...4 {
            try terminal.press("Enter")
            XCTAssertTrue(try terminal.waitForLastLine(Self.prompt(number)), terminal.shown)
        }
        try terminal.press("Enter")
        XCTAssertTrue(try terminal.waitUntil { $0.contains("end of \(file): presenter mode is over") && $0.hasSuffix("bus>") }, terminal.shown)
        try terminal.enter("print 6 * 7")
        XCTAssertTrue(try terminal.waitUntil { $0.hasSuffix("42\nbus>") }, terminal.shown)
    }

    func testAtATerminalCtrlDEndsBusctl() throws {
        let (terminal, _) = try terminal()
        try terminal.waitForLastLine(Self.prompt(1))
        try terminal.press("C-d")
        XCTAssertEqual(try terminal.waitForExit(), 0)
    }
}
