@testable import BusScript
import XCTest

/// Definitions and top-level command statements (LANGUAGE.md §3, §4, §6,
/// §9–§12).
final class CommandParserTests: XCTestCase {
    // MARK: - Definitions

    func testTypeDeclarations() {
        XCTAssertEqual(
            rendered("command PlaceOrder(order_id: Int, sku: String, qty: Int = 1)"),
            ["command PlaceOrder(order_id: Int, sku: String, qty: Int = 1)"])
        XCTAssertEqual(rendered("event Note()"), ["event Note()"])
        XCTAssertEqual(
            rendered("event E(\n  a: [Int],\n  b: [String: Double]?,\n  c: Date?,\n  d: UUID = nil,\n  e: Bool,\n  f: Any,\n  g: [[String: [Int]]] = [],\n)"),
            ["event E(a: [Int], b: [String: Double]?, c: Date?, d: UUID = nil, e: Bool, f: Any, g: [[String: [Int]]] = [])"])
        XCTAssertEqual(rendered("command C(in: Int, if: String, send: Bool)"), ["command C(in: Int, if: String, send: Bool)"])
        XCTAssertEqual(rendered("command C(xs: [Int] = [1, -2], m: [String: Int] = [\"a\": 1])"), ["command C(xs: [Int] = [1, -2], m: [String: Int] = [\"a\": 1])"])
    }

    func testDefinitionsKeepTheirExactSourceText() throws {
        let source = """
        command PlaceOrder(order_id: Int,   qty: Int = 1)   # comment
        handle PlaceOrder as place_order {
          # inside
          print "é \\(msg.qty)"
        }  # after
        on E { }
        outbox handler relay { dispatch }
        fn available(sku) { return ctx.stock[sku] ?? 0 }
        """
        let texts = parseStatements(source).map { statement -> String in
            switch statement.kind {
            case .defineType(let d): d.sourceText
            case .defineHandler(let d): d.sourceText
            case .defineFunction(let d): d.sourceText
            default: "?"
            }
        }
        XCTAssertEqual(texts, [
            "command PlaceOrder(order_id: Int,   qty: Int = 1)",
            "handle PlaceOrder as place_order {\n  # inside\n  print \"é \\(msg.qty)\"\n}",
            "on E { }",
            "outbox handler relay { dispatch }",
            "fn available(sku) { return ctx.stock[sku] ?? 0 }",
        ])
    }

    func testHandlers() throws {
        XCTAssertEqual(rendered("handle C { return 1 }"), ["handle C {return 1}"])
        XCTAssertEqual(rendered("handle C as c { }"), ["handle C as c {}"])
        XCTAssertEqual(rendered("on E as send_email { print \"mail\" }"), ["on E as send_email {print \"mail\"}"])
        XCTAssertEqual(rendered("on E {\n}"), ["on E {}"])
        XCTAssertEqual(rendered("outbox handler { dispatch }"), ["outbox handler {dispatch}"])
        let statements = parseStatements("on  OrderPlaced as x {}")
        guard case .defineHandler(let handler) = try XCTUnwrap(statements.first).kind else { return XCTFail("shape") }
        XCTAssertEqual(handler.kind, .event)
        XCTAssertEqual(handler.typeLocation?.column, 5)
        XCTAssertEqual(handler.body.end.column, 23)
    }

    func testFunctions() {
        XCTAssertEqual(rendered("fn f() { }"), ["fn f() {}"])
        XCTAssertEqual(rendered("fn add(a, b,) { return a + b }"), ["fn add(a, b) {return (+ a b)}"])
        XCTAssertEqual(rendered("fn f(\n  a,\n  b\n) {\n  return a\n}"), ["fn f(a, b) {return a}"])
    }

    // MARK: - Messages

