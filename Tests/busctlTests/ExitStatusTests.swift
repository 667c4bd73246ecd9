import Foundation
import XCTest

/// Exit statuses (LANGUAGE.md §14): 0 all went well; 1 a statement failed;
/// 2 bad usage or an unreadable file on the command line; 130 interrupted;
/// `exit N` gives N.
final class ExitStatusTests: XCTestCase {
    func testAllWentWellIsZero() throws {
        XCTAssertEqual(try runBusctl(args: ["-e", "let x = 1"]).status, 0)
    }

    func testAFailedStatementIsOne() throws {
        let run = try runBusctl(args: ["-e", "assert false"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.hasPrefix("<-e>:1:1: error: assertion failed"), run.stderr)
    }

    func testASyntaxErrorIsOneAndRunsNothing() throws {
        let run = try runBusctl(args: ["-e", "print \"first\"\nlet = 2"])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout, "", "a text is parsed in full before any of it runs")
        XCTAssertTrue(run.stderr.hasPrefix("<-e>:2:"), run.stderr)
    }

    func testAnUnknownFlagIsTwo() throws {
        let run = try runBusctl(args: ["--no-such-flag"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("--no-such-flag"), run.stderr)
    }

    func testABadTraceModeIsTwo() throws {
        let run = try runBusctl(args: ["--trace", "purple", "-e", "1"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("purple"), run.stderr)
    }

    func testAMissingFileIsTwoAndSaysWhy() throws {
        let run = try runBusctl(args: ["no-such-file.bus"])
        XCTAssertEqual(run.status, 2)
        XCTAssertEqual(run.stderr, "busctl: error: cannot read no-such-file.bus: No such file or directory\n")
        XCTAssertEqual(run.stdout, "")
    }

    func testAFolderIsTwo() throws {
        let run = try runBusctl(args: ["scripts"])
        XCTAssertEqual(run.status, 2)
        XCTAssertEqual(run.stderr, "busctl: error: cannot read scripts: Is a directory\n")
    }

    func testAnUnreadableFileStopsBusctlBeforeAnythingRuns() throws {
        let run = try runBusctl(args: ["-e", #"print "early""#, "scripts/shop.bus", "missing.bus"])
        XCTAssertEqual(run.status, 2)
        XCTAssertEqual(run.stdout, "", "files are read before the first statement runs")
    }

    func testAFileThatIsNotUTF8IsTwo() throws {
        let url = try Busctl.temporaryFolder().appendingPathComponent("latin1.bus")
        try Data([0x70, 0x72, 0x69, 0x6E, 0x74, 0x20, 0x22, 0xE9, 0x22, 0x0A]).write(to: url)
        let run = try runBusctl(args: [url.path])
        XCTAssertEqual(run.status, 2)
        XCTAssertEqual(run.stderr, "busctl: error: cannot read \(url.path): not UTF-8 text\n")
    }

    func testExitGivesItsStatus() throws {
        let run = try runBusctl(args: ["-e", #"print "before""#, "-e", "exit 3", "-e", #"print "after""#])
        XCTAssertEqual(run.status, 3)
        XCTAssertEqual(run.stdout, "before\n")
    }

    func testQuitIsZero() throws {
        let run = try runBusctl(args: ["-e", "quit", "-e", "assert false"])
        XCTAssertEqual(run.status, 0)
        XCTAssertEqual(run.stderr, "")
    }

    func testExitInPipedInputEndsIt() throws {
        let run = try runBusctl(args: [], stdin: "print 1\nexit 4\nprint 2\n")
        XCTAssertEqual(run.status, 4)
        XCTAssertEqual(run.stdout, "1\n")
    }

    func testKeepGoingReportsEveryErrorAndExitsOne() throws {
        let run = try runBusctl(args: ["--keep-going", "-e", "assert false\nprint \"still here\"", "-e", "assert 1 == 2"])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout, "still here\n")
        XCTAssertEqual(run.stderrLines.filter { $0.contains(": error: ") }.count, 2, run.stderr)
    }

    func testCtrlCStopsARunningScriptWith130() throws {
        let run = try runBusctl(args: ["-e", "while true { }"], interruptAfter: 1, timeout: 20)
        XCTAssertEqual(run.status, 130)
        XCTAssertTrue(run.stderr.contains("interrupted"), run.stderr)
    }

    func testHelpAndVersionAreZero() throws {
        let help = try runBusctl(args: ["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("USAGE: busctl"), help.stdout)
        let version = try runBusctl(args: ["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertTrue(version.stdout.hasPrefix("busctl "), version.stdout)
    }
}
