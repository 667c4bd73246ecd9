import Foundation
import XCTest

/// Every `.bus` file under `scripts/` is a self-checking example: run with
/// busctl, it exits 0. The workshop's exercises
/// (`scripts/workshop/exercises/`) are the exception: they fail on purpose
/// until the learner writes their handler, and `WorkshopTests` checks them.
final class ScriptsTests: XCTestCase {
    /// Folders whose scripts are not expected to exit 0, relative to the
    /// package root.
    static let excludedFolders = ["scripts/workshop/exercises/"]

    /// Scripts that need a feature that has not landed yet, by file name,
    /// with the reason (for example `"outbox.bus": "needs the outbox issue"`).
    /// Remove an entry when its issue lands.
    static let skipped: [String: String] = [:]

    /// The scripts, as paths relative to the package root.
    static func scripts() throws -> [String] {
        let root = Busctl.packageRoot
        guard let walker = FileManager.default.enumerator(at: Busctl.scriptsFolder, includingPropertiesForKeys: nil) else {
            throw HelperError(description: "no scripts folder at \(Busctl.scriptsFolder.path)")
        }
        var found: [String] = []
        for case let url as URL in walker where url.pathExtension == "bus" {
            let path = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            if excludedFolders.contains(where: { path.hasPrefix($0) }) { continue }
            found.append(path)
        }
        return found.sorted()
    }

    func testThereAreScripts() throws {
        XCTAssertTrue(try Self.scripts().contains("scripts/shop.bus"))
    }

    func testEveryScriptExitsZero() throws {
        var ran = 0
        for script in try Self.scripts() {
            let name = URL(fileURLWithPath: script).lastPathComponent
            if Self.skipped[name] != nil { continue }
            let run = try runBusctl(args: ["--deterministic", script])
            XCTAssertEqual(run.status, 0, "\(script) failed:\n\(run.stderr)")
            ran += 1
        }
        XCTAssertGreaterThan(ran, 0)
    }

    func testShopRunsWithEveryTraceMode() throws {
        for mode in ["tree", "flat", "json", "off"] {
            let run = try runBusctl(args: ["--trace", mode, "scripts/shop.bus"])
            XCTAssertEqual(run.status, 0, "--trace \(mode):\n\(run.stderr)")
            XCTAssertTrue(run.stdout.contains("mail: order 1 placed"), "--trace \(mode) shows the mailer's print line")
        }
    }
}