    func testSendStepAndBatch() {
        XCTAssertEqual(rendered("send PlaceOrder(order_id: 1, sku: \"LAMP\", qty: 2)"), ["send PlaceOrder(order_id: 1, sku: \"LAMP\", qty: 2)"])
        XCTAssertEqual(rendered("send Note()"), ["send Note()"])
        XCTAssertEqual(rendered("send C(in: 1, if: 2,)"), ["send C(in: 1, if: 2)"])
        XCTAssertEqual(rendered("step C(a: [1, 2])"), ["step C(a: [1, 2])"])
        XCTAssertEqual(
            rendered("batch [PlaceOrder(order_id: 2, sku: \"LAMP\"), PlaceOrder(order_id: 3, sku: \"DESK\")]"),
            ["batch [PlaceOrder(order_id: 2, sku: \"LAMP\"), PlaceOrder(order_id: 3, sku: \"DESK\")]"])
        XCTAssertEqual(rendered("batch [\n  A(),\n  B(x: 1),\n]"), ["batch [A(), B(x: 1)]"])
        XCTAssertEqual(rendered("batch []"), ["batch []"])
        XCTAssertEqual(rendered("send C(\n  a: 1,\n  b: 2\n)"), ["send C(a: 1, b: 2)"])
    }

    // MARK: - Commands without arguments

    func testBareCommands() {
        XCTAssertEqual(
            rendered("next\nrun\nqueue\ntypes\nhandlers\nvars\nbegin\ncommit\nrollback\nquit\nexit"),
            ["next", "run", "queue", "types", "handlers", "vars", "begin", "commit", "rollback", "quit", "quit"])
        XCTAssertEqual(rendered("exit 3"), ["quit 3"])
        XCTAssertEqual(rendered("exit code + 1"), ["quit (+ code 1)"])
    }

    func testShowRemoveHelp() {
        XCTAssertEqual(rendered("show PlaceOrder"), ["show PlaceOrder"])
        XCTAssertEqual(rendered("show send"), ["show send"])
        XCTAssertEqual(rendered("remove send_email"), ["remove send_email"])
        XCTAssertEqual(rendered("help"), ["help"])
        XCTAssertEqual(rendered("help outbox; help send; help if; help and"), ["help outbox", "help send", "help if", "help and"])
    }

    func testSetResetLoadSave() {
        XCTAssertEqual(rendered("set"), ["set"])
        XCTAssertEqual(rendered("set trace json"), ["set trace word(\"json\")"])
        XCTAssertEqual(rendered("set color on"), ["set color word(\"on\")"])
        XCTAssertEqual(rendered("set step_limit 100"), ["set step_limit int(100)"])
        XCTAssertEqual(rendered("set x -5"), ["set x int(-5)"])
        XCTAssertEqual(rendered("set x -9223372036854775808"), ["set x int(-9223372036854775808)"])
        XCTAssertEqual(rendered("set x 2.5"), ["set x double(2.5)"])
        XCTAssertEqual(rendered("set x -2.5"), ["set x double(-2.5)"])
        XCTAssertEqual(rendered("set x \"text\""), ["set x string(\"text\")"])
        XCTAssertEqual(rendered("set x true; set y false"), ["set x bool(true)", "set y bool(false)"])
        XCTAssertEqual(rendered("reset\nreset data"), ["reset", "reset data"])
        XCTAssertEqual(rendered("load \"shop.bus\"\nsave dir + \"/x.bus\""), ["load \"shop.bus\"", "save (+ dir \"/x.bus\")"])
    }

    func testGraph() {
        XCTAssertEqual(rendered("graph"), ["graph"])
        XCTAssertEqual(rendered("graph PlaceOrder"), ["graph PlaceOrder"])
        XCTAssertEqual(rendered("graph --mermaid"), ["graph --mermaid"])
        XCTAssertEqual(rendered("graph PlaceOrder --dot"), ["graph PlaceOrder --dot"])
        XCTAssertEqual(rendered("graph --dot PlaceOrder"), ["graph PlaceOrder --dot"])
    }

    // MARK: - Outbox

