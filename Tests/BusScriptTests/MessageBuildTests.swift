import BusScript
import XCTest

/// Message literals whose labels come in declaration order take a faster
/// path (no lookups by name; the message shares the type's field names).
/// It must build the same message, fail the same way, and follow every
/// redefinition of the type and of the handlers.
final class MessageBuildTests: XCTestCase {
    private func dispatchedFields(_ run: ScriptRun) -> [String] {
        run.output.events.compactMap { event -> String? in
            guard case .dispatch(let trace) = event else { return nil }
            return trace.name + "(" + trace.fields.map { "\($0.name): \($0.value.literalDescription)" }.joined(separator: ", ") + ")"
        }
    }

    func testInOrderAndShuffledLabelsBuildTheSameMessage() {
        let run = expectSuccess("""
            command T(a: Int, b: Double, c: String? = nil, d: Int = 4)
            handle T as h { return msg.a }
            send T(a: 1, b: 2, c: "x", d: 5)
            send T(d: 5, c: "x", b: 2, a: 1)
            send T(a: 1, b: 2)
            """)
        XCTAssertEqual(dispatchedFields(run), [
            #"T(a: 1, b: 2.0, c: "x", d: 5)"#,
            #"T(a: 1, b: 2.0, c: "x", d: 5)"#,
            #"T(a: 1, b: 2.0, c: nil, d: 4)"#,
        ])
    }

    func testInOrderLabelsFailAsShuffledOnesDo() {
        let prelude = """
            command T(a: Int, b: Int)
            handle T as h { }
            fn boom() { fail "boom" }

            """
        let inOrder = runScript(prelude + #"send T(a: "x", b: 2)"#).firstError
        let shuffled = runScript(prelude + #"send T(b: 2, a: "x")"#).firstError
        XCTAssertEqual(inOrder?.message, #"wrong type for field `a` of T: expected Int, got String "x""#)
        XCTAssertEqual(shuffled?.message, inOrder?.message)
        XCTAssertEqual(inOrder?.location?.column, 11)
        // Every value is evaluated before any is checked against its field.
        XCTAssertEqual(runScript(prelude + #"send T(a: "x", b: boom())"#).firstError?.message, "boom")
        XCTAssertEqual(runScript(prelude + #"send T(b: boom(), a: "x")"#).firstError?.message, "boom")
    }

    func testRedefinedTypesAndHandlersAreFollowed() {
        let run = expectSuccess("""
            command T(a: Int, b: Int)
            handle T as h { return msg.a * 10 + msg.b }
            send T(a: 1, b: 2)
            assert last.result == 12
            command T(b: Int, a: Int)
            send T(b: 2, a: 1)
            assert last.result == 12
            send T(a: 1, b: 2)
            assert last.result == 12
            handle T as h { return msg.a }
            send T(b: 2, a: 1)
            assert last.result == 1
            remove h
            event T(z: String)
            event U(z: String)
            on T as h { emit U(z: msg.z) }
            on U as u { return msg.z }
            send T(z: "new")
            assert last.handlers == 2
            """)
        XCTAssertEqual(dispatchedFields(run), [
            "T(a: 1, b: 2)", "T(b: 2, a: 1)", "T(b: 2, a: 1)", "T(b: 2, a: 1)",
            #"T(z: "new")"#, #"U(z: "new")"#,
        ])
    }

    func testLastIsTheCascadesOutcomeUntilReset() {
        let run = expectSuccess("""
            command T(a: Int)
            handle T as h { return msg.a }
            send T(a: 3)
            last
            reset
            last
            """)
        XCTAssertEqual(run.output.values, [#"["result": 3, "ok": true, "errors": 0, "messages": 1, "handlers": 1]"#, "nil"])
    }
}
