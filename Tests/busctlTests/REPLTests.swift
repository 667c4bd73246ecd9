import Foundation
import XCTest

/// busctl at a terminal (LANGUAGE.md §14), driven through tmux: the prompt,
/// the continuation prompt for an open block, history across runs, Ctrl-C
/// to cancel the line, Ctrl-D to quit. Skipped when tmux is not installed.
final class REPLTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(TerminalSession.isAvailable, "tmux is not installed")
    }

    func testThePromptAppears() throws {
        let terminal = try TerminalSession()
        XCTAssertTrue(try terminal.waitForLastLine("bus>"), terminal.shown)
    }

    func testAStatementRunsAndThePromptReturns() throws {
        let terminal = try TerminalSession()
        try terminal.waitForLastLine("bus>")
        try terminal.enter(#"print "hello, café""#)
        XCTAssertTrue(try terminal.waitUntil { $0.hasSuffix("hello, café\nbus>") }, terminal.shown)
    }

    func testAnOpenBlockGetsTheContinuationPrompt() throws {
        let terminal = try TerminalSession()
        try terminal.waitForLastLine("bus>")
        try terminal.enter("if true {")
        XCTAssertTrue(try terminal.waitForLastLine("...>"), terminal.shown)
        try terminal.enter("  print 40 + 2")
        XCTAssertTrue(try terminal.waitForLastLine("...>"), terminal.shown)
        try terminal.enter("}")
        XCTAssertTrue(try terminal.waitUntil { $0.hasSuffix("...> }\n42\nbus>") }, terminal.shown)
    }

    func testUpArrowRecallsThePreviousEntry() throws {
        let terminal = try TerminalSession()
        try terminal.waitForLastLine("bus>")
        try terminal.enter("let answer = 42")
        try terminal.waitUntil { $0.hasSuffix("let answer = 42\nbus>") }
        try terminal.press("Up")
        XCTAssertTrue(try terminal.waitForLastLine("bus> let answer = 42"), terminal.shown)
    }

    func testCtrlCClearsTheLineAndTheSessionGoesOn() throws {
        let terminal = try TerminalSession()
        try terminal.waitForLastLine("bus>")
        try terminal.enter("let kept = 7")
        try terminal.type("print 999")
        try terminal.waitForLastLine("bus> print 999")
        try terminal.press("C-c")
        XCTAssertTrue(try terminal.waitForLastLine("bus>"), terminal.shown)
        try terminal.enter("print kept")
        XCTAssertTrue(try terminal.waitUntil { $0.hasSuffix("print kept\n7\nbus>") }, terminal.shown)
        XCTAssertFalse(terminal.shown.contains("\n999"), "the cancelled line did not run")
    }

    func testCtrlCLeavesAnOpenBlock() throws {
        let terminal = try TerminalSession()
        try terminal.waitForLastLine("bus>")
        try terminal.enter("while true {")
        try terminal.waitForLastLine("...>")
        try terminal.press("C-c")
        XCTAssertTrue(try terminal.waitForLastLine("bus>"), terminal.shown)
    }

    func testCtrlCStopsARunningStatementAndTheSessionGoesOn() throws {
        let terminal = try TerminalSession()
        try terminal.waitForLastLine("bus>")
        try terminal.enter("while true { }")
        usleep(500_000)
        try terminal.press("C-c")
        XCTAssertTrue(try terminal.waitUntil { $0.contains("interrupted") && $0.hasSuffix("bus>") }, terminal.shown)
        XCTAssertNil(try terminal.waitForExit(timeout: 0.2), "busctl is still running")
    }

    func testCtrlDOnAnEmptyLineExitsZero() throws {
        let terminal = try TerminalSession()
        try terminal.waitForLastLine("bus>")
        try terminal.press("C-d")
        XCTAssertEqual(try terminal.waitForExit(), 0)
    }

    func testExitEndsTheSessionWithItsStatus() throws {
        let terminal = try TerminalSession()
        try terminal.waitForLastLine("bus>")
        try terminal.enter("exit 5")
        XCTAssertEqual(try terminal.waitForExit(), 5)
    }

    func testErrorsDoNotEndTheSessionAndLinesCountAcrossEntries() throws {
        let terminal = try TerminalSession()
        try terminal.waitForLastLine("bus>")
        try terminal.enter("let a = 1")
        try terminal.enter("if true {")
        try terminal.enter("}")
        try terminal.enter("a + nope")
        XCTAssertTrue(try terminal.waitUntil { $0.contains("<stdin>:4:5: error:") && $0.hasSuffix("bus>") }, terminal.shown)
    }

    func testHistoryIsWrittenAndRecalledAfterARestart() throws {
        let state = try Busctl.temporaryFolder()
        let first = try TerminalSession(stateHome: state)
        try first.waitForLastLine("bus>")
        try first.enter("let remembered = 1")
        try first.waitUntil { $0.hasSuffix("let remembered = 1\nbus>") }
        try first.press("C-d")
        XCTAssertEqual(try first.waitForExit(), 0)

        let file = state.appendingPathComponent("busctl/history")
        let saved = try String(contentsOf: file, encoding: .utf8)
        XCTAssertTrue(saved.contains("remembered"), saved)

        let second = try TerminalSession(home: first.home, stateHome: state)
        try second.waitForLastLine("bus>")
        try second.press("Up")
        XCTAssertTrue(try second.waitForLastLine("bus> let remembered = 1"), second.shown)
    }

    func testHistoryFallsBackToTheHomeFolder() throws {
        let terminal = try TerminalSession()
        try terminal.waitForLastLine("bus>")
        try terminal.enter("let here = 1")
        try terminal.waitUntil { $0.hasSuffix("let here = 1\nbus>") }
        let file = terminal.home.appendingPathComponent(".local/state/busctl/history")
        XCTAssertTrue(FileManager.default.fileExists(atPath: file.path))
    }

    func testAMultiLineEntryIsOneHistoryEntry() throws {
        let terminal = try TerminalSession()
        try terminal.waitForLastLine("bus>")
        try terminal.enter("for i in range(2) {")
        try terminal.enter("  print i")
        try terminal.enter("}")
        try terminal.waitUntil { $0.hasSuffix("0\n1\nbus>") }
        try terminal.press("Up")
        XCTAssertTrue(try terminal.waitUntil { $0.hasSuffix("bus> for i in range(2) {\n  print i\n}") }, terminal.shown)
        try terminal.press("Enter")
        XCTAssertTrue(try terminal.waitUntil { $0.hasSuffix("}\n0\n1\nbus>") }, terminal.shown)
    }

    func testAHandlerBlockIsRecalledAsOneEntryAfterARestart() throws {
        let state = try Busctl.temporaryFolder()
        let first = try TerminalSession(stateHome: state)
        try first.waitForLastLine("bus>")
        try first.enter("command Greet(name: String)")
        try first.enter("handle Greet as greeter {")
        try first.enter("  print \"hello, \\(msg.name)\"")
        try first.enter("}")
        try first.waitUntil { $0.hasSuffix("...> }\nbus>") }
        try first.press("C-d")
        XCTAssertEqual(try first.waitForExit(), 0)

        let second = try TerminalSession(home: first.home, stateHome: state)
        try second.waitForLastLine("bus>")
        try second.press("Up")
        XCTAssertTrue(try second.waitUntil { $0.hasSuffix("bus> handle Greet as greeter {\n  print \"hello, \\(msg.name)\"\n}") }, second.shown)
        try second.press("Up")
        XCTAssertTrue(try second.waitForLastLine("bus> command Greet(name: String)"), second.shown)
        try second.press("Enter")
        try second.waitUntil { $0.hasSuffix("bus>") }
        try second.press("Up")
        try second.press("Up")
        try second.press("Enter")
        try second.enter("send Greet(name: \"Ada\")")
        XCTAssertTrue(try second.waitUntil { $0.contains("» hello, Ada") && $0.hasSuffix("bus>") }, second.shown)
    }

    func testTheHistoryKeepsTheLastThousandEntries() throws {
        let state = try Busctl.temporaryFolder()
        let file = state.appendingPathComponent("busctl/history")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let old = (1...1200).map { "let old_\($0) = \($0)" }
        try Data((["_HiStOrY_V2_"] + old).joined(separator: "\n").appending("\n").utf8).write(to: file)
        let terminal = try TerminalSession(stateHome: state)
        try terminal.waitForLastLine("bus>")
        try terminal.press("Up")
        XCTAssertTrue(try terminal.waitForLastLine("bus> let old_1200 = 1200"), terminal.shown)
        try terminal.press("C-u")
        try terminal.enter("let newest = 1")
        try terminal.waitUntil { $0.hasSuffix("let newest = 1\nbus>") }
        let entries = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n").filter { !$0.isEmpty && $0 != "_HiStOrY_V2_" }
        XCTAssertEqual(entries.count, 1000)
        XCTAssertEqual(entries.last.map { $0.replacingOccurrences(of: "\\040", with: " ") }, "let newest = 1")
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
    }

    func testColoursOnATerminalAndNoneWithNoColor() throws {
        let coloured = try TerminalSession()
        try coloured.waitForLastLine("bus>")
        try coloured.enter("assert false")
        try coloured.waitUntil { $0.contains("assertion failed") && $0.hasSuffix("bus>") }
        XCTAssertTrue(try coloured.screenWithEscapes().contains("\u{1B}["), "a terminal gets colours")

        let plain = try TerminalSession(environment: ["NO_COLOR": "1"])
        try plain.waitForLastLine("bus>")
        try plain.enter("assert false")
        try plain.waitUntil { $0.contains("assertion failed") && $0.hasSuffix("bus>") }
        XCTAssertFalse(try plain.screenWithEscapes().contains("\u{1B}["), "NO_COLOR turns them off")

        let flag = try TerminalSession(arguments: ["--no-color"])
        try flag.waitForLastLine("bus>")
        try flag.enter("assert false")
        try flag.waitUntil { $0.contains("assertion failed") && $0.hasSuffix("bus>") }
        XCTAssertFalse(try flag.screenWithEscapes().contains("\u{1B}["), "--no-color turns them off")
    }

    func testInteractiveFileOpensThePromptAfterRunning() throws {
        let file = try writeScript("let from_file = \"ready\"\nprint from_file")
        let terminal = try TerminalSession(arguments: ["-i", file.path])
        XCTAssertTrue(try terminal.waitUntil { $0.contains("ready\n") && $0.hasSuffix("bus>") }, terminal.shown)
        try terminal.enter("print from_file")
        XCTAssertTrue(try terminal.waitUntil { $0.hasSuffix("print from_file\nready\nbus>") }, terminal.shown)
    }
}