    func testOutboxStatements() {
        XCTAssertEqual(rendered("outbox"), ["outbox"])
        XCTAssertEqual(rendered("outbox # the table"), ["outbox"])
        XCTAssertEqual(rendered("outbox step\noutbox run\noutbox purge"), ["outbox step", "outbox run", "outbox purge"])
        XCTAssertEqual(
            rendered("outbox add PlaceOrder(order_id: 7, sku: \"LAMP\") meta [\"source\": \"web\"]"),
            ["outbox add PlaceOrder(order_id: 7, sku: \"LAMP\") meta [\"source\": \"web\"]"])
        XCTAssertEqual(rendered("outbox add Note()"), ["outbox add Note()"])
    }

    func testOutboxIdsAreRawHexWordsOrExpressions() {
        XCTAssertEqual(rendered("outbox show 1f3c"), ["outbox show prefix(1f3c)"])
        XCTAssertEqual(rendered("outbox show 00000000-0000"), ["outbox show prefix(00000000-0000)"])
        XCTAssertEqual(rendered("outbox show 42"), ["outbox show prefix(42)"])
        XCTAssertEqual(rendered("outbox show abc # comment"), ["outbox show prefix(abc)"])
        XCTAssertEqual(rendered("outbox show 1E3;outbox run"), ["outbox show prefix(1E3)", "outbox run"])
        XCTAssertEqual(rendered("outbox show outbox.messages[0].id"), ["outbox show expr(outbox.messages[0].id)"])
        XCTAssertEqual(rendered("outbox show \"1f3c\""), ["outbox show expr(\"1f3c\")"])
        XCTAssertEqual(rendered("outbox show id_var"), ["outbox show expr(id_var)"])
        XCTAssertEqual(rendered("outbox retry"), ["outbox retry"])
        XCTAssertEqual(rendered("outbox retry # all dead ones"), ["outbox retry"])
        XCTAssertEqual(rendered("outbox retry 1f3c-9"), ["outbox retry prefix(1f3c-9)"])
        XCTAssertEqual(rendered("outbox retry last_id"), ["outbox retry expr(last_id)"])
        XCTAssertEqual(rendered("if x { outbox retry dead }"), ["if x {outbox retry prefix(dead)}"])
        XCTAssertEqual(rendered("if x { outbox retry }"), ["if x {outbox retry}"])
        XCTAssertEqual(rendered("expect error outbox show 1f3c"), ["expect error <outbox show prefix(1f3c)>"])
    }

    func testOutboxIdLocation() throws {
        let statements = parseStatements("outbox show  x.id")
        guard case .outboxShow(.expression(let e)) = try XCTUnwrap(statements.first).kind else { return XCTFail("shape") }
        XCTAssertEqual(e.location.column, 14)
    }

    // MARK: - expect error

    func testExpectError() {
        XCTAssertEqual(rendered("expect error send C(a: 1)"), ["expect error <send C(a: 1)>"])
        XCTAssertEqual(
            rendered("expect error \"out of stock\" send PlaceOrder(order_id: 4, sku: \"LAMP\", qty: 9)"),
            ["expect error \"out of stock\" <send PlaceOrder(order_id: 4, sku: \"LAMP\", qty: 9)>"])
        XCTAssertEqual(rendered("expect error \"a\" \"b\""), ["expect error \"a\" <expr \"b\">"])
        XCTAssertEqual(rendered("expect error command C(a: Int)"), ["expect error <command C(a: Int)>"])
        XCTAssertEqual(rendered("expect error \"x\" assert 1 == 2, \"m\""), ["expect error \"x\" <assert (== 1 2), \"m\">"])
        XCTAssertEqual(rendered("expect error expect error x = 1"), ["expect error <expect error <x = 1>>"])
        XCTAssertEqual(rendered("expect error on E { print 1 }"), ["expect error <on E {print 1}>"])
        XCTAssertEqual(rendered("expect error outbox.pending"), ["expect error <expr outbox.pending>"])
    }
}
