import Foundation
import MessageBus
import XCTest

@testable import BusScript

/// What a relay process's outbox handlers see and say (`busctl relay` runs
/// them through ``Session/runRelayedAttempt(_:)``): the step limit's hint,
/// and stored payloads that are not the object of a message.
final class RelayedAttemptTests: XCTestCase {
    private let definitions = """
        command Ship(order_id: Int)
        handle Ship as ship { ctx.shipped = msg.order_id }
        fn spin(n) { let i = 0
          while i < n { i = i + 1 }
          return i }
        outbox handler relay {
          print message.payload
          if message.name == "Spin" { spin(1000000) }
          dispatch
        }
        """

    private func session(stepLimit: Int = 10_000) -> (Session, RecordingOutput) {
        var options = deterministicOptions()
        options.stepLimit = stepLimit
        let output = RecordingOutput()
        let session = Session(options: options, output: output)
        let result = session.runDefinitions(source: definitions, file: "ship.bus")
        XCTAssertEqual(result.failures, 0, "\(output.errors.map(\.message))")
        return (session, output)
    }

    private func record(_ name: String = "Ship", payload: String) -> OutboxRecord {
        OutboxRecord(id: UUID(), type: .command, name: name, payload: Data(payload.utf8), createdAt: Date(), attempts: 1)
    }

    func testTheStepLimitHintNamesTheRelaysFlag() {
        let (relay, _) = session()
        guard case .failed(let reason) = relay.runRelayedAttempt(record("Spin", payload: "{}")) else {
            return XCTFail("the handler should fail")
        }
        XCTAssertTrue(reason.contains("step limit: more than 10000 steps"), reason)
        XCTAssertTrue(reason.contains("--step-limit N"), reason)
        XCTAssertFalse(reason.contains("set step_limit"), reason)

        let run = runScript("fn spin(n) { let i = 0\n while i < n { i = i + 1 }\n return i }\nset step_limit 1000\nspin(100000)")
        XCTAssertTrue(run.firstError?.message.contains("raise it with `set step_limit N`") ?? false, "\(String(describing: run.firstError))")
    }

    func testAPayloadThatIsNotJSONSaysSo() {
        let (relay, output) = session()
        let attempt = relay.runRelayedAttempt(record(payload: #"{"order_id":1e400}"#))
        guard case .failed(let reason) = attempt else { return XCTFail("\(attempt)") }
        XCTAssertTrue(reason.contains("the stored payload of Ship cannot be read as JSON: "), reason)
        XCTAssertTrue(reason.contains("Number 1e400 is not representable"), reason)
        XCTAssertFalse(reason.contains("not a JSON object"), reason)
        XCTAssertEqual(output.prints, ["nil"], "message.payload is nil, not an empty map")
    }

    func testPayloadsThatAreNotObjectsAreShownAsTheyAre() {
        let cases: [(String, String, String)] = [
            ("[1,2]", "[1, 2]", "is not a JSON object but List [1, 2]"),
            (#""str""#, "str", #"is not a JSON object but String "str""#),
            ("null", "nil", "is not a JSON object but Nil nil"),
            ("7", "7", "is not a JSON object but Int 7"),
        ]
        for (payload, shown, failure) in cases {
            let (relay, output) = session()
            let attempt = relay.runRelayedAttempt(record(payload: payload))
            guard case .failed(let reason) = attempt else { XCTFail("\(payload): \(attempt)"); continue }
            XCTAssertTrue(reason.contains("the stored payload of Ship \(failure)"), "\(payload): \(reason)")
            XCTAssertEqual(output.prints, [shown], payload)
        }
    }

    func testAnObjectPayloadStillDispatches() {
        let (relay, output) = session()
        XCTAssertEqual(relay.runRelayedAttempt(record(payload: #"{"order_id":7}"#)), .processed)
        XCTAssertEqual(output.prints, [#"["order_id": 7]"#])
    }
}
