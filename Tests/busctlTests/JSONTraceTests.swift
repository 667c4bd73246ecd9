import Foundation
import XCTest

/// `--trace json` (LANGUAGE.md §7): compact JSON, one object per line, `"t"`
/// first; every line on standard output is JSON; with `--deterministic` the
/// trace is the same byte for byte on every run.
final class JSONTraceTests: XCTestCase {
    /// A command whose handler prints and emits an event, whose handler
    /// emits an event nobody handles.
    static let smallCascade = """
        command Place(n: Int)
        event Placed(n: Int)
        event Lonely()
        handle Place as place { print "placing \\(msg.n)"; emit Placed(n: msg.n); return "ok" }
        on Placed as note_it { emit Lonely() }
        send Place(n: 1)
        """

    func testASmallCascadeGivesExactlyTheseLines() throws {
        let run = try runBusctl(args: ["--trace", "json", "--deterministic", "-e", Self.smallCascade])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdoutLines, [
            #"{"t":"dispatch","id":1,"cause":null,"kind":"command","name":"Place","fields":{"n":1}}"#,
            #"{"t":"print","message":1,"handler":"place","text":"placing 1"}"#,
            #"{"t":"handler","message":1,"handler":"place","ok":true,"result":"ok","ms":0}"#,
            #"{"t":"emit","from":1,"handler":"place","id":2,"name":"Placed"}"#,
            #"{"t":"dispatch","id":2,"cause":1,"kind":"event","name":"Placed","fields":{"n":1}}"#,
            #"{"t":"handler","message":2,"handler":"note_it","ok":true,"result":null,"ms":0}"#,
            #"{"t":"emit","from":2,"handler":"note_it","id":3,"name":"Lonely"}"#,
            #"{"t":"dispatch","id":3,"cause":2,"kind":"event","name":"Lonely","fields":{}}"#,
            #"{"t":"unhandled","message":3,"name":"Lonely"}"#,
            #"{"t":"summary","messages":3,"handlers":2,"errors":0,"ms":0}"#,
        ])
        XCTAssertEqual(run.stderr, "")
    }

    func testEveryLineParsesAndFollowsTheSchema() throws {
        let run = try runBusctl(args: ["--trace", "json", "-e", Self.smallCascade])
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = assertJSONTrace(run.stdout)
        XCTAssertEqual(lines.map(\.kind), ["dispatch", "print", "handler", "emit", "dispatch", "handler", "emit", "dispatch", "unhandled", "summary"])
    }

    func testTheShopScriptIsAllJSON() throws {
        let run = try runBusctl(args: ["--trace", "json", "scripts/shop.bus"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let kinds = Set(assertJSONTrace(run.stdout).map(\.kind))
        XCTAssertTrue(kinds.isSuperset(of: ["dispatch", "handler", "emit", "unhandled", "print", "summary"]), "\(kinds)")
    }

    func testFailingHandlersCarryTheirErrorAndPosition() throws {
        let script = """
            command Pay(amount: Int)
            event Paid(amount: Int)
            handle Pay as pay {
              if msg.amount > 100 { fail "too much" }
              emit Paid(amount: msg.amount)
            }
            on Paid as flaky { fail "pager is down" }
            on Paid as fine { print "paid \\(msg.amount)" }
            send Pay(amount: 5)
            """
        let run = try runBusctl(args: ["--trace", "json", "--deterministic", "-e", script])
        XCTAssertEqual(run.status, 0, "an event handler's failure does not fail the send: \(run.stderr)")
        let lines = assertJSONTrace(run.stdout)
        XCTAssertEqual(lines.map(\.kind), ["dispatch", "handler", "emit", "dispatch", "handler", "print", "handler", "summary"])
        guard lines.count == 8 else { return }
        XCTAssertEqual(lines[4].text, #"{"t":"handler","message":2,"handler":"flaky","ok":false,"error":"pager is down","ms":0,"file":"<-e>","line":7,"col":20}"#)
        XCTAssertEqual(lines[7].text, #"{"t":"summary","messages":2,"handlers":3,"errors":1,"ms":0}"#)
    }

    func testAFailedSendGivesAnErrorLineThenItsSummary() throws {
        let script = """
            command Pay(amount: Int)
            handle Pay as pay {
              if msg.amount > 100 { fail "too much" }
            }
            send Pay(amount: 500)
            """
        let run = try runBusctl(args: ["--trace", "json", "--deterministic", "-e", script])
        XCTAssertEqual(run.status, 1)
        let lines = assertJSONTrace(run.stdout)
        XCTAssertEqual(lines.map(\.kind), ["dispatch", "handler", "error", "summary"])
        guard lines.count == 4 else { return }
        XCTAssertEqual(lines[2]["text"]?.string.map { $0.contains("too much") }, true)
        XCTAssertEqual(lines[2]["file"]?.string, "<-e>")
        // The statement that failed: the `send` on line 5 (LANGUAGE.md §7).
        XCTAssertEqual(lines[2]["line"]?.int, 5)
        XCTAssertEqual(lines[2]["col"]?.int, 1)
        XCTAssertEqual(lines[3].text, #"{"t":"summary","messages":1,"handlers":1,"errors":1,"ms":0}"#)
        XCTAssertTrue(run.stderr.hasPrefix("<-e>:"), "the error is also a diagnostic on stderr: \(run.stderr)")
    }

    func testAFailedTopLevelStatementIsAnErrorLineAndADiagnostic() throws {
        let run = try runBusctl(args: ["--trace", "json", "-e", "assert 1 == 2"])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdoutLines, [
            #"{"t":"error","text":"assertion failed: 1 == 2 (left 1, right 2)","file":"<-e>","line":1,"col":1}"#,
        ])
        XCTAssertTrue(run.stderr.hasPrefix("<-e>:1:1: error: assertion failed"), run.stderr)
    }

    func testPrintValuesAndOtherOutputAreJSONToo() throws {
        let run = try runBusctl(args: ["--trace", "json", "-e", #"print "hi""#, "-e", "1 + 2", "-e", "help"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = assertJSONTrace(run.stdout)
        XCTAssertEqual(lines.first?.text, #"{"t":"print","message":null,"handler":null,"text":"hi"}"#)
        XCTAssertEqual(lines.dropFirst().first?.text, #"{"t":"value","text":"3"}"#)
        XCTAssertEqual(lines.last?.kind, "text")
    }

    func testValuesEncodeAsJSON() throws {
        let script = """
            command Keep(when: Date, id: UUID, ratio: Double, note: String?, tags: [String: Int])
            handle Keep as keep { return msg.tags }
            send Keep(when: date("2026-11-29"), id: uuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), ratio: 2, note: "fragile", tags: ["b": 2, "a": 1])
            """
        let run = try runBusctl(args: ["--trace", "json", "--deterministic", "-e", script])
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = assertJSONTrace(run.stdout)
        XCTAssertEqual(lines.first?.text, #"{"t":"dispatch","id":1,"cause":null,"kind":"command","name":"Keep","fields":{"when":"2026-11-29T00:00:00Z","id":"6ba7b810-9dad-11d1-80b4-00c04fd430c8","ratio":2.0,"note":"fragile","tags":{"b":2,"a":1}}}"#)
        XCTAssertEqual(lines.dropFirst().first?.text, #"{"t":"handler","message":1,"handler":"keep","ok":true,"result":{"b":2,"a":1},"ms":0}"#)
    }

    func testDeterministicTracesAreTheSameOnEveryRun() throws {
        let first = try runBusctl(args: ["--trace", "json", "--deterministic", "scripts/shop.bus"])
        let second = try runBusctl(args: ["--trace", "json", "scripts/shop.bus"], env: ["BUSCTL_DETERMINISTIC": "1"])
        XCTAssertEqual(first.status, 0)
        XCTAssertEqual(first.stdout, second.stdout)
    }

    func testNotesAreJSONLinesAndTextOnStderr() throws {
        let run = try runBusctl(args: ["--trace", "json", "-e", #"expect error "division" 1 / 0"#])
        XCTAssertEqual(run.status, 0, run.stderr)
        let lines = assertJSONTrace(run.stdout)
        XCTAssertEqual(lines.map(\.kind), ["note"])
        XCTAssertTrue(run.stderr.contains("division by zero"), run.stderr)
    }
}
