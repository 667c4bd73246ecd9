import BusScript
import XCTest

/// Each top-level statement, handler run and outbox run has a step budget
/// of its own, which the functions it calls share (LANGUAGE.md §4
/// "Limits"). The budget is counted in the frame that owns it.
final class StepBudgetTests: XCTestCase {
    static let prelude = """
    fn spin(n) { let i = 0; while i < n { i += 1 } }
    command Once()
    command Twice()
    handle Once as once { spin(30) }
    handle Twice as twice { spin(30); spin(30) }

    """

    private func failures(_ source: String) -> [String] {
        var options = deterministicOptions()
        options.stepLimit = 100
        let output = RecordingOutput()
        _ = Session(options: options, output: output).run(source: Self.prelude + source, file: "budget.bus")
        return output.errors.map(\.message)
    }

    func testFunctionsShareTheirCallersBudget() {
        XCTAssertEqual(failures("spin(30)\nspin(30)"), [], "each statement has its own budget")
        XCTAssertTrue(failures("let both = [spin(30), spin(30)]").first?.contains("step limit") ?? false)
    }

    func testEachHandlerRunHasItsOwnBudget() {
        XCTAssertEqual(failures("send Once()\nsend Once()"), [])
        XCTAssertTrue(failures("send Twice()").first?.contains("step limit") ?? false)
    }
}
