import BusScript
import XCTest

/// The source lines behind the carets of diagnostics.
final class SourceRegistryTests: XCTestCase {
    func testSourceLinesAreFoundAcrossChunks() {
        let registry = SourceRegistry()
        registry.add("let a = 1\nlet b = 2", file: "<stdin>", firstLine: 1)
        registry.add("a + b\r\nnope", file: "<stdin>", firstLine: 3)
        XCTAssertEqual(registry.line(file: "<stdin>", line: 2), "let b = 2")
        XCTAssertEqual(registry.line(file: "<stdin>", line: 4), "nope")
        XCTAssertEqual(registry.line(file: "<stdin>", line: 3), "a + b")
        XCTAssertNil(registry.line(file: "<stdin>", line: 5))
        XCTAssertNil(registry.line(file: "other", line: 1))
    }

    func testALaterChunkWithTheSameLinesWins() {
        let registry = SourceRegistry()
        registry.add("old", file: "f.bus", firstLine: 1)
        registry.add("new\nmore", file: "f.bus", firstLine: 1)
        XCTAssertEqual(registry.line(file: "f.bus", line: 1), "new")
        XCTAssertEqual(registry.line(file: "f.bus", line: 2), "more")
    }
}
