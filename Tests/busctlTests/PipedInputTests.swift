import Foundation
import XCTest

/// Standard input that is not a terminal is read as a script (LANGUAGE.md
/// §13, §14): each statement runs as soon as it is complete, errors are
/// `<stdin>:line:col` with the input's own line numbers, and the first
/// failure stops it with status 1.
final class PipedInputTests: XCTestCase {
    func testStatementsRunInOrder() throws {
        let run = try runBusctl(args: [], stdin: "print \"a\"\nprint \"b\"\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "a\nb\n")
    }

    func testABlockRunsWhenItCloses() throws {
        let run = try runBusctl(args: [], stdin: "for i in range(3) {\n  print i\n}\nprint \"done\"\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "0\n1\n2\ndone\n")
    }

    func testTheFirstFailureStopsTheInputWithOne() throws {
        let run = try runBusctl(args: [], stdin: "print 1\n\n# a comment\nassert 1 == 2\nprint 2\n")
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout, "1\n")
        XCTAssertTrue(run.stderr.hasPrefix("<stdin>:4:1: error: assertion failed"), run.stderr)
        XCTAssertTrue(run.stderr.contains(" 4 | assert 1 == 2\n"), run.stderr)
    }

    func testEachStatementRunsBeforeTheNextIsParsed() throws {
        // Unlike a file, piped input is not parsed in full first: the
        // statements before a syntax error have already run.
        let run = try runBusctl(args: [], stdin: "print \"ran\"\nlet = 1\n")
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout, "ran\n")
        XCTAssertTrue(run.stderr.hasPrefix("<stdin>:2:"), run.stderr)
    }

    func testAnUnfinishedStatementAtTheEndIsAnError() throws {
        let run = try runBusctl(args: [], stdin: "if true {\n  print 1\n")
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout, "")
        XCTAssertTrue(run.stderr.hasPrefix("<stdin>:"), run.stderr)
    }

    func testEmptyInputIsZero() throws {
        let run = try runBusctl(args: [])
        XCTAssertEqual(run.status, 0)
        XCTAssertEqual(run.stdout, "")
        XCTAssertEqual(run.stderr, "")
    }

    func testWindowsLineEndsAreAccepted() throws {
        let run = try runBusctl(args: [], stdin: "print 1\r\nprint 2\r\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "1\n2\n")
    }

    func testKeepGoingGoesOnAfterAFailure() throws {
        let run = try runBusctl(args: ["--keep-going"], stdin: "assert false\nprint \"after\"\n")
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout, "after\n")
    }

    func testTheShopScriptRunsFromStandardInput() throws {
        let shop = try String(contentsOf: Busctl.scriptsFolder.appendingPathComponent("shop.bus"), encoding: .utf8)
        let run = try runBusctl(args: ["--trace", "off"], stdin: shop)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("mail: order 3 placed"), run.stdout)
    }
}
