@testable import BusScript
import Foundation
import XCTest

/// Syntax errors: each says what is wrong and what to type instead, at the
/// offending token; one typo gives one message (LANGUAGE.md §1, §13).
final class ErrorParserTests: XCTestCase {
    // MARK: - Literals

    func testIntegerLiteralOutOfRange() {
        assertParseError("x = 9223372036854775808", "integer literal 9223372036854775808 is out of range", at: (1, 5))
        assertParseError("x = -9223372036854775809", "integer literal -9223372036854775809 is out of range", at: (1, 5))
        assertParseError("x = 1\ny = 99999999999999999999 + 1", "is out of range", at: (2, 5))
    }

    func testStringErrors() {
        assertParseError("print \"abc\nprint 2", "unterminated string", at: (1, 7))
        assertParseError("handle C {\n  print \"abc\n}", "unterminated string", at: (2, 9))
        assertParseError("print \"a\\qb\"", "unknown escape `\\q`", at: (1, 9))
        assertParseError("print \"a \\() b\"", "empty interpolation", at: (1, 12))
        assertParseError("print \"\\(1 +)\"", "unexpected `)`; expected an expression", at: (1, 13))
        assertParseError("print \"\\(1 2)\"", "unexpected `2`; expected `)` to end the interpolation", at: (1, 12))
        assertParseError("print \"\\(x # y)\"", "comment", at: (1, 12))
    }

    func testFirstErrorInSourceOrderWins() {
        assertParseError("x = = 1\nprint \"abc", "unexpected `=`", at: (1, 5))
        assertParseError("print 1 2\nx = 99999999999999999999", "unexpected `2`", at: (1, 9))
    }

    // MARK: - Expressions

    func testComparisonsCannotBeChained() {
        assertParseError("assert a < b < c", "comparisons cannot be chained", at: (1, 14))
        assertParseError("x = a == b != c", "comparisons cannot be chained", at: (1, 12))
    }

    func testNotInsideAComparisonNeedsParentheses() {
        assertParseError("x = a == not b", "put it in parentheses: `(not x)`", at: (1, 10))
    }

    func testMissingOrReservedOperands() {
        assertParseError("x = 1 + ", "unexpected end of input after `+`", incomplete: true)
        assertParseError("x = 1 + * 2", "unexpected `*`; expected an expression", at: (1, 9))
        assertParseError("x = if", "`if` is a reserved word", at: (1, 5))
        assertParseError("x = ()", "expected an expression inside `( )`", at: (1, 6))
        assertParseError("x = [1 2]", "unexpected `2`; expected `,` or `]`", at: (1, 8))
        assertParseError("x = [\"a\": 1, \"b\"]", "expected `:` after the map key", at: (1, 17))
        assertParseError("x = f(1 2)", "expected `,` or `)` in the arguments of `f`", at: (1, 9))
        assertParseError("x = a.1", "expected a name after `.`", at: (1, 7))
        assertParseError("x = a.b(1)", "only a function can be called", at: (1, 8))
    }

    func testMessageLiteralIsNotAValue() {
        assertParseError("let x = PlaceOrder(order_id: 1)", "a message is not a value", at: (1, 9))
    }

    // MARK: - Statements

    func testStatementsEndAtNewlinesOrSemicolons() {
        assertParseError("print 1 2", "unexpected `2`; expected a new line or `;` after the statement", at: (1, 9))
        assertParseError("x = 1\n+ 2", "unexpected `+`; expected an expression", at: (2, 1))
        assertParseError("}", "no open block", at: (1, 1))
        assertParseError("{ print 1 }", "unexpected `{`; expected an expression", at: (1, 1))
    }

    func testElseMustBeOnTheLineOfTheClosingBrace() {
        let message = "`else` must be on the same line as the `}` that closes the `if` block"
        assertParseError("if a {\n  print 1\n}\nelse {\n  print 2\n}", message, at: (4, 1))
        assertParseError("if a {\n}\n# comment\n\nelse {\n}", message, at: (5, 1))
        assertParseError("handle C {\n  if a {\n  }\n  else { }\n}", message, at: (4, 3))
        assertParseError("else { }", message, at: (1, 1))
    }

    func testBlocksMustOpenOnTheSameLine() {
        assertParseError("if a\n{\n}", "expected `{` after the `if` condition, on the same line", at: (1, 5))
        assertParseError("if { }", "`if` needs a condition", at: (1, 4))
        assertParseError("while { }", "`while` needs a condition", at: (1, 7))
        assertParseError("for x range(3) { }", "expected `in` after `for x`", at: (1, 7))
        assertParseError("for x in { }", "needs a list or map", at: (1, 10))
    }

