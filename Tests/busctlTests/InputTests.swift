@testable import busctl
import XCTest

/// How input lines become statements, and where history lives.
final class InputTests: XCTestCase {
    func testAnOpenBlockWaitsForItsEnd() {
        var accumulator = StatementAccumulator(countsBlankLines: false)
        XCTAssertNil(accumulator.add("if true {"))
        XCTAssertFalse(accumulator.isEmpty)
        XCTAssertNil(accumulator.add("  print 1"))
        XCTAssertEqual(accumulator.add("}"), .init(text: "if true {\n  print 1\n}", firstLine: 1))
        XCTAssertEqual(accumulator.add("print 2"), .init(text: "print 2", firstLine: 4))
    }

    func testTheREPLCountsOnlyLinesThatRun() {
        var accumulator = StatementAccumulator(countsBlankLines: false)
        _ = accumulator.add("")
        XCTAssertNil(accumulator.add("while true {"))
        accumulator.discard()
        XCTAssertEqual(accumulator.add("print 1"), .init(text: "print 1", firstLine: 1))
        XCTAssertEqual(accumulator.add("if true {\nprint 2\n}"), .init(text: "if true {\nprint 2\n}", firstLine: 2))
        XCTAssertEqual(accumulator.nextLine, 5)
    }

    func testPipedInputCountsEveryLine() {
        var accumulator = StatementAccumulator(countsBlankLines: true)
        _ = accumulator.add("")
        _ = accumulator.add("   ")
        XCTAssertEqual(accumulator.add("print 1"), .init(text: "print 1", firstLine: 3))
        XCTAssertNil(accumulator.add("print ["))
        XCTAssertEqual(accumulator.takeRest(), .init(text: "print [", firstLine: 4))
        XCTAssertNil(accumulator.takeRest())
    }

    func testHistoryLocation() {
        XCTAssertEqual(HistoryLocation.path(environment: ["XDG_STATE_HOME": "/state", "HOME": "/home/ada"]), "/state/busctl/history")
        XCTAssertEqual(HistoryLocation.path(environment: ["XDG_STATE_HOME": "relative", "HOME": "/home/ada"]), "/home/ada/.local/state/busctl/history")
        XCTAssertEqual(HistoryLocation.path(environment: ["XDG_STATE_HOME": "", "HOME": "/home/ada/"]), "/home/ada/.local/state/busctl/history")
    }

    func testHistoryFoldersAreCreated() throws {
        let folder = try Busctl.temporaryFolder()
        let path = folder.appendingPathComponent("a/b/busctl/history").path
        XCTAssertTrue(HistoryLocation.prepareFolder(for: path))
        var isFolder: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("a/b/busctl").path, isDirectory: &isFolder))
        XCTAssertTrue(isFolder.boolValue)
    }

    func testScriptFilesAreReadWhole() throws {
        let url = try writeScript("\u{FEFF}print 1\n")
        let script = try ScriptFile.read(path: url.path)
        XCTAssertEqual(script.text, "print 1\n", "a byte order mark is dropped")
        XCTAssertEqual(script.directory, url.deletingLastPathComponent().path)
        XCTAssertEqual(ScriptFile.folder(of: "shop.bus"), ".")
        XCTAssertEqual(ScriptFile.folder(of: "/shop.bus"), "/")
    }
}
