import BusScript
import XCTest

/// Collects what a session shows, for assertions.
final class RecordingOutput: SessionOutput {
    var events: [TraceEvent] = []

    func receive(_ event: TraceEvent, mode: TraceMode) {
        events.append(event)
    }

    var errors: [Diagnostic] {
        events.compactMap { if case .error(let d) = $0 { return d } else { return nil } }
    }

    var notes: [String] {
        events.compactMap { if case .note(let t) = $0 { return t } else { return nil } }
    }

    var values: [String] {
        events.compactMap { if case .value(let t) = $0 { return t } else { return nil } }
    }

    var prints: [String] {
        events.compactMap { if case .print(_, _, let t) = $0 { return t } else { return nil } }
    }

    var texts: [String] {
        events.compactMap { event in
            switch event {
            case .text(let text): return text
            case .table(let table): return table.plainText
            default: return nil
            }
        }
    }
}

/// A session with a recording output, run on a text.
struct ScriptRun {
    let session: Session
    let output: RecordingOutput
    let result: RunResult

    var firstError: Diagnostic? { output.errors.first }
}

func runScript(_ source: String, file: String = "test.bus", options: SessionOptions = deterministicOptions()) -> ScriptRun {
    let output = RecordingOutput()
    let session = Session(options: options, output: output)
    let result = session.run(source: source, file: file)
    return ScriptRun(session: session, output: output, result: result)
}

func deterministicOptions() -> SessionOptions {
    var options = SessionOptions()
    options.deterministic = true
    return options
}

/// Runs a script that must succeed; fails the test with its first error otherwise.
@discardableResult
func expectSuccess(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> ScriptRun {
    let run = runScript(source)
    if let error = run.firstError {
        XCTFail("unexpected error: \(error) \(error.notes)", file: file, line: line)
    }
    return run
}

/// Runs a script whose first error must contain `text` at `line:column`.
@discardableResult
func expectFailure(_ source: String, contains text: String, at position: (Int, Int)? = nil,
                   file: StaticString = #filePath, line: UInt = #line) -> ScriptRun {
    let run = runScript(source)
    guard let error = run.firstError else {
        XCTFail("expected an error containing \"\(text)\", got none", file: file, line: line)
        return run
    }
    XCTAssertTrue(error.message.contains(text), "error \"\(error.message)\" does not contain \"\(text)\"", file: file, line: line)
    if let position {
        XCTAssertEqual(error.location?.line, position.0, "line of \(error)", file: file, line: line)
        XCTAssertEqual(error.location?.column, position.1, "column of \(error)", file: file, line: line)
    }
    XCTAssertEqual(run.result.failures, 1, file: file, line: line)
    return run
}
