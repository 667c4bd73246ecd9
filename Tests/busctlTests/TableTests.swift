import Foundation
import XCTest

/// Tables (`types`, `handlers`, `vars`, `set`, `queue`, `outbox`; issue 5):
/// aligned columns that fit the terminal's width, long cells cut with `…`;
/// whole in a pipe; one `text` line in json mode.
final class TableTests: XCTestCase {
    static let definitions = """
        command PlaceOrder(order_id: Int, sku: String, qty: Int = 1, note: String = "a rather long default note")
        event OrderPlaced(order_id: Int)
        handle PlaceOrder as place_order { }
        on OrderPlaced as mailer { }
        """

    func testATableFitsTheWidth() throws {
        let run = try runBusctl(args: ["-e", Self.definitions + "\ntypes"], env: ["COLUMNS": "60"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = run.stdoutLines
        XCTAssertEqual(lines.count, 3)
        XCTAssertTrue(lines.allSatisfy { $0.count <= 60 }, "\(lines)")
        XCTAssertTrue(lines[0].hasPrefix("TYPE         KIND     FIELDS"), lines[0])
        XCTAssertTrue(lines[1].hasPrefix("PlaceOrder   command  order_id: Int, sku: Str"), lines[1])
        XCTAssertTrue(lines[1].contains("…"), "the long cell is cut: \(lines[1])")
        XCTAssertTrue(lines[1].hasSuffix("place_order"), "the other columns stay whole: \(lines[1])")
        XCTAssertTrue(lines[2].hasPrefix("OrderPlaced  event    order_id: Int"), lines[2])
    }

    func testAPipeGetsEveryCellWhole() throws {
        let run = try runBusctl(args: ["-e", Self.definitions + "\ntypes"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("note: String = \"a rather long default note\"  place_order\n"), run.stdout)
        XCTAssertFalse(run.stdout.contains("…"))
    }

    func testJSONModeWritesATableAsOneTextLine() throws {
        let run = try runBusctl(args: ["--trace", "json", "-e", Self.definitions + "\nhandlers"], env: ["COLUMNS": "30"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let line = try XCTUnwrap(run.stdoutLines.last)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        XCTAssertEqual(object["t"] as? String, "text")
        XCTAssertEqual(object["text"] as? String, """
            HANDLER      KIND             TYPE         DEFINED AT
            place_order  command handler  PlaceOrder   <-e>:3:1
            mailer       event handler    OrderPlaced  <-e>:4:1
            """)
    }

    func testOutboxIDsAreCutToAPrefixThatStillWorks() throws {
        let run = try runBusctl(args: ["--deterministic", "-e", Self.definitions + "\noutbox add OrderPlaced(order_id: 1)\noutbox"], env: ["COLUMNS": "60"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = run.stdoutLines.suffix(2)
        XCTAssertTrue(lines.allSatisfy { $0.count <= 60 }, "\(lines)")
        XCTAssertTrue(lines.last?.hasPrefix("00000000-") ?? false, "\(lines)")
    }
}
