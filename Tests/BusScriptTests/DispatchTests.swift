import BusScript
import XCTest

/// Message types, handlers and the cascade (LANGUAGE.md §3, §4, §6).
final class DispatchTests: XCTestCase {
    static let shop = """
    command PlaceOrder(order_id: Int, sku: String, qty: Int = 1)
    event   OrderPlaced(order_id: Int, sku: String, qty: Int)
    event   Shipped(order_id: Int)
    ctx.log = []
    handle PlaceOrder as place_order {
      if ctx.stock[msg.sku] == nil { fail "unknown sku \\(msg.sku)" }
      ctx.log += ["place \\(msg.order_id)"]
      emit OrderPlaced(order_id: msg.order_id, sku: msg.sku, qty: msg.qty)
      return "accepted"
    }
    on OrderPlaced as first { ctx.log += ["first"]; emit Shipped(order_id: msg.order_id) }
    on OrderPlaced as second { ctx.log += ["second"] }
    ctx.stock = ["LAMP": 5]

    """

    func testBreadthFirstCascadeAndLast() {
        let run = expectSuccess(Self.shop + """
        send PlaceOrder(order_id: 1, sku: "LAMP")
        assert ctx.log == ["place 1", "first", "second"]
        assert last.result == "accepted"
        assert last.ok
        assert last.messages == 3
        assert last.handlers == 3
        assert last.errors == 0
        assert last.error == nil
        """)
        let dispatched = run.output.events.compactMap { event -> String? in
            if case .dispatch(let d) = event { return "\(d.id)<\(d.cause.map(String.init) ?? "-") \(d.name)" }
            return nil
        }
        XCTAssertEqual(dispatched, ["1<- PlaceOrder", "2<1 OrderPlaced", "3<2 Shipped"])
    }

    func testUnhandledEventIsNotAnError() {
        let run = expectSuccess(Self.shop + "send PlaceOrder(order_id: 1, sku: \"LAMP\")")
        let unhandled = run.output.events.compactMap { event -> String? in
            if case .unhandled(let id, let name) = event { return "\(id) \(name)" }
            return nil
        }
        XCTAssertEqual(unhandled, ["3 Shipped"])
    }

    func testFailingCommandFailsSendAndSetsLast() {
        let run = runScript(Self.shop + """
        send PlaceOrder(order_id: 1, sku: "DESK")
        """)
        let error = run.firstError
        XCTAssertEqual(error?.message, "unknown sku DESK")
        XCTAssertEqual(error?.location?.line, 6)
        XCTAssertEqual(error?.statementLocation?.line, 14)
        XCTAssertTrue(error?.notes.first?.contains("place_order") ?? false)
        expectSuccess(Self.shop + """
        expect error "unknown sku" send PlaceOrder(order_id: 1, sku: "DESK")
        assert not last.ok
        assert last.error == "unknown sku DESK"
        assert last.result == nil
        assert last.errors == 1
        assert ctx.log == []
        """)
    }

    func testFailingEventHandlerIsIsolated() {
        expectSuccess(Self.shop + """
        on OrderPlaced as first { fail "pager down" }
        send PlaceOrder(order_id: 1, sku: "LAMP")
        assert last.ok
        assert last.errors == 1
        assert ctx.log == ["place 1", "second"]
        """)
    }

    func testFailedHandlerEmissionsAreDropped() {
        expectSuccess(Self.shop + """
        on OrderPlaced as first { emit Shipped(order_id: 1); fail "after emit" }
        send PlaceOrder(order_id: 1, sku: "LAMP")
        assert last.messages == 2
        """)
    }

    func testMissingCommandHandler() {
        expectFailure("command Ping()\nsend Ping()", contains: "no handler for Ping", at: (2, 1))
    }

    func testCascadeLimit() {
        expectSuccess("""
        event Tick(n: Int)
        on Tick { emit Tick(n: msg.n + 1) }
        set cascade_limit 50
        expect error "cascade limit" send Tick(n: 0)
        assert last.messages == 50
        """)
    }

    func testMessageChecks() {
        expectFailure(Self.shop + "send PlaceOrder(order_id: 5, sku: \"LAMP\", qtty: 1)", contains: "unknown field `qtty` for PlaceOrder; did you mean `qty`?", at: (14, 43))
        expectFailure(Self.shop + "send PlaceOrder(order_id: 5)", contains: "missing field `sku`")
        expectFailure(Self.shop + "send PlaceOrder(order_id: \"5\", sku: \"LAMP\")", contains: "wrong type")
        expectFailure(Self.shop + "send PlaceOrdr(order_id: 5)", contains: "unknown type `PlaceOrdr`; did you mean `PlaceOrder`?")
        expectFailure("command C(d: Double, t: Date, o: Int?)\nhandle C { assert type(msg.d) == \"Double\"; assert msg.o == nil; return msg.t }\nsend C(d: 1, t: \"2026-11-29\")\nassert last.result == date(\"2026-11-29\")\nassert false", contains: "assertion failed: false", at: (5, 1))
    }

