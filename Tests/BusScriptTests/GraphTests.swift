import BusScript
import Foundation
import XCTest

/// `graph` (issue 5): the static chain of types and handlers, read from the
/// `emit` and `outbox add` statements of handler bodies, as a tree, Mermaid
/// and DOT; and `Session.runDefinitions`, which `busctl graph FILE` uses.
final class GraphTests: XCTestCase {
    static let shop = """
    command PlaceOrder(order_id: Int)
    event   OrderPlaced(order_id: Int)
    event   StockLow(sku: String)
    command NotifyCustomer(order_id: Int)
    handle PlaceOrder as place_order { emit OrderPlaced(order_id: msg.order_id) }
    on OrderPlaced as reserve {
      if true { emit StockLow(sku: "LAMP") }
    }
    on OrderPlaced as confirm {
      for i in range(1) { emit NotifyCustomer(order_id: msg.order_id) }
      emit NotifyCustomer(order_id: 2)
    }
    handle NotifyCustomer as mailer { print "mail" }
    """

    func testTheTreeFollowsEmitsThroughNestedBlocks() throws {
        let session = expectSuccess(Self.shop).session
        XCTAssertEqual(try session.graph(), """
            PlaceOrder (command)
            └─ place_order
               └─ OrderPlaced (event)
                  ├─ reserve
                  │  └─ StockLow (event, no handlers)
                  └─ confirm
                     └─ NotifyCustomer (command)
                        └─ mailer
            """)
    }

    func testATypeLeadsOnlyToWhatItReaches() throws {
        let session = expectSuccess(Self.shop).session
        XCTAssertEqual(try session.graph(of: "NotifyCustomer"), """
            NotifyCustomer (command)
            └─ mailer
            """)
        let mermaid = try session.graph(of: "OrderPlaced", format: .mermaid)
        XCTAssertFalse(mermaid.contains("t_PlaceOrder"))
        XCTAssertTrue(mermaid.contains("t_OrderPlaced --> h_confirm"))
    }

    func testCyclesAreMarkedAndOutboxEdgesDashed() throws {
        let session = expectSuccess("""
            command Ping()
            event Pong()
            command Ship()
            handle Ping as ping { emit Pong() }
            on Pong as again {
              emit Ping()
              outbox add Ship()
            }
            outbox handler relay { dispatch }
            """).session
        XCTAssertEqual(try session.graph(), """
            Ping (command)
            └─ ping
               └─ Pong (event)
                  └─ again
                     ├─ Ping (command) ↻ cycle
                     └─ ⇢ Ship (command, no handler, via the outbox)
            outbox handlers (they dispatch stored messages): relay
            """)
        let mermaid = try session.graph(format: .mermaid)
        XCTAssertTrue(mermaid.contains("  h_again --> t_Ping"), mermaid)
        XCTAssertTrue(mermaid.contains("  h_again -. outbox .-> t_Ship"), mermaid)
        let dot = try session.graph(format: .dot)
        XCTAssertTrue(dot.contains("  \"h_again\" -> \"t_Ship\" [style=dashed, label=\"outbox\"];"), dot)
    }

    func testMermaidAndDOTHaveEveryNodeAndEdge() throws {
        let session = expectSuccess(Self.shop).session
        let mermaid = try session.graph(format: .mermaid).components(separatedBy: "\n")
        XCTAssertEqual(mermaid.first, "flowchart LR")
        for line in ["t_PlaceOrder[\"PlaceOrder\"]", "t_OrderPlaced([\"OrderPlaced\"])", "h_mailer(\"mailer\")",
                     "t_PlaceOrder --> h_place_order", "h_place_order --> t_OrderPlaced", "h_reserve --> t_StockLow",
                     "h_confirm --> t_NotifyCustomer", "t_NotifyCustomer --> h_mailer"] {
            XCTAssertTrue(mermaid.contains("  " + line), "missing \(line) in \(mermaid)")
        }
        XCTAssertEqual(mermaid.filter { $0.contains("h_confirm --> t_NotifyCustomer") }.count, 1, "one edge per target")
        let dot = try session.graph(format: .dot).components(separatedBy: "\n")
        XCTAssertEqual(dot.first, "digraph busctl {")
        XCTAssertEqual(dot.last, "}")
        for line in ["\"t_PlaceOrder\" [label=\"PlaceOrder\", shape=box];", "\"h_mailer\" [label=\"mailer\", shape=ellipse];",
                     "\"t_PlaceOrder\" -> \"h_place_order\";", "\"h_confirm\" -> \"t_NotifyCustomer\";"] {
            XCTAssertTrue(dot.contains("  " + line), "missing \(line) in \(dot)")
        }
    }

    func testTheGraphStatement() {
        let run = expectSuccess(Self.shop + "\ngraph OrderPlaced\ngraph --dot\ngraph PlaceOrder --mermaid")
        XCTAssertEqual(run.output.texts.count, 3)
        XCTAssertTrue(run.output.texts[0].hasPrefix("OrderPlaced (event)"))
        XCTAssertTrue(run.output.texts[1].hasPrefix("digraph busctl {"))
        XCTAssertTrue(run.output.texts[2].hasPrefix("flowchart LR"))
        expectFailure(Self.shop + "\ngraph OrderPlacd", contains: "unknown type `OrderPlacd`; did you mean `OrderPlaced`?", at: (14, 1))
        let empty = expectSuccess("graph")
        XCTAssertTrue(empty.output.texts.first?.hasPrefix("no types yet") ?? false)
    }

    func testRunDefinitionsRunsNoSends() throws {
        let folder = try temporaryFolder()
        try Data("command Extra()\nhandle Extra { }\nsend Extra()\n".utf8).write(to: folder.appendingPathComponent("extra.bus"))
        let output = RecordingOutput()
        let session = Session(options: deterministicOptions(), output: output)
        let result = session.runDefinitions(source: Self.shop + """

            ctx.stock = ["LAMP": 1]
            send PlaceOrder(order_id: 1)
            outbox add PlaceOrder(order_id: 2)
            load "extra.bus"
            """, file: "shop.bus", directory: folder.path)
        XCTAssertEqual(result.failures, 0, "\(output.errors)")
        XCTAssertTrue(output.events.allSatisfy { if case .dispatch = $0 { false } else { true } }, "nothing was sent")
        XCTAssertTrue(output.prints.isEmpty)
        XCTAssertTrue(try session.graph().contains("Extra (command)\n└─ extra"), "loaded files add their definitions")
        _ = session.run(source: "assert ctx.stock == nil\nassert outbox.total == 0", file: "check")
        XCTAssertTrue(output.errors.isEmpty, "\(output.errors)")
    }

    func testRunDefinitionsReportsABadDefinition() {
        let output = RecordingOutput()
        let session = Session(options: deterministicOptions(), output: output)
        let result = session.runDefinitions(source: "on Missing { }", file: "bad.bus")
        XCTAssertEqual(result.failures, 1)
        XCTAssertTrue(output.errors.first?.message.contains("unknown type") ?? false, "\(output.errors)")
    }

    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("busctl-graph-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }
}
