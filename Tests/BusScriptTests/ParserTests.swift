@testable import BusScript
import XCTest

/// Expressions and code statements (LANGUAGE.md §1, §2, §4): each input gives
/// this tree.
final class ParserTests: XCTestCase {
    // MARK: - Literals

    func testLiterals() {
        XCTAssertEqual(renderedExpression("42"), "42")
        XCTAssertEqual(renderedExpression("3.5"), "3.5d")
        XCTAssertEqual(renderedExpression("\"text\""), "\"text\"")
        XCTAssertEqual(renderedExpression("true"), "true")
        XCTAssertEqual(renderedExpression("false"), "false")
        XCTAssertEqual(renderedExpression("nil"), "nil")
        XCTAssertEqual(renderedExpression("9223372036854775807"), "9223372036854775807")
    }

    func testMinusOnALiteralIsFolded() {
        XCTAssertEqual(renderedExpression("-9223372036854775808"), "-9223372036854775808")
        XCTAssertEqual(renderedExpression("-3"), "-3")
        XCTAssertEqual(renderedExpression("- 3"), "-3")
        XCTAssertEqual(renderedExpression("-2.5"), "-2.5d")
        XCTAssertEqual(renderedExpression("-2 * 3"), "(* -2 3)")
        XCTAssertEqual(renderedExpression("--5"), "(- -5)")
        XCTAssertEqual(renderedExpression("1 - -1"), "(- 1 -1)")
        XCTAssertEqual(renderedExpression("-x"), "(- x)")
        XCTAssertEqual(renderedExpression("-a.b[0]"), "(- a.b[0])")
    }

    func testListsAndMapsAllowTrailingCommas() {
        XCTAssertEqual(renderedExpression("[]"), "[]")
        XCTAssertEqual(renderedExpression("[1, 2, 3]"), "[1, 2, 3]")
        XCTAssertEqual(renderedExpression("[1, \"a\", [2],]"), "[1, \"a\", [2]]")
        XCTAssertEqual(renderedExpression("[:]"), "[:]")
        XCTAssertEqual(renderedExpression("[\"LAMP\": 3, \"DESK\": 0,]"), "[\"LAMP\": 3, \"DESK\": 0]")
        XCTAssertEqual(renderedExpression("[k: v + 1]"), "[k: (+ v 1)]")
        XCTAssertEqual(renderedExpression("[\n  1,\n  2,\n]"), "[1, 2]")
        XCTAssertEqual(renderedExpression("[\n  \"a\":\n    1,\n]"), "[\"a\": 1]")
    }

