import BusScript
import XCTest

/// The error phrases LANGUAGE.md §13 promises, each with its position.
final class ErrorPhraseTests: XCTestCase {
    private let types = """
    command Order(id: Int, sku: String)
    handle Order { return msg.id }

    """

    func testEveryPromisedPhraseAppearsWithItsPosition() {
        expectFailure(types + "send Order(id: 1, skew: \"A\")", contains: "unknown field", at: (3, 19))
        expectFailure(types + "send Order(id: 1)", contains: "missing field", at: (3, 6))
        expectFailure(types + "send Order(id: \"1\", sku: \"A\")", contains: "wrong type", at: (3, 16))
        expectFailure(types + "send Ordr(id: 1)", contains: "unknown type", at: (3, 6))
        expectFailure("command Lost()\nsend Lost()", contains: "no handler for", at: (2, 1))
        expectFailure("let xs = [1]\nprint xs[3]", contains: "out of range", at: (2, 7))
        expectFailure("print 1 % 0", contains: "division by zero", at: (1, 7))
        expectFailure("print 9223372036854775807 * 2", contains: "overflow", at: (1, 7))
        expectFailure("event E()\non E { emit E() }\nsend E()", contains: "cascade limit", at: (3, 1))
        expectFailure("fn f() { return f() }\nf()", contains: "call depth", at: (1, 17))
        expectFailure("let m = [:]\nprint m.a.b", contains: "is nil", at: (2, 7))
        expectFailure("assert 1 == 2", contains: "assertion failed", at: (1, 1))
        expectFailure("print nope", contains: "not defined", at: (1, 7))
    }

    func testStepLimitPhrase() {
        var options = deterministicOptions()
        options.stepLimit = 500
        let output = RecordingOutput()
        let result = Session(options: options, output: output).run(source: "let i = 0\nwhile true { i += 1 }", file: "t.bus")
        XCTAssertEqual(result.failures, 1)
        XCTAssertTrue(output.errors.first?.message.contains("step limit") ?? false)
        XCTAssertEqual(output.errors.first?.location?.line, 2)
    }

    func testInterruptedPhrase() {
        let flag = InterruptFlag()
        flag.raise()
        let output = RecordingOutput()
        let result = Session(options: deterministicOptions(), output: output, interruptFlag: flag).run(source: "while true { }", file: "t.bus")
        XCTAssertTrue(result.interrupted)
        XCTAssertEqual(output.errors.first?.message, "interrupted")
        XCTAssertEqual(output.errors.first?.location?.line, 1)
    }

    func testAnErrorInAHandlerPointsIntoItAndNamesTheMessage() {
        let run = expectFailure("command C(n: Int)\nhandle C as check {\n  assert msg.n > 0\n}\nsend C(n: 0)", contains: "assertion failed: msg.n > 0 (left 0, right 0)", at: (3, 3))
        XCTAssertEqual(run.firstError?.statementLocation?.line, 5)
        XCTAssertTrue(run.firstError?.notes.contains { $0.contains("in `check`, handling C #1") && $0.contains("test.bus:5:1") } ?? false,
                      "\(run.firstError?.notes ?? [])")
    }
}
