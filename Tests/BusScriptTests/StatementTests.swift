import BusScript
import XCTest

/// Code statements: let, assignment, control flow, functions, assert, expect.
final class StatementTests: XCTestCase {
    func testLetAndAssignment() {
        let run = expectSuccess("""
        let xs = [1, 2]
        xs += [3]
        let m = ["a": ["b": [1, 2]]]
        m.a.b[1] = 5
        m["c"] = 1
        m.c = nil
        let n = 10
        n -= 3
        print xs
        print m
        print n
        """)
        XCTAssertEqual(run.output.prints, ["[1, 2, 3]", "[\"a\": [\"b\": [1, 5]]]", "7"])
    }

    func testAssignmentErrors() {
        expectFailure("x = 1", contains: "let x", at: (1, 1))
        expectFailure("let xs = [1]\nxs[1] = 2", contains: "out of range", at: (2, 1))
        expectFailure("ctx.a.b = 1", contains: "is nil")
        expectFailure("let m = [:]\nm.a += 1", contains: "is nil")
    }

    func testValueSemantics() {
        let run = expectSuccess("""
        let a = [1, 2]
        let b = a
        b += [3]
        print a
        ctx.list = a
        a[0] = 9
        print ctx.list
        """)
        XCTAssertEqual(run.output.prints, ["[1, 2]", "[1, 2]"])
    }

    func testControlFlow() {
        let run = expectSuccess("""
        let total = 0
        for i in range(10) {
          if i == 2 { continue }
          if i == 5 { break }
          total += i
        }
        let n = 0
        while n < 3 { n += 1 }
        for k in ["b": 1, "a": 2] { print k }
        if total > 100 { print "big" } else if total > 5 { print "medium" } else { print "small" }
        print total
        print n
        """)
        XCTAssertEqual(run.output.prints, ["b", "a", "medium", "8", "3"])
    }

    func testLetScopes() {
        expectFailure("if true {\n  let a = 1\n  let a = 2\n}", contains: "already bound", at: (3, 3))
        expectSuccess("let a = 1\nlet a = 2\nassert a == 2")
        expectSuccess("let a = 1\nif true { let a = 2\n assert a == 2 }\nassert a == 1")
        expectFailure("for i in range(2) { let j = i }\nprint j", contains: "not defined", at: (2, 7))
    }

    func testFunctions() {
        let run = expectSuccess("""
        fn twice(x) { return helper(x) * 2 }
        fn helper(x) { return x + 1 }
        fn fact(n) { if n <= 1 { return 1 }
          return n * fact(n - 1) }
        print twice(3)
        print fact(10)
        ctx.stock = ["LAMP": 2]
        fn available(sku) { return ctx.stock[sku] ?? 0 }
        print available("DESK")
        """)
        XCTAssertEqual(run.output.prints, ["8", "3628800", "0"])
    }

    func testFunctionErrors() {
        expectFailure("fn f(a) { return a }\nf(1, 2)", contains: "takes 1 argument", at: (2, 1))
        expectFailure("fn f(n) { return f(n + 1) }\nf(0)", contains: "call depth")
        expectFailure("fn f() { fail \"nope\" }\nlet x = f()", contains: "nope", at: (1, 10))
        expectFailure("fn f() { emit X() }", contains: "emit")
        expectFailure("fn f() { return msg }", contains: "msg")
        expectFailure("fn len(x) { return 1 }", contains: "built-in")
    }

    func testStepLimit() {
        var options = deterministicOptions()
        options.stepLimit = 1000
        let output = RecordingOutput()
        let session = Session(options: options, output: output)
        _ = session.run(source: "while true { }", file: "t.bus")
        XCTAssertTrue(output.errors.first?.message.contains("step limit") ?? false)
    }

    func testAssertMessages() {
        expectFailure("ctx.mails = 1\nassert ctx.mails == 2", contains: "assertion failed: ctx.mails == 2 (left 1, right 2)", at: (2, 1))
        expectFailure("assert 1 > 2, \"one is \\(1)\"", contains: "assertion failed: one is 1")
        expectFailure("assert false", contains: "assertion failed: false")
        expectFailure("assert 1", contains: "must be a Bool")
    }

    func testExpectError() {
        let run = expectSuccess("expect error \"division\" let x = 1 / 0\nexpect error let y = nope")
        XCTAssertEqual(run.output.notes.count, 2)
        expectFailure("expect error let x = 1", contains: "expected an error, but the statement succeeded", at: (1, 1))
        expectFailure("expect error \"zzz\" let x = 1 / 0", contains: "expected an error containing \"zzz\"")
    }

    func testEchoes() {
        let run = expectSuccess("1 + 1\nfn f() { }\nf()\nnil\nctx.a = 1\nctx")
        XCTAssertEqual(run.output.values, ["2", "nil", "[\"a\": 1]"])
    }

    func testTopLevelFail() {
        expectFailure("fail \"stop \\(1)\"", contains: "stop 1", at: (1, 1))
    }

    func testKeepGoing() {
        var options = deterministicOptions()
        options.keepGoing = true
        let output = RecordingOutput()
        let result = Session(options: options, output: output).run(source: "assert false\nprint 1\nassert false", file: "t.bus")
        XCTAssertEqual(result.failures, 2)
        XCTAssertEqual(output.prints, ["1"])
    }

    func testQuit() {
        let run = runScript("print 1\nexit 3\nprint 2")
        XCTAssertEqual(run.result.exitStatus, 3)
        XCTAssertEqual(run.output.prints, ["1"])
    }

    func testSyntaxErrorRunsNothing() {
        let run = runScript("print 1\nlet = 2")
        XCTAssertEqual(run.output.prints, [])
        XCTAssertEqual(run.result.failures, 1)
        XCTAssertEqual(run.firstError?.location?.line, 2)
    }

    func testSettings() {
        let run = expectSuccess("set cascade_limit 5\nset trace off\nset")
        XCTAssertTrue(run.output.texts.last?.contains("cascade_limit  5") ?? false)
        expectFailure("set trace loud", contains: "tree, flat, json, off")
        expectFailure("set cascade_limt 5", contains: "did you mean `cascade_limit`")
    }
}