    func testStringsAndInterpolation() {
        XCTAssertEqual(renderedExpression(#""a\tb\n""#), #""a\tb\n""#)
        XCTAssertEqual(renderedExpression(#""order \(msg.order_id) done""#), #"interp["order ", \(msg.order_id), " done"]"#)
        XCTAssertEqual(renderedExpression(#""\(x)""#), #"interp[\(x)]"#)
        XCTAssertEqual(renderedExpression(#""\(a)\(b)""#), #"interp[\(a), \(b)]"#)
        XCTAssertEqual(renderedExpression(#""v: \(m["k"])""#), #"interp["v: ", \(m["k"])]"#)
        XCTAssertEqual(renderedExpression(#""\(f(1, (2 + 3)))""#), #"interp[\(f(1, (+ 2 3)))]"#)
        XCTAssertEqual(renderedExpression(#""a\("b\("c")")""#), #"interp["a", \(interp["b", \("c")])]"#)
        XCTAssertEqual(renderedExpression(#""\"\(x)\"""#), #"interp["\"", \(x), "\""]"#)
    }

    // MARK: - Precedence and associativity

    func testArithmeticPrecedenceAndLeftAssociativity() {
        XCTAssertEqual(renderedExpression("1 + 2 * 3"), "(+ 1 (* 2 3))")
        XCTAssertEqual(renderedExpression("1 * 2 + 3"), "(+ (* 1 2) 3)")
        XCTAssertEqual(renderedExpression("1 - 2 - 3"), "(- (- 1 2) 3)")
        XCTAssertEqual(renderedExpression("8 / 4 / 2"), "(/ (/ 8 4) 2)")
        XCTAssertEqual(renderedExpression("7 % 4 * 2"), "(* (% 7 4) 2)")
        XCTAssertEqual(renderedExpression("(1 + 2) * 3"), "(* (+ 1 2) 3)")
        XCTAssertEqual(renderedExpression("-a * b"), "(* (- a) b)")
    }

    func testCoalesceBindsBetweenComparisonsAndAddition() {
        XCTAssertEqual(renderedExpression("a ?? b + c"), "(?? a (+ b c))")
        XCTAssertEqual(renderedExpression("a ?? b ?? c"), "(?? (?? a b) c)")
        XCTAssertEqual(renderedExpression("a == b ?? c"), "(== a (?? b c))")
        XCTAssertEqual(renderedExpression("(ctx.alerts ?? 0) + 1"), "(+ (?? ctx.alerts 0) 1)")
    }

    func testLogicalOperatorsAndNot() {
        XCTAssertEqual(renderedExpression("a or b and c"), "(or a (and b c))")
        XCTAssertEqual(renderedExpression("a and b or c"), "(or (and a b) c)")
        XCTAssertEqual(renderedExpression("a or b or c"), "(or (or a b) c)")
        XCTAssertEqual(renderedExpression("not a == b"), "(not (== a b))")
        XCTAssertEqual(renderedExpression("not a and b"), "(and (not a) b)")
        XCTAssertEqual(renderedExpression("a and not b"), "(and a (not b))")
        XCTAssertEqual(renderedExpression("not not a"), "(not (not a))")
        XCTAssertEqual(renderedExpression("not contains(xs, 13)"), "(not contains(xs, 13))")
        XCTAssertEqual(renderedExpression("a < b and b < c"), "(and (< a b) (< b c))")
        XCTAssertEqual(renderedExpression("x == (not y)"), "(== x (not y))")
    }

    func testComparisons() {
        XCTAssertEqual(renderedExpression("a == b"), "(== a b)")
        XCTAssertEqual(renderedExpression("a != b"), "(!= a b)")
        XCTAssertEqual(renderedExpression("a < b + 1"), "(< a (+ b 1))")
        XCTAssertEqual(renderedExpression("a <= b"), "(<= a b)")
        XCTAssertEqual(renderedExpression("a > b"), "(> a b)")
        XCTAssertEqual(renderedExpression("a >= b"), "(>= a b)")
        XCTAssertEqual(renderedExpression("(a < b) == c"), "(== (< a b) c)")
    }

    func testPostfixCallIndexAndMember() {
        XCTAssertEqual(renderedExpression("f()"), "f()")
        XCTAssertEqual(renderedExpression("len(xs)"), "len(xs)")
        XCTAssertEqual(renderedExpression("range(1, 3,)"), "range(1, 3)")
        XCTAssertEqual(renderedExpression("f(\n  1,\n  2\n)"), "f(1, 2)")
        XCTAssertEqual(renderedExpression("ctx.stock[msg.sku]"), "ctx.stock[msg.sku]")
        XCTAssertEqual(renderedExpression("f(x)[0].name"), "f(x)[0].name")
        XCTAssertEqual(renderedExpression("outbox.messages[0].id"), "outbox.messages[0].id")
    }

    func testAnyWordMayFollowADot() {
        XCTAssertEqual(renderedExpression("msg.in"), "msg.in")
        XCTAssertEqual(renderedExpression("message.type"), "message.type")
        XCTAssertEqual(renderedExpression("x.if.not.send.nil"), "x.if.not.send.nil")
        XCTAssertEqual(rendered("x = msg.and\nprint 1"), ["x = msg.and", "print 1"])
    }

    func testALineEndingInAnOperatorContinues() {
        XCTAssertEqual(rendered("x = 1 +\n  2\nprint x"), ["x = (+ 1 2)", "print x"])
        XCTAssertEqual(rendered("let ok = a and\n  # why\n  b"), ["let ok = (and a b)"])
        XCTAssertEqual(rendered("let y =\n  3"), ["let y = 3"])
        XCTAssertEqual(rendered("y +=\n 3"), ["y += 3"])
        XCTAssertEqual(rendered("assert a,\n  \"text\""), ["assert a, \"text\""])
        XCTAssertEqual(rendered("x = a ??\n b"), ["x = (?? a b)"])
    }

    // MARK: - Code statements

    func testLetAndAssignments() {
        XCTAssertEqual(rendered("let x = 1"), ["let x = 1"])
        XCTAssertEqual(rendered("x = 2; y += 3; z -= 4"), ["x = 2", "y += 3", "z -= 4"])
        XCTAssertEqual(rendered("ctx.a.b[0] = 1"), ["ctx.a.b[0] = 1"])
        XCTAssertEqual(rendered("ctx.stock[msg.sku] -= msg.qty"), ["ctx.stock[msg.sku] -= msg.qty"])
        XCTAssertEqual(rendered("xs[i + 1].name = \"n\""), ["xs[(+ i 1)].name = \"n\""])
        XCTAssertEqual(rendered("ctx.stock"), ["expr ctx.stock"])
        XCTAssertEqual(rendered("x == 1"), ["expr (== x 1)"])
    }

    func testAssignmentTargetKeepsLocations() throws {
        let statements = parseStatements("  ctx.orders[0].id = 1")
        guard case .assign(let target, .assign, _) = try XCTUnwrap(statements.first).kind else {
            return XCTFail("not an assignment")
        }
        XCTAssertEqual(target.root, "ctx")
        XCTAssertEqual(target.rootLocation.column, 3)
        XCTAssertEqual(statements[0].location.column, 3)
        guard target.path.count == 3, case .member("orders", let location) = target.path[0],
              case .index(let index) = target.path[1], case .member("id", let idLocation) = target.path[2] else {
            return XCTFail("path: \(Render.target(target))")
        }
        XCTAssertEqual(location.column, 7)
        XCTAssertEqual(index.location.column, 14)
        XCTAssertEqual(idLocation.column, 17)
    }

    func testIfElseChains() {
        XCTAssertEqual(rendered("if a { print 1 }"), ["if a {print 1}"])
        XCTAssertEqual(
            rendered("if a {\n  print 1\n} else if b {\n  print 2\n} else {\n  print 3\n}"),
            ["if a {print 1} else if b {print 2} else {print 3}"])
        XCTAssertEqual(rendered("if a {} else {}"), ["if a {} else {}"])
        XCTAssertEqual(rendered("if a { if b { x = 1 } }"), ["if a {if b {x = 1}}"])
    }

    func testLoops() {
        XCTAssertEqual(rendered("for i in range(3) { print i }"), ["for i in range(3) {print i}"])
        XCTAssertEqual(
            rendered("while x < 3 {\n  x += 1\n  if x == 2 { break }\n  continue\n}"),
            ["while (< x 3) {x += 1; if (== x 2) {break}; continue}"])
    }

    func testBodyStatements() {
        XCTAssertEqual(
            rendered("""
            handle PlaceOrder as place_order {
              if ctx.stock[msg.sku] < msg.qty {
                fail "out of stock: \\(msg.sku)"
              }
              ctx.stock[msg.sku] -= msg.qty
              emit OrderPlaced(order_id: msg.order_id, sku: msg.sku,)
              outbox add OrderPlaced(order_id: 1) meta ["source": "web"]
              outbox add Note()
              assert x, "why"
              assert y
              print "done"
              return "accepted"
            }
            """),
            [
                "handle PlaceOrder as place_order {"
                    + "if (< ctx.stock[msg.sku] msg.qty) {fail interp[\"out of stock: \", \\(msg.sku)]}; "
                    + "ctx.stock[msg.sku] -= msg.qty; "
                    + "emit OrderPlaced(order_id: msg.order_id, sku: msg.sku); "
                    + "outbox add OrderPlaced(order_id: 1) meta [\"source\": \"web\"]; "
                    + "outbox add Note(); "
                    + "assert x, \"why\"; assert y; print \"done\"; return \"accepted\"}",
            ])
        XCTAssertEqual(rendered("outbox handler relay { dispatch; crash }"), ["outbox handler as relay {dispatch; crash}"])
    }

    func testReturnTakesAnExpressionOnTheSameLineOnly() {
        XCTAssertEqual(rendered("fn f() { return }"), ["fn f() {return}"])
        XCTAssertEqual(rendered("fn f() {\n  return\n  x\n}"), ["fn f() {return; expr x}"])
        XCTAssertEqual(rendered("fn f() { return x + 1 }"), ["fn f() {return (+ x 1)}"])
    }

    func testEmptyStatementsAndSemicolons() {
        XCTAssertEqual(rendered(";;\n\n;print 1;;print 2;"), ["print 1", "print 2"])
        XCTAssertEqual(rendered("if a { ; print 1 ;; }"), ["if a {print 1}"])
        XCTAssertEqual(rendered(""), [])
        XCTAssertEqual(rendered("# just a comment\n"), [])
    }

    // MARK: - Top level and bodies

    func testCommandWordFollowedByADotIsAnExpression() {
        XCTAssertEqual(rendered("outbox.pending == 1"), ["expr (== outbox.pending 1)"])
        XCTAssertEqual(rendered("assert outbox.pending == 1"), ["assert (== outbox.pending 1)"])
        XCTAssertEqual(rendered("if x { outbox.total }"), ["if x {expr outbox.total}"])
    }

    func testCommandWordsAreNamesInsideBodies() {
        XCTAssertEqual(
            rendered("fn f(run, send) {\n  let next = run + 1\n  next += send\n  queue = 1\n  return next\n}"),
            ["fn f(run, send) {let next = (+ run 1); next += send; queue = 1; return next}"])
        XCTAssertEqual(rendered("on E { let show = 1; print show }"), ["on E {let show = 1; print show}"])
        XCTAssertEqual(rendered("on E { for types in xs { print types } }"), ["on E {for types in xs {print types}}"])
        XCTAssertEqual(rendered("on E { x = batch [0] }"), ["on E {x = batch[0]}"])
    }

    func testCommandWordsAreKeywordsInTopLevelBlocks() {
        XCTAssertEqual(
            rendered("for i in range(3) { send PlaceOrder(order_id: i, sku: \"LAMP\") }"),
            ["for i in range(3) {send PlaceOrder(order_id: i, sku: \"LAMP\")}"])
        XCTAssertEqual(rendered("if x { run } else { next }"), ["if x {run} else {next}"])
    }

    // MARK: - Locations

    func testEveryNodeHasTheLocationOfItsFirstToken() throws {
        let statements = parseStatements("\n  let total = a + b * c")
        let statement = try XCTUnwrap(statements.first)
        XCTAssertEqual(statement.location, SourceLocation(file: "test.bus", line: 2, column: 3))
        guard case .let_(_, let value) = statement.kind, case .binary(.add, let a, let product) = value.kind,
              case .binary(.multiply, let b, let c) = product.kind else {
            return XCTFail("shape: \(statements.map(Render.stmt))")
        }
        XCTAssertEqual(value.location.column, 15)
        XCTAssertEqual(a.location.column, 15)
        XCTAssertEqual(product.location.column, 19)
        XCTAssertEqual(b.location.column, 19)
        XCTAssertEqual(c.location.column, 23)
    }

    func testLocationsAfterMultiByteCharactersAndFromTheFirstLine() throws {
        let program = try Parser.parse("print \"café\" + x\nprint \"é \\(y)\"", file: "<stdin>", firstLine: 7)
        XCTAssertEqual(program.statements.count, 2)
        guard case .print(let sum) = program.statements[0].kind, case .binary(.add, _, let x) = sum.kind else {
            return XCTFail("shape")
        }
        XCTAssertEqual(x.location, SourceLocation(file: "<stdin>", line: 7, column: 16))
        guard case .print(let text) = program.statements[1].kind, case .interpolated(let parts) = text.kind,
              parts.count == 2, case .expression(let y) = parts[1] else {
            return XCTFail("shape")
        }
        XCTAssertEqual(text.location, SourceLocation(file: "<stdin>", line: 8, column: 7))
        XCTAssertEqual(y.location, SourceLocation(file: "<stdin>", line: 8, column: 12))
    }

    func testParenthesizedExpressionHasTheLocationOfItsParenthesis() throws {
        let statements = parseStatements("x = (a + b) * 2")
        guard case .assign(_, _, let value) = try XCTUnwrap(statements.first).kind,
              case .binary(.multiply, let sum, _) = value.kind else {
            return XCTFail("shape")
        }
        XCTAssertEqual(value.location.column, 5)
        XCTAssertEqual(sum.location.column, 5)
    }

    func testMessageLabelsAndFieldsCarryTheirLocations() throws {
        let statements = parseStatements("command C(a: Int, bb: String = \"x\")\nsend C(a: 1,  bb: \"y\")")
        guard case .defineType(let type) = statements[0].kind, case .send(let message) = statements[1].kind else {
            return XCTFail("shape")
        }
        XCTAssertEqual(type.fields.map(\.location.column), [11, 19])
        XCTAssertEqual(message.location, SourceLocation(file: "test.bus", line: 2, column: 6))
        XCTAssertEqual(message.arguments.map(\.labelLocation.column), [8, 15])
        XCTAssertEqual(message.arguments.map(\.value.location.column), [11, 19])
    }
}
