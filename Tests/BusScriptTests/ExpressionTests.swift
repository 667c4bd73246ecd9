import BusScript
import XCTest

/// Values and operators (LANGUAGE.md §2), checked through echoes.
final class ExpressionTests: XCTestCase {
    private func echo(_ expression: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        let run = runScript(expression)
        if let error = run.firstError { XCTFail("\(error)", file: file, line: line) }
        return run.output.values.last
    }

    func testArithmetic() {
        XCTAssertEqual(echo("7 / 2"), "3")
        XCTAssertEqual(echo("-7 / 2"), "-3")
        XCTAssertEqual(echo("-7 % 3"), "-1")
        XCTAssertEqual(echo("7 % -3"), "1")
        XCTAssertEqual(echo("7.0 / 2"), "3.5")
        XCTAssertEqual(echo("1 + 2 * 3"), "7")
        XCTAssertEqual(echo("(1 + 2) * 3"), "9")
        XCTAssertEqual(echo("10 - 2 - 3"), "5")
        XCTAssertEqual(echo("-9223372036854775808 % -1"), "0")
        XCTAssertEqual(echo("2.0 * 3"), "6.0")
    }

    func testArithmeticErrors() {
        expectFailure("1 / 0", contains: "division by zero", at: (1, 1))
        expectFailure("let x = 5 % 0", contains: "division by zero")
        expectFailure("1.5 / 0", contains: "division by zero")
        expectFailure("9223372036854775807 + 1", contains: "overflow")
        expectFailure("-9223372036854775808 / -1", contains: "overflow")
        expectFailure("\"a\" + 1", contains: "interpolation")
        expectFailure("[1] + 1", contains: "cannot add")
    }

    func testEqualityNeverFails() {
        XCTAssertEqual(echo("1 == 1.0"), "true")
        XCTAssertEqual(echo("1 == \"1\""), "false")
        XCTAssertEqual(echo("nil == nil"), "true")
        XCTAssertEqual(echo("[\"a\": 1, \"b\": 2] == [\"b\": 2, \"a\": 1]"), "true")
        XCTAssertEqual(echo("[1, 2] != [2, 1]"), "true")
    }

    func testComparisons() {
        XCTAssertEqual(echo("1 < 2.5"), "true")
        XCTAssertEqual(echo("\"abc\" < \"abd\""), "true")
        XCTAssertEqual(echo("date(\"2026-01-01\") < date(\"2026-11-29\")"), "true")
        expectFailure("1 < \"2\"", contains: "compares two numbers")
        expectFailure("nil < 1", contains: "compares")
    }

    func testConditionsMustBeBool() {
        expectFailure("if 1 { print 1 }", contains: "must be a Bool", at: (1, 4))
        expectFailure("not 0", contains: "must be a Bool")
        expectFailure("true and 1", contains: "must be a Bool")
        XCTAssertEqual(echo("false and 1 / 0 == 0"), "false")
        XCTAssertEqual(echo("true or 1 / 0 == 0"), "true")
    }

    func testCoalesceAndMaps() {
        XCTAssertEqual(echo("nil ?? 3"), "3")
        XCTAssertEqual(echo("let m = [\"a\": 1]\nm[\"b\"] ?? 0"), "0")
        XCTAssertEqual(echo("let m = [\"a\": 1, \"b\": nil]\nm"), "[\"a\": 1]")
        XCTAssertEqual(echo("[:]"), "[:]")
        XCTAssertEqual(echo("let m = [\"a\": [\"b\": 2]]\nm.a.b"), "2")
        expectFailure("let m = [\"a\": 1]\nm.x.y", contains: "is nil", at: (2, 1))
        expectFailure("[1, 2][2]", contains: "out of range")
    }

    func testDisplay() {
        XCTAssertEqual(echo("3.0"), "3.0")
        XCTAssertEqual(echo("0.1 + 0.2"), "0.30000000000000004")
    }

    func testDisplayForms() {
        XCTAssertEqual(echo("[\"a\", 1, 2.5, nil, true]"), "[\"a\", 1, 2.5, nil, true]")
        XCTAssertEqual(echo("str([\"LAMP\": 3])"), "\"[\\\"LAMP\\\": 3]\"")
        XCTAssertEqual(echo("date(\"2026-11-29\")"), "date(\"2026-11-29T00:00:00Z\")")
        XCTAssertEqual(echo("uuid()"), "uuid(\"00000000-0000-0000-0000-000000000001\")")
        XCTAssertEqual(echo("\"a\\tb\""), "\"a\\tb\"")
        XCTAssertEqual(echo("\"x = \\(1 + 1)\""), "\"x = 2\"")
        XCTAssertEqual(echo("10000000000000000.0"), "10000000000000000.0")
    }

    func testBuiltins() {
        XCTAssertEqual(echo("len([1, 2, 3])"), "3")
        XCTAssertEqual(echo("len(\"café\")"), "4")
        XCTAssertEqual(echo("int(\"42\")"), "42")
        XCTAssertEqual(echo("int(3.9)"), "3")
        XCTAssertEqual(echo("double(2)"), "2.0")
        XCTAssertEqual(echo("type(1.5)"), "\"Double\"")
        XCTAssertEqual(echo("keys([\"b\": 1, \"a\": 2])"), "[\"b\", \"a\"]")
        XCTAssertEqual(echo("values([\"b\": 1, \"a\": 2])"), "[1, 2]")
        XCTAssertEqual(echo("contains([1, 2], 2)"), "true")
        XCTAssertEqual(echo("contains(\"shop\", \"ho\")"), "true")
        XCTAssertEqual(echo("without([1, 2, 3], 0)"), "[2, 3]")
        XCTAssertEqual(echo("without([\"a\": 1, \"b\": 2], \"a\")"), "[\"b\": 2]")
        XCTAssertEqual(echo("range(3)"), "[0, 1, 2]")
        XCTAssertEqual(echo("range(2, 4)"), "[2, 3]")
        XCTAssertEqual(echo("range(-1)"), "[]")
        XCTAssertEqual(echo("sum([])"), "0")
        XCTAssertEqual(echo("sum([1, 2.5])"), "3.5")
        XCTAssertEqual(echo("min([3, 1, 2])"), "1")
        XCTAssertEqual(echo("max([\"a\", \"c\", \"b\"])"), "\"c\"")
        XCTAssertEqual(echo("sort([3, 1, 2])"), "[1, 2, 3]")
        XCTAssertEqual(echo("join([1, \"a\"], \"-\")"), "\"1-a\"")
        XCTAssertEqual(echo("split(\"a,b\", \",\")"), "[\"a\", \"b\"]")
        XCTAssertEqual(echo("upper(\"ab\")"), "\"AB\"")
        XCTAssertEqual(echo("abs(-2)"), "2")
        XCTAssertEqual(echo("round(2.5)"), "3.0")
        XCTAssertEqual(echo("now()"), "date(\"2026-01-01T00:00:00Z\")")
        XCTAssertEqual(echo("uuid(\"6BA7B810-9DAD-11D1-80B4-00C04FD430C8\")"), "uuid(\"6ba7b810-9dad-11d1-80b4-00c04fd430c8\")")
    }

    func testBuiltinErrors() {
        expectFailure("min([])", contains: "empty")
        expectFailure("int(\"x\")", contains: "not an integer")
        expectFailure("date(\"tomorrow\")", contains: "not a date")
        expectFailure("without([1], 5)", contains: "out of range")
        expectFailure("len(1, 2)", contains: "takes 1 argument")
        expectFailure("nope(1)", contains: "not defined")
    }
}
