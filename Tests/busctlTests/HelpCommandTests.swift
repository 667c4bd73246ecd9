import Foundation
import XCTest

/// `help` with the real binary (issue 5): the overview, a page for every
/// statement, and the suggestion for a misspelt statement. The examples of
/// every page are run by BusScriptTests/HelpTests.
final class HelpCommandTests: XCTestCase {
    static let statements = [
        "command", "event", "handle", "on", "outbox", "begin", "commit", "rollback", "send", "batch", "step",
        "next", "run", "queue", "types", "show", "handlers", "vars", "remove", "set", "reset", "load", "save",
        "graph", "help", "quit", "exit", "expect", "let", "if", "for", "while", "break", "continue", "return",
        "fail", "emit", "print", "crash", "dispatch", "assert", "fn", "ctx", "last",
    ]

    func testTheOverviewListsTheStatementsByGroup() throws {
        let run = try runBusctl(args: ["-e", "help"])
        XCTAssertEqual(run.status, 0, run.stderr)
        for group in ["Messages and handlers", "Sending and stepping", "In handler bodies", "Code", "Outbox, transactions, faults", "Session"] {
            XCTAssertTrue(run.stdoutLines.contains(group), "no group \(group)")
        }
        XCTAssertTrue(run.stdout.contains("  send TYPE(field: value, ...)"))
    }

    func testEveryStatementHasAPageWithAnExample() throws {
        let text = Self.statements.map { "help \($0)" }.joined(separator: "\n")
        let run = try runBusctl(args: ["--trace", "json", "-e", text])
        XCTAssertEqual(run.status, 0, run.stderr)
        let pages = try run.stdoutLines.map { line -> String in
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return try XCTUnwrap(object["text"] as? String)
        }
        XCTAssertEqual(pages.count, Self.statements.count)
        for (word, page) in zip(Self.statements, pages) {
            XCTAssertTrue(page.contains("\nExample:\n  "), "`help \(word)` has no example:\n\(page)")
        }
    }

    func testAMisspeltStatementSuggestsTheClosestOne() throws {
        let run = try runBusctl(args: ["-e", "command PlaceOrder(order_id: Int)\nsned PlaceOrder(order_id: 1)"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("<-e>:2:1: error: unknown statement `sned`; did you mean `send`?"), run.stderr)
        let topic = try runBusctl(args: ["-e", "help grpah"])
        XCTAssertTrue(topic.stderr.contains("no help on `grpah`; did you mean `graph`?"), topic.stderr)
    }
}
