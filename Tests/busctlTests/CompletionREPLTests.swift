import Foundation
import XCTest

/// Tab completion at the prompt (issue 5), driven through tmux: what the
/// line becomes after Tab, and the list a second Tab shows. What is offered
/// where is tested in BusScriptTests/CompletionTests; these tests check that
/// libedit edits the line as the session says.
final class CompletionREPLTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(TerminalSession.isAvailable, "tmux is not installed")
    }

    /// A session with a small shop defined.
    private func shopSession(currentDirectory: URL? = nil) throws -> TerminalSession {
        let terminal = try TerminalSession(currentDirectory: currentDirectory)
        try terminal.waitForLastLine("bus>")
        try terminal.enter("command PlaceOrder(order_id: Int, sku: String)")
        try terminal.enter("event OrderPlaced(order_id: Int)")
        try terminal.enter("on OrderPlaced as mailer { print \"mail\" }")
        try terminal.enter("on OrderPlaced as biller { }")
        try terminal.waitUntil { $0.hasSuffix("biller { }\nbus>") }
        return terminal
    }

    func testAStatementWordAndATypeNameComplete() throws {
        let terminal = try shopSession()
        try terminal.type("sen")
        try terminal.press("Tab")
        XCTAssertTrue(try terminal.waitForLastLine("bus> send"), terminal.shown)
        try terminal.type("Pl")
        try terminal.press("Tab")
        XCTAssertTrue(try terminal.waitForLastLine("bus> send PlaceOrder("), terminal.shown)
    }

    func testAFieldNameCompletesInsideTheParentheses() throws {
        let terminal = try shopSession()
        try terminal.enter("handle PlaceOrder { emit OrderPlaced(order_id: msg.order_id) }")
        try terminal.waitUntil { $0.hasSuffix("msg.order_id) }\nbus>") }
        try terminal.type("send PlaceOrder(or")
        try terminal.press("Tab")
        XCTAssertTrue(try terminal.waitForLastLine("bus> send PlaceOrder(order_id:"), terminal.shown)
        try terminal.type("1, ")
        try terminal.press("Tab")
        XCTAssertTrue(try terminal.waitForLastLine("bus> send PlaceOrder(order_id: 1, sku:"), terminal.shown)
        try terminal.type("\"LAMP\")")
        try terminal.press("Enter")
        XCTAssertTrue(try terminal.waitUntil { $0.contains("mailer ✓") && $0.hasSuffix("bus>") }, terminal.shown)
    }

    func testAHandlerNameCompletesAfterRemove() throws {
        let terminal = try shopSession()
        try terminal.type("remove ma")
        try terminal.press("Tab")
        XCTAssertTrue(try terminal.waitForLastLine("bus> remove mailer"), terminal.shown)
        try terminal.press("Enter")
        XCTAssertTrue(try terminal.waitUntil { $0.contains("removed event handler `mailer`") && $0.hasSuffix("bus>") }, terminal.shown)
    }

    func testASecondTabListsTheChoices() throws {
        let terminal = try shopSession()
        try terminal.type("remove ")
        try terminal.press("Tab")
        usleep(300_000)
        try terminal.press("Tab")
        XCTAssertTrue(try terminal.waitUntil { $0.hasSuffix("biller  mailer\nbus> remove") }, terminal.shown)
        try terminal.type("b")
        try terminal.press("Tab")
        XCTAssertTrue(try terminal.waitForLastLine("bus> remove biller"), terminal.shown)
    }

    func testCompletionInsideAHandlerBlockKnowsTheMessage() throws {
        let terminal = try shopSession()
        try terminal.enter("handle PlaceOrder {")
        try terminal.waitForLastLine("...>")
        try terminal.type("  emit OrderPlaced(order_id: msg.or")
        try terminal.press("Tab")
        XCTAssertTrue(try terminal.waitForLastLine("...>   emit OrderPlaced(order_id: msg.order_id"), terminal.shown)
    }

    func testAFileNameCompletesInsideTheQuotes() throws {
        let folder = try Busctl.temporaryFolder()
        try Data("print \"loaded\"\n".utf8).write(to: folder.appendingPathComponent("lesson_one.bus"))
        let terminal = try TerminalSession(currentDirectory: folder)
        try terminal.waitForLastLine("bus>")
        try terminal.type("load \"less")
        try terminal.press("Tab")
        XCTAssertTrue(try terminal.waitForLastLine("bus> load \"lesson_one.bus\""), terminal.shown)
        try terminal.press("Enter")
        XCTAssertTrue(try terminal.waitUntil { $0.hasSuffix("loaded\nbus>") }, terminal.shown)
    }
}
