import BusScript
import Foundation
import XCTest

/// Tab completion (LANGUAGE.md §14): what `Session.completions` offers for
/// the text before the cursor, from the session's current definitions.
final class CompletionTests: XCTestCase {
    static let definitions = """
    command PlaceOrder(order_id: Int, sku: String, qty: Int = 1)
    event   OrderPlaced(order_id: Int, sku: String, qty: Int)
    event   OrderShipped(order_id: Int)
    event   Tick()
    handle PlaceOrder as place_order { emit OrderPlaced(order_id: msg.order_id, sku: msg.sku, qty: msg.qty) }
    on OrderPlaced as mailer { print "mail" }
    on OrderPlaced as biller { }
    fn available(sku) { return 1 }
    let answer = 42
    ctx.stock = ["LAMP": 5]
    """

    private var session: Session!

    override func setUp() {
        session = expectSuccess(Self.definitions).session
    }

    /// The texts offered for `line` with the cursor at its end.
    private func texts(_ line: String, entry: String = "") -> [String] {
        session.completions(for: line, cursor: line.unicodeScalars.count, entry: entry).candidates.map(\.text)
    }

    /// What one Tab inserts in place of the word being typed.
    private func inserted(_ line: String, entry: String = "") -> String {
        session.completions(for: line, cursor: line.unicodeScalars.count, entry: entry).commonText
    }

    func testStatementWordsAtTheStartOfALine() {
        XCTAssertEqual(inserted("sen"), "send ")
        XCTAssertEqual(texts("han"), ["handle ", "handlers"])
        XCTAssertTrue(texts("").contains("graph "))
        XCTAssertTrue(texts("").contains("let "))
        XCTAssertEqual(inserted("x = 1; st"), "step ")
    }

    func testTypeNamesAfterSendStepEmitAndOutboxAdd() {
        let completion = session.completions(for: "send Pla", cursor: 8)
        XCTAssertEqual(completion.replacedLength, 3)
        XCTAssertEqual(completion.commonText, "PlaceOrder(")
        XCTAssertEqual(inserted("step Pl"), "PlaceOrder(")
        XCTAssertEqual(inserted("outbox add Pl"), "PlaceOrder(")
        XCTAssertEqual(inserted("send Ti"), "Tick()", "a type without fields is complete at once")
        XCTAssertEqual(texts("send Order"), ["OrderPlaced(", "OrderShipped("])
        XCTAssertEqual(inserted("send Order"), "Order")
        XCTAssertEqual(inserted("send place"), "PlaceOrder(", "any case when no name matches exactly")
        XCTAssertEqual(inserted("batch [PlaceOrder(order_id: 1, sku: \"A\"), Pl"), "PlaceOrder(")
    }

    func testHandleOffersCommandsAndOnOffersEvents() {
        XCTAssertEqual(texts("handle "), ["PlaceOrder "])
        XCTAssertEqual(texts("on "), ["OrderPlaced ", "OrderShipped ", "Tick "])
        XCTAssertEqual(texts("on Tick "), ["as "])
    }

    func testFieldNamesInsideTheParentheses() {
        XCTAssertEqual(inserted("send PlaceOrder(or"), "order_id: ")
        XCTAssertEqual(texts("send PlaceOrder("), ["order_id: ", "qty: ", "sku: "])
        XCTAssertEqual(texts("send PlaceOrder(order_id: 1, "), ["qty: ", "sku: "], "fields given already are left out")
        XCTAssertEqual(texts("send PlaceOrder(order_id: len([1, 2]), sku: \"A\", "), ["qty: "])
        XCTAssertEqual(texts("send PlaceOrder(order_id: "), [], "a value is not a field")
    }

    func testHandlerNamesAfterRemoveAndNamesAfterShow() {
        XCTAssertEqual(texts("remove "), ["available", "biller", "mailer", "place_order"])
        XCTAssertEqual(inserted("remove ma"), "mailer")
        XCTAssertEqual(texts("show Pl"), ["PlaceOrder"])
        XCTAssertEqual(texts("show pl"), ["place_order"])
        XCTAssertEqual(texts("graph Order"), ["OrderPlaced ", "OrderShipped "])
    }