    func testHandlerBodiesAreChecked() {
        expectFailure(Self.shop + "on OrderPlaced { print msg.skuu }", contains: "unknown field `skuu`", at: (14, 24))
        expectFailure(Self.shop + "on OrderPlaced { emit Nope() }", contains: "unknown type `Nope`")
        expectFailure(Self.shop + "on OrderPlaced { print total }", contains: "`total` is not defined")
        expectFailure(Self.shop + "handle OrderPlaced { }", contains: "is an event")
        expectFailure(Self.shop + "on PlaceOrder { }", contains: "is a command")
        expectFailure(Self.shop + "handle Nope { }", contains: "unknown type")
        expectFailure(Self.shop + "on OrderPlaced { msg.qty = 1 }", contains: "read-only")
    }

    func testHandlerNamesAndReplacement() {
        let run = expectSuccess(Self.shop + """
        on Shipped { }
        on Shipped { }
        handle PlaceOrder { emit OrderPlaced(order_id: 1, sku: "LAMP", qty: 1); return "v2" }
        on OrderPlaced as first { ctx.log += ["first v2"] }
        handlers
        send PlaceOrder(order_id: 1, sku: "LAMP")
        assert last.result == "v2"
        assert ctx.log == ["first v2", "second"]
        """)
        let table = run.output.texts.last ?? ""
        XCTAssertTrue(table.contains("shipped_1"))
        XCTAssertTrue(table.contains("shipped_2"))
        XCTAssertTrue(table.contains("place_order"))
        XCTAssertTrue(run.output.notes.contains { $0.contains("replaced handler `place_order`") })
        expectFailure(Self.shop + "on Shipped as first { }", contains: "already the name")
    }

    func testRemoveAndRedefineType() {
        let run = expectSuccess(Self.shop + """
        remove second
        send PlaceOrder(order_id: 1, sku: "LAMP")
        assert ctx.log == ["place 1", "first"]
        event OrderPlaced(order_id: Int)
        command Shipped(order_id: Int)
        """)
        XCTAssertTrue(run.output.notes.contains { $0.contains("warning") && $0.contains("sku") })
        XCTAssertTrue(run.output.notes.contains { $0.contains("redefined Shipped as a command") })
    }

    func testBatch() {
        expectSuccess(Self.shop + """
        batch [PlaceOrder(order_id: 1, sku: "LAMP"), PlaceOrder(order_id: 2, sku: "LAMP", qty: 2)]
        assert last.result == ["accepted", "accepted"]
        assert last.messages == 6
        expect error "unknown sku" batch [PlaceOrder(order_id: 3, sku: "X"), PlaceOrder(order_id: 4, sku: "LAMP")]
        assert ctx.log == ["place 1", "first", "second", "place 2", "first", "second"]
        """)
    }

    func testStepping() {
        let run = expectSuccess(Self.shop + """
        step PlaceOrder(order_id: 1, sku: "LAMP")
        expect error "refused" send PlaceOrder(order_id: 2, sku: "LAMP")
        queue
        next
        assert ctx.log == ["place 1"]
        next
        run
        assert ctx.log == ["place 1", "first", "second"]
        assert last.messages == 3
        expect error "no cascade" next
        """)
        XCTAssertTrue(run.output.texts.contains { $0.contains("PlaceOrder") })
    }

    func testPrintInHandlerCarriesIds() {
        let run = expectSuccess("command Hi(name: String)\nhandle Hi { print \"hi \\(msg.name)\" }\nsend Hi(name: \"Ada\")\nprint \"top\"")
        let prints = run.output.events.compactMap { event -> String? in
            if case .print(let m, let h, let t) = event { return "\(m.map(String.init) ?? "nil") \(h ?? "nil") \(t)" }
            return nil
        }
        XCTAssertEqual(prints, ["1 hi hi Ada", "nil nil top"])
    }

    func testContextIsShared() {
        expectSuccess("""
        command Add(n: Int)
        handle Add { ctx.total = (ctx.total ?? 0) + msg.n }
        send Add(n: 2)
        send Add(n: 3)
        assert ctx.total == 5
        """)
    }

    func testSaveAndLoad() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("busscript-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let saved = folder.appendingPathComponent("saved.bus").path
        expectSuccess(Self.shop + "fn f() { return 1 }\non Shipped { }\nsave \"\(saved)\"")
        let text = try String(contentsOfFile: saved, encoding: .utf8)
        XCTAssertTrue(text.contains("handle PlaceOrder as place_order {"))
        XCTAssertTrue(text.contains("on Shipped as shipped_1 { }"))
        expectSuccess("load \"\(saved)\"\nctx.stock = [\"LAMP\": 1]\nctx.log = []\nsend PlaceOrder(order_id: 1, sku: \"LAMP\")\nassert ctx.log == [\"place 1\", \"first\", \"second\"]")
        let bad = folder.appendingPathComponent("bad.bus").path
        try "print 1\nassert 1 == 2\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let run = expectFailure("load \"\(bad)\"", contains: "assertion failed", at: (2, 1))
        XCTAssertEqual(run.firstError?.location?.file, bad)
        XCTAssertTrue(run.firstError?.notes.last?.contains("loaded at test.bus:1:1") ?? false)
        let selfLoad = folder.appendingPathComponent("self.bus").path
        try "load \"self.bus\"\n".write(toFile: selfLoad, atomically: true, encoding: .utf8)
        expectFailure("load \"\(selfLoad)\"", contains: "already being loaded")
    }
}