    func testAssignmentNeedsANameOnTheLeft() {
        assertParseError("f(x) = 1", "cannot assign to `f(x)`", at: (1, 1))
        assertParseError("a + b = 1", "cannot assign to `a + b`", at: (1, 1))
        assertParseError("  1 += 1", "cannot assign to `1`", at: (1, 3))
        assertParseError("x.y(1) = 2", "only a function can be called", at: (1, 4))
        assertParseError("let x == 1", "expected `=` after `let x`", at: (1, 7))
    }

    func testNamesThatCannotBeBound() {
        assertParseError("let if = 1", "`if` is a reserved word and cannot be used as a name", at: (1, 5))
        assertParseError("let msg = 1", "`msg` is predefined and cannot be bound", at: (1, 5))
        assertParseError("for ctx in xs { }", "`ctx` is predefined", at: (1, 5))
        assertParseError("fn f(last) { }", "`last` is predefined", at: (1, 6))
        assertParseError("fn f(a, a) { }", "parameter `a` appears twice", at: (1, 9))
        assertParseError("on E { let outbox = 1 }", "`outbox` is predefined", at: (1, 12))
        assertParseError("let send = 1", "`send` is a command word; top-level code cannot use it as a name", at: (1, 5))
        assertParseError("for run in xs { }", "`run` is a command word", at: (1, 5))
        assertParseError("if x { let show = 1 }", "`show` is a command word", at: (1, 12))
        assertParseError("send = 1", "`send` is a command word; top-level code cannot use it as a name", at: (1, 1))
        assertParseError("fn help() { }", "`help` is a command word", at: (1, 4))
    }

    func testPrintFailAssertNeedAValue() {
        assertParseError("print", "`print` needs a value", at: (1, 6))
        assertParseError("on E { fail }", "`fail` needs a value", at: (1, 13))
        assertParseError("assert", "`assert` needs a condition", at: (1, 7))
    }

    // MARK: - Definitions

    func testDefinitionsStandOnlyAtTheTopLevel() {
        assertParseError("if x {\n  command C()\n}", "definitions stand only at the top level, not inside a block", at: (2, 3))
        assertParseError("for i in xs { fn f() { } }", "`fn` definitions stand only at the top level", at: (1, 15))
        assertParseError("handle C {\n  on E { }\n}", "`on` definitions stand only at the top level, not inside a handler or function", at: (2, 3))
        assertParseError("fn f() { fn g() { } }", "`fn` definitions stand only at the top level", at: (1, 10))
        assertParseError("on E { outbox handler h { } }", "`outbox handler` definitions stand only at the top level", at: (1, 8))
        assertParseError("while x { outbox handler { } }", "`outbox handler` definitions stand only at the top level, not inside a block", at: (1, 18))
    }

    func testTypeDeclarationErrors() {
        assertParseError("command C", "needs a field list in parentheses, even an empty one: `command C()`", at: (1, 10))
        assertParseError("event E(a: Integer)", "unknown type `Integer`", at: (1, 12))
        assertParseError("event E(a: int)", "unknown type `int`; did you mean Int?", at: (1, 12))
        assertParseError("event E(a: [Int: String])", "map keys must be String: write `[String: String]`", at: (1, 13))
        assertParseError("event E(a: Int, a: String)", "field `a` is declared twice", at: (1, 17))
        assertParseError("event E(a Int)", "expected `:` and a type after the field name", at: (1, 11))
        assertParseError("event E(a: Int b: Int)", "expected `,` or `)` after the field `a`", at: (1, 16))
        assertParseError("command if()", "`if` is a reserved word and cannot name a type", at: (1, 9))
        assertParseError("fn f { }", "needs a parameter list, even an empty one: `fn f() { … }`", at: (1, 6))
        assertParseError("handle C as { }", "expected a handler name after `as`", at: (1, 13))
    }

    // MARK: - Messages

    func testMessageLiteralErrors() {
        assertParseError("send PlaceOrder(1)", "message fields need labels: `PlaceOrder(field: value)`", at: (1, 17))
        assertParseError("send PlaceOrder", "`PlaceOrder` needs parentheses, even with no fields: `PlaceOrder()`", at: (1, 16))
        assertParseError("on E { emit Note }", "`Note` needs parentheses", at: (1, 18))
        assertParseError("send C(a: 1, a: 2)", "field `a` is given twice", at: (1, 14))
        assertParseError("send", "expected a message type after `send`", at: (1, 5))
        assertParseError("batch PlaceOrder()", "`batch` takes a list of messages in brackets", at: (1, 7))
        assertParseError("batch [A() B()]", "expected `,` or `]` in the `batch` list", at: (1, 12))
    }

