import ArgumentParser
@testable import busctl
import XCTest

/// The checks of `busctl relay`'s flags and of misplaced or repeated
/// arguments of busctl, without running a process or a server.
final class RelayFlagTests: XCTestCase {
    private let base = ["--postgres", "postgres://me@127.0.0.1:1/shop", "--handlers", "a.bus"]

    /// The usage error for `arguments`, or nil when they parse.
    private func error(_ arguments: [String]) -> String? {
        do {
            _ = try RelayCommand.parse(base + arguments)
            return nil
        } catch {
            return RelayCommand.message(for: error)
        }
    }

    func testDurationsHaveUpperBoundsAndRejectInfinityAndNaN() {
        let cases: [([String], String)] = [
            (["--lease", "1e300"], "--lease must be from 1 to 86400 seconds (one day), not 1e+300"),
            (["--lease", "86401"], "--lease must be from 1 to 86400 seconds (one day), not 86401"),
            (["--lease", "inf"], "--lease must be from 1 to 86400 seconds (one day), not inf"),
            (["--lease", "nan"], "--lease must be from 1 to 86400 seconds (one day), not nan"),
            (["--lease", "-1"], "--lease must be from 1 to 86400 seconds (one day), not -1"),
            (["--lease", "0.5"], "--lease must be from 1 to 86400 seconds (one day), not 0.5"),
            (["--poll-interval", "1e300"], "--poll-interval must be from 0.01 to 3600 seconds (one hour), not 1e+300"),
            (["--poll-interval", "inf"], "--poll-interval must be from 0.01 to 3600 seconds (one hour), not inf"),
            (["--poll-interval", "0.001"], "--poll-interval must be from 0.01 to 3600 seconds (one hour), not 0.001"),
            (["--backoff", "1e300"], "--backoff must be from 0 to 300 seconds (the longest wait before a retry), not 1e+300"),
            (["--backoff", "301"], "--backoff must be from 0 to 300 seconds (the longest wait before a retry), not 301"),
            (["--backoff", "nan"], "--backoff must be from 0 to 300 seconds (the longest wait before a retry), not nan"),
            (["--backoff", "-1"], "--backoff must be from 0 to 300 seconds (the longest wait before a retry), not -1"),
            (["--step-limit", "0"], "--step-limit must be a whole number of at least 1, not 0"),
        ]
        for (arguments, expected) in cases {
            XCTAssertEqual(error(arguments), expected, "\(arguments)")
        }
    }

    func testDurationsAtTheirBoundsAreAccepted() throws {
        let command = try RelayCommand.parse(base + ["--lease", "86400", "--poll-interval", "3600", "--backoff", "300", "--step-limit", "500"])
        XCTAssertEqual(command.relayConfiguration.leaseDuration, .seconds(86_400))
        XCTAssertEqual(command.relayConfiguration.pollInterval, .seconds(3_600))
        XCTAssertEqual(command.relayConfiguration.backoff.initialDelay, .seconds(300))
        XCTAssertEqual(command.stepLimit, 500)
        XCTAssertNil(error(["--lease", "1", "--poll-interval", "0.01", "--backoff", "0"]))
        XCTAssertEqual(try RelayCommand.parse(base).stepLimit, 10_000_000, "the session's default")
    }

