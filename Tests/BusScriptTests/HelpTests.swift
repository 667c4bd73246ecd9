import BusScript
import Foundation
import XCTest

/// `help` (issue 5): the overview lists every statement by group, `help
/// TOPIC` gives the syntax and an example for every statement, and the
/// example runs as it is; a misspelt statement suggests the right one.
final class HelpTests: XCTestCase {
    /// Every word that starts a statement (LANGUAGE.md §1, §4).
    static let statementWords = [
        "command", "event", "handle", "on", "outbox", "begin", "commit", "rollback", "send", "batch", "step",
        "next", "run", "queue", "types", "show", "handlers", "vars", "remove", "set", "reset", "load", "save",
        "graph", "help", "quit", "exit", "expect",
        "let", "if", "for", "while", "break", "continue", "return", "fail", "emit", "print", "crash",
        "dispatch", "assert", "fn", "ctx", "last",
    ]

    /// The text `help WORDS` shows.
    private func help(_ topic: String?) -> ScriptRun {
        expectSuccess(topic.map { "help \($0)" } ?? "help")
    }

    func testTheOverviewNamesEveryStatementAndFitsAScreen() throws {
        let overview = try XCTUnwrap(help(nil).output.texts.first)
        for word in Self.statementWords where !["else", "in"].contains(word) {
            XCTAssertTrue(overview.range(of: "\\b\(word)\\b", options: .regularExpression) != nil, "`\(word)` is not in the overview")
        }
        let lines = overview.components(separatedBy: "\n")
        XCTAssertLessThanOrEqual(lines.count, 40)
        XCTAssertLessThanOrEqual(lines.map(\.count).max() ?? 0, 80)
    }

    func testEveryStatementHasATopicWithSyntaxAndAnExample() throws {
        for word in Self.statementWords {
            let text = try XCTUnwrap(help(word).output.texts.first, word)
            XCTAssertTrue(text.contains("Example:\n"), "`help \(word)` has no example")
            let example = text.components(separatedBy: "Example:\n").last ?? ""
            XCTAssertTrue(example.range(of: "\\b\(word)\\b", options: .regularExpression) != nil || word == "quit",
                          "the example of `help \(word)` does not use it:\n\(example)")
        }
    }

    func testEveryExampleRunsInAFreshSession() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("busctl-help-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let topics = Set(Self.statementWords + ["tour", "outbox", "transactions", "crash", "retry", "trace", "builtins", "values"])
        for topic in topics.sorted() {
            let text = try XCTUnwrap(help(topic).output.texts.first, topic)
            guard let example = text.components(separatedBy: "Example:\n").dropFirst().first else { continue }
            let source = example.components(separatedBy: "\n").map { String($0.dropFirst(2)) }.joined(separator: "\n")
            let output = RecordingOutput()
            let session = Session(options: deterministicOptions(), output: output)
            let result = session.run(source: source, file: "help \(topic)", directory: folder.path)
            XCTAssertEqual(result.failures, 0, "the example of `help \(topic)` failed: \(output.errors)\n\(source)")
        }
    }

    func testAnUnknownTopicSuggestsOne() {
        expectFailure("help sned", contains: "no help on `sned`; did you mean `send`?")
    }

    func testAMisspeltStatementSuggestsTheRightOne() {
        expectFailure("command PlaceOrder(order_id: Int)\nsned PlaceOrder(order_id: 1)", contains: "unknown statement `sned`; did you mean `send`?", at: (2, 1))
        expectFailure("hadnle X { }", contains: "did you mean `handle`?")
        expectFailure("runn", contains: "`runn` is not defined; did you mean `run`?")
        expectFailure("event E()\non E { emti E() }", contains: "unknown statement `emti`; did you mean `emit`?")
    }

    func testAWordThatShouldBeTextSuggestsQuotes() {
        expectFailure("command P(sku: String)\nhandle P { }\nsend P(sku: LAMP)", contains: "`LAMP` is not defined; for text, write it in quotes: \"LAMP\"")
    }
}