    func testSettingsAndTheirValues() {
        XCTAssertEqual(texts("set "), ["cascade_limit ", "color ", "max_attempts ", "step_limit ", "trace "])
        XCTAssertEqual(texts("set trace "), ["flat", "json", "off", "tree"])
        XCTAssertEqual(inserted("set color a"), "auto")
        XCTAssertEqual(inserted("help outb"), "outbox")
        XCTAssertEqual(inserted("reset d"), "data")
    }

    func testFilesAfterLoadAndSave() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("busctl-completion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("lessons"), withIntermediateDirectories: true)
        try Data().write(to: folder.appendingPathComponent("shop.bus"))
        try Data().write(to: folder.appendingPathComponent(".hidden.bus"))
        defer { try? FileManager.default.removeItem(at: folder) }

        let inQuotes = session.completions(for: "load \"\(folder.path)/s", cursor: Int.max)
        XCTAssertEqual(inQuotes.candidates.map(\.text), ["\(folder.path)/shop.bus\""])
        XCTAssertEqual(inQuotes.replacedLength, folder.path.unicodeScalars.count + 2)
        XCTAssertEqual(texts("save \"\(folder.path)/"), ["\(folder.path)/lessons/", "\(folder.path)/shop.bus\""])
        XCTAssertEqual(texts("load \(folder.path)/sh"), ["\"\(folder.path)/shop.bus\""], "the opening quote is added")
        XCTAssertEqual(texts("print \"\(folder.path)/s"), [], "other strings are not paths")
    }

    func testOutboxWordsAndIDs() {
        let run = expectSuccess(Self.definitions + """

        outbox add OrderShipped(order_id: 1)
        outbox add OrderShipped(order_id: 2)
        """)
        let session = run.session
        func texts(_ line: String) -> [String] {
            session.completions(for: line, cursor: line.unicodeScalars.count).candidates.map(\.text)
        }
        XCTAssertEqual(texts("outbox re"), ["retry "])
        XCTAssertEqual(texts("outbox show "), ["00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002"])
        XCTAssertEqual(texts("outbox retry 00000000-0000-0000-0000-0000000000"), ["00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002"])
        let completion = session.completions(for: "outbox show 00000000-0000-0000-0000-000000000002", cursor: Int.max)
        XCTAssertEqual(completion.replacedLength, 36)
    }

    func testMembers() {
        XCTAssertEqual(texts("ctx.st"), ["stock"])
        XCTAssertEqual(texts("assert last.re"), ["result"])
        XCTAssertEqual(texts("print outbox.pe"), ["pending"])
        XCTAssertEqual(texts("  print msg.", entry: "on OrderPlaced as x {"), ["order_id", "qty", "sku"])
        XCTAssertEqual(texts("print msg."), [], "msg exists only in handler bodies")
    }

    func testHandlerBodiesAcrossLines() {
        let entry = "handle PlaceOrder {\n  if msg.qty > 1 {"
        XCTAssertEqual(inserted("    em", entry: entry), "emit ")
        XCTAssertEqual(inserted("    emit Order", entry: entry), "Order")
        XCTAssertEqual(texts("    sen", entry: entry), [], "`send` is not a statement in a body")
        XCTAssertEqual(inserted("  sku: msg.sku, q", entry: "send PlaceOrder(order_id: 1,"), "qty: ")
    }

    func testExpressionsCommentsAndExpectError() {
        XCTAssertEqual(inserted("print avai"), "available(")
        XCTAssertEqual(inserted("print ans"), "answer")
        XCTAssertEqual(inserted("let n = le"), "len(")
        XCTAssertEqual(texts("# send Pl"), [])
        XCTAssertEqual(inserted("expect error \"no\" sen"), "send ")
        XCTAssertEqual(inserted("expect e"), "error ")
    }

    func testTheCursorNeedNotBeAtTheEnd() {
        let completion = session.completions(for: "send Pl(order_id: 1)", cursor: 7)
        XCTAssertEqual(completion.commonText, "PlaceOrder(")
        XCTAssertEqual(completion.replacedLength, 2)
    }
}
