import Foundation
import XCTest

/// How busctl's sources run (LANGUAGE.md §14): `-e` texts first, in order,
/// then the files in order; `-i FILE` runs the file, then reads standard
/// input; `--deterministic` and `BUSCTL_DETERMINISTIC=1` fix ids and time.
final class CommandLineTests: XCTestCase {
    func testExpressionsRunBeforeFilesInOrder() throws {
        let first = try writeScript(#"print "file one""#, named: "one.bus")
        let second = try writeScript(#"print "file two""#, named: "two.bus")
        let run = try runBusctl(args: [first.path, "-e", #"print "text one""#, second.path, "-e", #"print "text two""#])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "text one\ntext two\nfile one\nfile two\n")
    }

    func testSourcesShareOneSession() throws {
        let file = try writeScript("assert greeting == \"hello\"\nprint greeting")
        let run = try runBusctl(args: ["-e", #"let greeting = "hello""#, file.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "hello\n")
    }

    func testTheFirstFailureStopsTheLaterSources() throws {
        let file = try writeScript(#"print "never""#)
        let run = try runBusctl(args: ["-e", "assert false", file.path])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout, "")
    }

    func testExpressionLinesCountAcrossTexts() throws {
        let run = try runBusctl(args: ["-e", "let a = 1\nlet b = 2", "-e", "assert a == b"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.hasPrefix("<-e>:3:1: error:"), "the second text starts on line 3: \(run.stderr)")
    }

    func testInteractiveFileRunsThenStandardInput() throws {
        let file = try writeScript("let name = \"from the file\"\nprint \"loaded\"")
        let run = try runBusctl(args: ["-i", file.path], stdin: "print name\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "loaded\nfrom the file\n")
    }

    func testInteractiveFileComesAfterTheOtherSources() throws {
        let interactive = try writeScript(#"print "interactive""#, named: "i.bus")
        let plain = try writeScript(#"print "plain""#, named: "p.bus")
        let run = try runBusctl(args: ["-i", interactive.path, plain.path, "-e", #"print "text""#], stdin: "")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "text\nplain\ninteractive\n")
    }

    func testWithFilesStandardInputIsNotRead() throws {
        let run = try runBusctl(args: ["-e", #"print "text""#], stdin: "print \"stdin\"\n")
        XCTAssertEqual(run.stdout, "text\n")
    }

    func testDeterministicModeFixesUUIDsAndNow() throws {
        let script = "print uuid()\nprint uuid()\nprint now()"
        let flag = try runBusctl(args: ["--deterministic", "-e", script])
        XCTAssertEqual(flag.stdout, """
            uuid("00000000-0000-0000-0000-000000000001")
            uuid("00000000-0000-0000-0000-000000000002")
            date("2026-01-01T00:00:00Z")

            """)
        let environment = try runBusctl(args: ["-e", script], env: ["BUSCTL_DETERMINISTIC": "1"])
        XCTAssertEqual(environment.stdout, flag.stdout)
    }

    func testRelativeLoadPathsStartAtTheFilesFolder() throws {
        let folder = try Busctl.temporaryFolder()
        try Data(#"print "helper loaded""#.utf8).write(to: folder.appendingPathComponent("helper.bus"))
        try Data(#"load "helper.bus""#.utf8).write(to: folder.appendingPathComponent("main.bus"))
        let run = try runBusctl(args: [folder.appendingPathComponent("main.bus").path])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "helper loaded\n")
    }
}
