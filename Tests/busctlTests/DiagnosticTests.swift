import Foundation
import XCTest

/// Errors read `file:line:col: error: text`, then the source line and a
/// caret under the column (counted in Unicode scalars), then notes
/// (LANGUAGE.md §13).
final class DiagnosticTests: XCTestCase {
    func testTheCaretIsUnderTheColumn() throws {
        let file = try writeScript("let x = 1\nlet y = x + nope\n")
        let run = try runBusctl(args: [file.path])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stderrLines.prefix(3), [
            "\(file.path):2:13: error: `nope` is not defined",
            " 2 | let y = x + nope",
            "   |             ^",
        ])
    }

    func testColumnsCountUnicodeScalars() throws {
        let run = try runBusctl(args: ["-e", #"let s = "café ☕" + nope"#])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.hasPrefix("<-e>:1:20: error:"), run.stderr)
        XCTAssertEqual(run.stderrLines.dropFirst(2).first, "   |                    ^")
    }

    func testTabsBeforeTheCaretAreKept() throws {
        let run = try runBusctl(args: ["-e", "if true {\n\tassert false\n}"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.hasPrefix("<-e>:2:2: error:"), run.stderr)
        XCTAssertEqual(run.stderrLines.dropFirst(2).first, "   | \t^")
    }

    func testAHandlerErrorPointsIntoTheHandlerWithANote() throws {
        let file = try writeScript("""
            command Pay(amount: Int)
            handle Pay as pay {
              fail "card declined"
            }
            send Pay(amount: 5)
            """)
        let run = try runBusctl(args: [file.path])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.hasPrefix("\(file.path):3:3: error: card declined"), run.stderr)
        XCTAssertTrue(run.stderrLines.contains { $0.hasPrefix("  note: ") && $0.contains("Pay") }, run.stderr)
    }

    func testNoColourWhenNotATerminal() throws {
        let run = try runBusctl(args: ["-e", "assert false"])
        XCTAssertFalse(run.stderr.contains("\u{1B}["), run.stderr)
    }

    func testSetColorOnColoursEvenAPipe() throws {
        let run = try runBusctl(args: ["-e", "set color on\nassert false"])
        XCTAssertTrue(run.stderr.contains("\u{1B}["), run.stderr)
    }

    func testNoColorFlagWins() throws {
        let run = try runBusctl(args: ["--no-color", "-e", "assert false"], env: ["TERM": "xterm"])
        XCTAssertFalse(run.stderr.contains("\u{1B}["), run.stderr)
    }
}