    func testNamesWithControlCharactersOrOddSpacesAreRefused() {
        for name in ["relay-1\n2026-11-30T00:00:00Z relay-2 forged", "a\tb", "a\rb", "a\u{1B}[31mred", "a\u{202E}b", "a\u{2028}b", "a\u{A0}b"] {
            let message = error(["--name", name])
            XCTAssertTrue(message?.hasPrefix("--name must be printable: no line breaks, tabs or other control characters, and no spaces but plain ones") == true, "\(name.debugDescription): \(message ?? "accepted")")
        }
        XCTAssertTrue(error(["--name", "relay-1\n2026 forged"])?.contains(#"not "relay-1\n2026 forged""#) == true, "the name is shown escaped")
        XCTAssertNil(error(["--name", "relay one (eu-west)"]), "plain spaces are fine")
        XCTAssertNil(error(["--name", "relais-été-1"]), "letters of any script are fine")
        XCTAssertEqual(error(["--name", "  "]), "--name must not be empty: it is written to claimed_by of the messages the relay holds (leave it out for relay-HOST-PID-RANDOM)")
    }

    func testTheHelpStatesTheBoundsAndTheStepLimit() {
        let help = RelayCommand.helpMessage(columns: 400)
        for text in ["1 to 86400, one day", "0.01 to 3600, one hour", "(0 to 300)", "--step-limit <n>", "unique among the relays", "no tabs or line breaks"] {
            XCTAssertTrue(help.contains(text), text)
        }
    }

    func testARepeatedStoreFlagIsAUsageError() {
        XCTAssertEqual(BusctlCommand.repeatedStoreFlag(["--postgres", "a", "--postgres", "b", "-e", "print 1"]), "--postgres given twice; give it once")
        XCTAssertEqual(BusctlCommand.repeatedStoreFlag(["--postgres=a", "--postgres", "b", "--postgres", "c"]), "--postgres given 3 times; give it once")
        XCTAssertEqual(BusctlCommand.repeatedStoreFlag(["--db", "a", "--db=b"]), "--db given twice; give it once")
        XCTAssertNil(BusctlCommand.repeatedStoreFlag(["--postgres", "a", "-e", "--postgres"]), "the text of -e is not a flag")
        XCTAssertNil(BusctlCommand.repeatedStoreFlag(["--postgres", "a", "--", "--postgres"]), "after -- come files")
        XCTAssertNil(BusctlCommand.repeatedStoreFlag(["--postgres", "a", "f.bus"]))
        let relay = ["--postgres", "a", "--name", "--postgres", "--postgres", "b"]
        XCTAssertEqual(BusctlCommand.repeatedStoreFlag(relay, flags: ["--postgres"], valueOptions: RelayCommand.optionsWithValues), "--postgres given twice; give it once")
    }

    func testGraphAfterAFlagGetsAHint() {
        let none: (String) -> Bool = { _ in false }
        let hint = BusctlCommand.misplacedSubcommandHint(["--postgres", "postgres://me@h/db", "graph", "f.bus"], fileExists: none)
        XCTAssertEqual(hint, "`graph` is a subcommand: put it first, as in busctl graph FILE... (it reads the files' definitions only, with no --postgres or --db; a script file named graph runs as ./graph)")
        XCTAssertNotNil(BusctlCommand.misplacedSubcommandHint(["--trace", "off", "graph", "--dot", "f.bus"], fileExists: none))
        XCTAssertNil(BusctlCommand.misplacedSubcommandHint(["graph", "f.bus"], fileExists: none), "graph first is the subcommand")
        XCTAssertNil(BusctlCommand.misplacedSubcommandHint(["--postgres", "u", "-e", "graph"], fileExists: none), "graph at the prompt")
        XCTAssertNil(BusctlCommand.misplacedSubcommandHint(["--postgres", "u", "graph"], fileExists: { $0 == "graph" }), "a script named graph")
        XCTAssertNil(BusctlCommand.misplacedSubcommandHint(["--postgres", "u", "--", "graph"], fileExists: none))
    }

    func testRelayAfterAFlagGetsAHintWithOrWithoutItsFlags() {
        let none: (String) -> Bool = { _ in false }
        let expected = "`relay` is a subcommand: put it first, as in busctl relay --postgres URL --handlers FILE … (a script file named relay runs as ./relay)"
        XCTAssertEqual(BusctlCommand.misplacedSubcommandHint(["--postgres", "u", "relay"], fileExists: none), expected)
        XCTAssertEqual(BusctlCommand.misplacedSubcommandHint(["--postgres", "u", "relay", "--handlers", "f.bus"], fileExists: none), expected)
        XCTAssertEqual(BusctlCommand.misplacedSubcommandHint(["--no-color", "ship.bus", "relay"], fileExists: none), expected)
        XCTAssertNil(BusctlCommand.misplacedSubcommandHint(["--postgres", "u", "relay"], fileExists: { $0 == "relay" }), "a script named relay")
    }
}
