import Foundation
import XCTest

/// The human-readable traces (LANGUAGE.md §7). Their layout is not part of
/// the contract; what they show is: `tree` shows who caused what when the
/// cascade ends, `flat` one line per step, `off` only errors, `print` lines
/// and echoes.
final class TraceModeTests: XCTestCase {
    static let cascade = """
        command Place(n: Int)
        event Placed(n: Int)
        handle Place as place { emit Placed(n: msg.n); return "ok" }
        on Placed as shout { print "placed \\(msg.n)" }
        send Place(n: 7)
        """

    func testTreeNestsEmittedMessagesUnderTheirHandler() throws {
        let run = try runBusctl(args: ["--trace", "tree", "--deterministic", "-e", Self.cascade])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, """
            Place #1 (n: 7)
            └─ place ✓ "ok"
               └─ Placed #2 (n: 7)
                  └─ shout ✓
                     └─ » placed 7
            ✓ 2 messages, 2 handlers, 0 errors in 0 ms

            """)
    }

    func testTreeIsTheDefault() throws {
        let tree = try runBusctl(args: ["--trace", "tree", "--deterministic", "-e", Self.cascade])
        let plain = try runBusctl(args: ["--deterministic", "-e", Self.cascade])
        XCTAssertEqual(tree.stdout, plain.stdout)
    }

    func testFlatShowsOneLinePerStep() throws {
        let run = try runBusctl(args: ["--trace", "flat", "--deterministic", "-e", Self.cascade])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdoutLines.count, 7, run.stdout)
        XCTAssertTrue(run.stdoutLines.first?.contains("Place #1") == true, run.stdout)
    }

    func testOffShowsOnlyPrintLines() throws {
        let run = try runBusctl(args: ["--trace", "off", "-e", Self.cascade + "\n1 + 1"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "placed 7\n2\n")
    }

    func testSetTraceChangesTheModeMidScript() throws {
        let run = try runBusctl(args: ["--deterministic", "-e", Self.cascade + "\nset trace json\nsend Place(n: 8)"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdoutLines.contains(#"{"t":"dispatch","id":3,"cause":null,"kind":"command","name":"Place","fields":{"n":8}}"#), run.stdout)
    }

    func testAFailedCascadeShowsTheTreeThenTheErrorThenTheSummary() throws {
        let script = """
            command Pay(amount: Int)
            handle Pay as pay { fail "declined" }
            send Pay(amount: 1)
            """
        let run = try runBusctl(args: ["--deterministic", "-e", script])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdoutLines.first, "Pay #1 (amount: 1)")
        XCTAssertEqual(run.stdoutLines.last, "✗ 1 message, 1 handler, 1 error in 0 ms")
        XCTAssertTrue(run.stderr.hasPrefix("<-e>:2:21: error: declined"), run.stderr)
    }
}