    func testCommandWordsInBodies() {
        assertParseError("handle C {\n  send D(x: 1)\n}", "`send` is only for the top level; use `emit` inside a handler", at: (2, 3))
        assertParseError("on E { step D() }", "`step` is only for the top level; use `emit` inside a handler", at: (1, 8))
        assertParseError("on E { batch [D()] }", "`batch` is only for the top level; use `emit` inside a handler", at: (1, 8))
        assertParseError("fn f() { show C }", "`show` is only for the top level", at: (1, 10))
        assertParseError("fn f() { commit }", "`commit` is only for the top level", at: (1, 10))
        assertParseError("on E { expect error x }", "`expect` is only for the top level", at: (1, 8))
        assertParseError("on E { outbox run }", "`outbox run` is only for the top level", at: (1, 8))
        assertParseError("on E { outbox }", "`outbox` (the table) is only for the top level", at: (1, 8))
    }

    // MARK: - Commands

    func testCommandErrors() {
        assertParseError("run 1", "`run` takes nothing after it", at: (1, 5))
        assertParseError("show", "`show` needs a name", at: (1, 5))
        assertParseError("remove", "`remove` needs a name", at: (1, 7))
        assertParseError("set trace", "`set trace` needs a value", at: (1, 10))
        assertParseError("set trace \"\\(x)\"", "plain string", at: (1, 11))
        assertParseError("reset all", "expected `data`", at: (1, 7))
        assertParseError("load", "`load` needs a path", at: (1, 5))
        assertParseError("help +", "expected a topic after `help`", at: (1, 6))
        assertParseError("help outbox add", "`help` takes one topic word, as in `help outbox`", at: (1, 13))
        assertParseError("graph --svg", "unknown `graph` option `--svg`; use `--mermaid` or `--dot`", at: (1, 7))
        assertParseError("outbox show", "`outbox show` needs an id", at: (1, 12))
        assertParseError("outbox frob", "expected `show`, `step`, `run`, `retry`, `purge`, `add` or `handler` after `outbox`", at: (1, 8))
        assertParseError("outbox add X() meta", "`meta` needs a map", at: (1, 20))
        assertParseError("expect send C()", "expected `error` after `expect`", at: (1, 8))
        assertParseError("expect error", "`expect error` needs a statement to run", at: (1, 13))
        assertParseError("expect error \"x\"", "`expect error` needs a statement to run", at: (1, 17))
        assertParseError("expect error \"a \\(b)\" send C()", "must be a plain string", at: (1, 14))
    }

    // MARK: - Incomplete input

    func testEndOfInputInsideAnOpenStatementIsIncomplete() {
        assertParseError("handle C {\n  print 1\n", "unexpected end of input: `{` at 1:10 is not closed", incomplete: true)
        assertParseError("handle C {\n  if x {\n", "`{` at 2:8 is not closed", incomplete: true)
        assertParseError("send C(a: 1,", "`(` at 1:7 is not closed", incomplete: true)
        assertParseError("x = [1, 2", "`[` at 1:5 is not closed", incomplete: true)
        assertParseError("x = 1 +", "unexpected end of input after `+`", incomplete: true)
        assertParseError("x = a and  # comment\n", "unexpected end of input after `and`", incomplete: true)
        assertParseError("let x =", "after `=`", incomplete: true)
        assertParseError("assert x,", "after `,`", incomplete: true)
        assertParseError("fn f(a,", "is not closed", incomplete: true)
        assertParseError("command C(a:", "is not closed", incomplete: true)
    }

    func testIncompleteInputAgreesWithNeedsMoreInput() {
        for source in ["handle C {", "send C(a: 1,", "x = [1,", "x = 1 -", "x = a or", "outbox add C(", "batch [", "if a { } else {"] {
            XCTAssertTrue(Parser.needsMoreInput(source), source)
            XCTAssertTrue(parseError(source).isIncompleteInput, source)
        }
        for source in ["if x", "print \"abc", "send C", "x = 1 2", "let x"] {
            XCTAssertFalse(Parser.needsMoreInput(source), source)
            XCTAssertFalse(parseError(source).isIncompleteInput, source)
        }
    }

    // MARK: - Nesting

