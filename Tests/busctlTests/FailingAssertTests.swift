import Foundation
import XCTest

/// A script whose assert is false stops there: exit status 1 and a
/// `file:line:col: error:` that points at the assert, with its source line
/// and a caret (LANGUAGE.md §13, §14).
final class FailingAssertTests: XCTestCase {
    /// shop.bus with `assert ctx.mails == 1` made false; returns the copy's
    /// path and the assert's line.
    private func shopWithFalseAssert() throws -> (path: String, line: Int) {
        let original = try String(contentsOf: Busctl.scriptsFolder.appendingPathComponent("shop.bus"), encoding: .utf8)
        var lines = original.components(separatedBy: "\n")
        guard let index = lines.firstIndex(of: "assert ctx.mails == 1") else {
            throw HelperError(description: "shop.bus no longer has `assert ctx.mails == 1`")
        }
        lines[index] = "assert ctx.mails == 99"
        let url = try writeScript(lines.joined(separator: "\n"), named: "shop.bus")
        return (url.path, index + 1)
    }

    func testAFalseAssertExitsOneAndPointsAtIt() throws {
        let (path, line) = try shopWithFalseAssert()
        let run = try runBusctl(args: [path])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(
            run.stderr.hasPrefix("\(path):\(line):1: error:"),
            "stderr starts with the assert's position:\n\(run.stderr)"
        )
        XCTAssertTrue(run.stderr.contains("assertion failed"))
        XCTAssertTrue(run.stderr.contains("(left 1, right 99)"), run.stderr)
    }

    func testTheErrorShowsTheSourceLineAndACaret() throws {
        let (path, _) = try shopWithFalseAssert()
        let lines = try runBusctl(args: [path]).stderrLines
        XCTAssertGreaterThanOrEqual(lines.count, 3)
        guard lines.count >= 3 else { return }
        XCTAssertTrue(lines[1].hasSuffix("| assert ctx.mails == 99"), lines[1])
        XCTAssertTrue(lines[2].hasSuffix("| ^"), "the caret is under column 1: \(lines[2])")
    }

    func testNothingAfterTheFailingAssertRuns() throws {
        let (path, _) = try shopWithFalseAssert()
        let run = try runBusctl(args: [path])
        XCTAssertTrue(run.stdout.contains("mail: order 1 placed"), "statements before the assert ran")
        XCTAssertFalse(run.stdout.contains("mail: order 2 placed"), "statements after it did not")
    }

    func testKeepGoingReportsTheErrorAndRunsTheRest() throws {
        let (path, line) = try shopWithFalseAssert()
        let run = try runBusctl(args: ["--keep-going", path])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.hasPrefix("\(path):\(line):1: error:"), run.stderr)
        XCTAssertTrue(run.stdout.contains("mail: order 3 placed"), "the rest of the script ran")
    }
}
