import Foundation
import XCTest

/// `graph` and `busctl graph FILE` (issue 5) on scripts/shop.bus: the tree,
/// Mermaid and DOT forms with the right nodes and edges; the DOT is parsed
/// by Graphviz's `dot` when it is installed. `busctl graph` runs no sends.
final class GraphCommandTests: XCTestCase {
    static let shop = Busctl.scriptsFolder.appendingPathComponent("shop.bus").path

    /// Every type → handler and handler → type edge of shop.bus.
    static let edges = [
        ("t_PlaceOrder", "h_place_order"), ("h_place_order", "t_OrderPlaced"),
        ("t_OrderPlaced", "h_reserve_stock"), ("t_OrderPlaced", "h_confirm"),
        ("h_reserve_stock", "t_StockReserved"), ("t_StockReserved", "h_watch_stock"),
        ("h_watch_stock", "t_StockLow"), ("t_StockLow", "h_flaky_alert"), ("t_StockLow", "h_log_alert"),
        ("h_confirm", "t_NotifyCustomer"), ("t_NotifyCustomer", "h_mailer"),
    ]

    func testTheTreeOfShopWithoutRunningIt() throws {
        let run = try runBusctl(args: ["graph", Self.shop])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, """
            PlaceOrder (command)
            └─ place_order
               └─ OrderPlaced (event)
                  ├─ reserve_stock
                  │  └─ StockReserved (event)
                  │     └─ watch_stock
                  │        └─ StockLow (event)
                  │           ├─ flaky_alert
                  │           └─ log_alert
                  └─ confirm
                     └─ NotifyCustomer (command)
                        └─ mailer

            """)
        XCTAssertFalse(run.stdout.contains("mail:"), "nothing was sent")
        XCTAssertEqual(run.stderr, "")
    }

    func testMermaidHasEveryNodeAndEdge() throws {
        let run = try runBusctl(args: ["graph", "--mermaid", Self.shop])
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = run.stdoutLines
        XCTAssertEqual(lines.first, "flowchart LR")
        for command in ["PlaceOrder", "NotifyCustomer"] {
            XCTAssertTrue(lines.contains("  t_\(command)[\"\(command)\"]"), command)
        }
        for event in ["OrderPlaced", "StockReserved", "StockLow"] {
            XCTAssertTrue(lines.contains("  t_\(event)([\"\(event)\"])"), event)
        }
        for handler in ["place_order", "reserve_stock", "confirm", "watch_stock", "flaky_alert", "log_alert", "mailer"] {
            XCTAssertTrue(lines.contains("  h_\(handler)(\"\(handler)\")"), handler)
        }
        let edges = lines.filter { $0.contains("-->") }
        XCTAssertEqual(Set(edges), Set(Self.edges.map { "  \($0.0) --> \($0.1)" }))
        XCTAssertEqual(edges.count, Self.edges.count)
    }

    func testDOTHasEveryNodeAndEdgeAndParses() throws {
        let run = try runBusctl(args: ["graph", "--dot", Self.shop])
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = run.stdoutLines
        XCTAssertEqual(lines.first, "digraph busctl {")
        XCTAssertEqual(lines.last, "}")
        XCTAssertEqual(lines.filter { $0.contains("[label=") }.count, 12, "5 types and 7 handlers")
        let edges = lines.filter { $0.contains(" -> ") }
        XCTAssertEqual(Set(edges), Set(Self.edges.map { "  \"\($0.0)\" -> \"\($0.1)\";" }))

        guard let dot = Self.graphvizDot() else {
            throw XCTSkip("Graphviz's dot is not installed; the DOT text was checked, not parsed")
        }
        let parsed = try Self.run(dot, ["-Tcanon"], input: run.stdout)
        XCTAssertEqual(parsed.status, 0, parsed.output)
        XCTAssertTrue(parsed.output.contains("t_PlaceOrder -> h_place_order"), parsed.output)
    }

    func testTheGraphStatementAndATypeAtThePrompt() throws {
        let run = try runBusctl(args: ["-e", "load \"scripts/shop.bus\"", "-e", "set trace off", "-e", "graph StockReserved", "-e", "graph StockReserved --dot"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("""
            StockReserved (event)
            └─ watch_stock
               └─ StockLow (event)
                  ├─ flaky_alert
                  └─ log_alert
            """), run.stdout)
        XCTAssertTrue(run.stdout.contains("\"h_watch_stock\" -> \"t_StockLow\";"))
        XCTAssertFalse(run.stdout.contains("t_PlaceOrder"))
    }

    func testErrorsAndUsage() throws {
        let missing = try runBusctl(args: ["graph", "no-such-file.bus"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("cannot read no-such-file.bus"), missing.stderr)
        let unknown = try runBusctl(args: ["graph", "--type", "OrderPlacd", Self.shop])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.stderr.contains("did you mean `OrderPlaced`?"), unknown.stderr)
        let bad = try writeScript("on Nothing { }")
        let failing = try runBusctl(args: ["graph", bad.path])
        XCTAssertEqual(failing.status, 1)
        XCTAssertTrue(failing.stderr.contains("script.bus:1:"), failing.stderr)
        let usage = try runBusctl(args: ["graph", "--svg", Self.shop])
        XCTAssertEqual(usage.status, 2)
        let help = try runBusctl(args: ["graph", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("USAGE: busctl graph"), help.stdout)
    }

    // MARK: - Graphviz

    /// The path of `dot`, when Graphviz is installed.
    static func graphvizDot() -> String? {
        ["/usr/bin/dot", "/usr/local/bin/dot", "/opt/homebrew/bin/dot"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ path: String, _ arguments: [String], input: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let folder = try Busctl.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inURL = folder.appendingPathComponent("in.dot")
        let outURL = folder.appendingPathComponent("out")
        try Data(input.utf8).write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL)
        process.standardInput = try FileHandle(forReadingFrom: inURL)
        process.standardOutput = outHandle
        process.standardError = outHandle
        try process.run()
        process.waitUntilExit()
        try outHandle.close()
        return (process.terminationStatus, String(decoding: try Data(contentsOf: outURL), as: UTF8.self))
    }
}