    func testDeepNestingIsAnErrorNotACrash() {
        let depth = 100_000
        for (open, close) in [("(", ")"), ("[", "]")] {
            let source = "x = " + String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth)
            assertParseError(source, "nesting too deep")
        }
        assertParseError("x = " + String(repeating: "(", count: depth), "nesting too deep")
        assertParseError("x = " + String(repeating: "- ", count: depth) + "x", "nesting too deep")
        assertParseError("x = " + String(repeating: "not ", count: depth) + "x", "nesting too deep")
        assertParseError(String(repeating: "if x {\n", count: depth), "nesting too deep")
        assertParseError(String(repeating: "expect error ", count: depth) + "x", "nesting too deep")
        assertParseError("command C(a: " + String(repeating: "[", count: depth) + "Int", "nesting too deep")
        var interpolated = "x"
        for _ in 0..<300 { interpolated = "\"\\(" + interpolated + ")\"" }
        assertParseError("print " + interpolated, "nesting too deep")
        assertParseError("x = " + Array(repeating: "1", count: 1000).joined(separator: " + "), "nesting too deep")
    }

    func testNestingUpToTheLimitParses() {
        let nested = "x = " + String(repeating: "(", count: 250) + "1" + String(repeating: ")", count: 250)
        XCTAssertEqual(parseStatements(nested).count, 1)
        let lists = "x = " + String(repeating: "[", count: 250) + String(repeating: "]", count: 250)
        XCTAssertEqual(parseStatements(lists).count, 1)
        let blocks = String(repeating: "if x {\n", count: 250) + String(repeating: "}\n", count: 250)
        XCTAssertEqual(parseStatements(blocks).count, 1)
        let sum = "x = " + Array(repeating: "1", count: 200).joined(separator: " + ")
        XCTAssertEqual(parseStatements(sum).count, 1)
    }

    private static let deepestSources = [
        "x = " + String(repeating: "(", count: 256) + "1" + String(repeating: ")", count: 256),
        "x = " + String(repeating: "[", count: 256) + String(repeating: "]", count: 256),
        "x = " + String(repeating: "-", count: 256) + "y",
        "x = " + String(repeating: "not ", count: 256) + "y",
        "x = " + String(repeating: "f(", count: 256) + String(repeating: ")", count: 256),
        "x = " + String(repeating: "a[", count: 256) + "0" + String(repeating: "]", count: 256),
        String(repeating: "if x {\n", count: 256) + String(repeating: "}\n", count: 256),
        "on E {\n" + String(repeating: "while x {\n", count: 255) + String(repeating: "}\n", count: 256),
        String(repeating: "expect error ", count: 256) + "x",
        "x = " + String(repeating: "(1 + ", count: 128) + "1" + String(repeating: ")", count: 128),
        "print " + String(repeating: "\"\\(", count: 256) + "1" + String(repeating: ")\"", count: 256),
        "x = " + String(repeating: "(", count: 257) + "1" + String(repeating: ")", count: 257),
    ]

    /// Parses each source on a thread with the given stack size: "ok",
    /// "deep" (nesting too deep) or another error message.
    private func parseOnThread(stackSize: Int, _ sources: [String]) -> [String] {
        let done = expectation(description: "parsed")
        let results = ResultBox()
        let thread = Thread {
            for source in sources {
                do throws(Diagnostic) {
                    _ = try Parser.parse(source, file: "t")
                    results.append("ok")
                } catch {
                    results.append(error.message.contains("nesting too deep") ? "deep" : error.message)
                }
            }
            done.fulfill()
        }
        thread.stackSize = stackSize
        thread.start()
        wait(for: [done], timeout: 120)
        return results.values
    }

    /// Exactly 256 levels of each kind of nesting parse on an ordinary
    /// thread (8 MiB), in debug builds too; 257 do not.
    func testNestingAtTheLimitParsesOnAnOrdinaryStack() {
        XCTAssertEqual(
            parseOnThread(stackSize: 8 << 20, Self.deepestSources),
            Array(repeating: "ok", count: Self.deepestSources.count - 1) + ["deep"])
    }

    /// On a small stack the parser stops with "nesting too deep" before the
    /// stack runs out, instead of crashing.
    func testDeepNestingOnASmallStackIsAnErrorNotACrash() {
        let results = parseOnThread(stackSize: 256 << 10, Self.deepestSources)
        XCTAssertEqual(results.count, Self.deepestSources.count)
        XCTAssertTrue(results.allSatisfy { $0 == "ok" || $0 == "deep" }, "\(results)")
        XCTAssertEqual(results.last, "deep")
    }
}

/// Collects strings from another thread.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []

    func append(_ value: String) {
        lock.lock()
        storage.append(value)
        lock.unlock()
    }

    var values: [String] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
