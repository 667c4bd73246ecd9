import Foundation
import XCTest

/// The workshop kit (issue 6, docs/workshop.md): eight self-checking lessons,
/// and for lessons 3–8 an exercise that fails until the learner writes its
/// handler, with a solution that passes.
///
/// An exercise is "untouched" as it is in the repository: the learner's
/// handler, between the `# >>> YOUR CODE` and `# <<< END OF YOUR CODE`
/// lines, has an empty body holding a `# TODO` comment, so the first assert
/// after it fails with a hint. Its solution is the same file with that body
/// written; outside the marked region both files hold the same statements.
final class WorkshopTests: XCTestCase {
    static let folder = Busctl.scriptsFolder.appendingPathComponent("workshop")

    /// The lessons, in order, as the issue names them.
    static let lessons = [
        "01-commands-and-events.bus",
        "02-cascades.bus",
        "03-failures.bus",
        "04-dual-write.bus",
        "05-outbox.bus",
        "06-transactions.bus",
        "07-retries-and-dead-letters.bus",
        "08-crash-after-publish.bus",
    ]

    /// Each exercise and the hint its untouched version fails with: the
    /// message of its first assert.
    static let exercises: [(file: String, hint: String)] = [
        ("03-sold-out.bus", #"take_order should return "accepted" for a drink in stock"#),
        ("04-reconcile.bus", "reconcile should publish the one lost message (order 2) and return 1"),
        ("05-outbox-order.bus", "place_order should add msg.order_id to ctx.db.orders"),
        ("06-all-or-nothing.bus", "place_tray should append each drink to ctx.db.lines"),
        ("07-flaky-broker.bus", #"while ctx.broker_up is false, publish must fail (fail "broker unavailable") so that the messages stay pending"#),
        ("08-idempotent-points.bus", "award_points should add msg.amount to ctx.points[msg.customer] (it starts as nil: use ?? 0)"),
    ]

    static let yourCode = "# >>> YOUR CODE"
    static let endOfYourCode = "# <<< END OF YOUR CODE"

    private func path(_ name: String, in subfolder: String? = nil) -> String {
        ["scripts/workshop", subfolder, name].compactMap { $0 }.joined(separator: "/")
    }

    private func text(_ relativePath: String) throws -> String {
        try String(contentsOf: Busctl.packageRoot.appendingPathComponent(relativePath), encoding: .utf8)
    }

    private func busFiles(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".bus") }.sorted()
    }

    // MARK: - Lessons

    func testTheWorkshopHasTheEightLessonsInOrder() throws {
        XCTAssertEqual(try busFiles(in: Self.folder), Self.lessons)
        for (index, lesson) in Self.lessons.enumerated() {
            let first = try text(path(lesson)).components(separatedBy: "\n").first ?? ""
            XCTAssertTrue(first.hasPrefix("# Lesson \(index + 1) of 8: "), "\(lesson) starts with its title: \(first)")
            XCTAssertTrue(first.contains("minutes)"), "\(lesson) says how long it takes: \(first)")
        }
    }

    /// As a trainer runs them: no `--deterministic`, a fresh session each.
    func testEveryLessonRunsCleanlyInWellUnderASecond() throws {
        for lesson in Self.lessons {
            let started = Date()
            let run = try runBusctl(args: [path(lesson)])
            let elapsed = Date().timeIntervalSince(started)
            XCTAssertEqual(run.status, 0, "\(lesson):\n\(run.stderr)")
            XCTAssertFalse(run.stderr.contains(": error:"), "\(lesson) reports no error:\n\(run.stderr)")
            XCTAssertLessThan(elapsed, 1.0, "\(lesson) took \(elapsed) s")
        }
    }

    /// Lessons check themselves: each has asserts and comments that explain.
    func testEveryLessonIsNarratedAndSelfChecking() throws {
        for lesson in Self.lessons {
            let lines = try text(path(lesson)).components(separatedBy: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            let asserts = lines.filter { $0.hasPrefix("assert ") || $0.hasPrefix("expect error") }.count
            let comments = lines.filter { $0.hasPrefix("#") }.count
            XCTAssertGreaterThanOrEqual(asserts, 5, "\(lesson) checks itself")
            XCTAssertGreaterThan(comments, asserts, "\(lesson): the comments are the narrative")
            XCTAssertTrue(lines.contains { $0.hasPrefix("# Takeaways") }, "\(lesson) ends with its takeaways")
        }
    }

    /// Lesson 2 watches the breadth-first order one dispatch at a time.
    func testLessonTwoStepsThroughTheQueue() throws {
        let lines = try text(path("02-cascades.bus")).components(separatedBy: "\n")
        for command in ["queue", "next", "run"] {
            XCTAssertTrue(lines.contains(command), "lesson 2 uses `\(command)`")
        }
        XCTAssertTrue(lines.contains { $0.hasPrefix("step ") }, "lesson 2 uses `step`")
    }

    /// The lessons that store messages run the same on a fresh `--db` file,
    /// as the guide suggests for each group.
    func testTheOutboxLessonsRunOnAFreshDatabaseFile() throws {
        let folder = try Busctl.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for lesson in Self.lessons.dropFirst(3) {
            let database = folder.appendingPathComponent("\(lesson).db").path
            let run = try runBusctl(args: ["--db", database, path(lesson)])
            XCTAssertEqual(run.status, 0, "\(lesson) with --db:\n\(run.stderr)")
        }
    }

    /// Presenter mode runs each statement on its own: every lesson gives the
    /// same outcome that way (Enter for every statement).
    func testEveryLessonRunsStatementByStatementInPresenterMode() throws {
        for lesson in Self.lessons {
            let run = try runBusctl(args: ["--present", path(lesson)], stdin: String(repeating: "\n", count: 200))
            XCTAssertEqual(run.status, 0, "\(lesson) presented:\n\(run.stderr)")
            XCTAssertFalse(run.stderr.contains(": error:"), "\(lesson) presented reports no error:\n\(run.stderr)")
            XCTAssertTrue(run.stdout.contains("end of \(path(lesson)): presenter mode is over"), run.stdout)
        }
    }

    // MARK: - Exercises

    func testEveryExerciseHasASolutionAndBelongsToALesson() throws {
        let exercises = try busFiles(in: Self.folder.appendingPathComponent("exercises"))
        let solutions = try busFiles(in: Self.folder.appendingPathComponent("solutions"))
        XCTAssertEqual(exercises, Self.exercises.map(\.file))
        XCTAssertEqual(solutions, exercises)
        let lessonNumbers = Set(Self.lessons.map { $0.prefix(2) })
        XCTAssertEqual(Set(exercises.map { $0.prefix(2) }), lessonNumbers.subtracting(["01", "02"]), "one exercise for each of lessons 3–8")
    }

    func testEveryUntouchedExerciseFailsWithItsHint() throws {
        for (file, hint) in Self.exercises {
            let run = try runBusctl(args: [path(file, in: "exercises")])
            XCTAssertEqual(run.status, 1, "\(file) fails until it is solved")
            XCTAssertTrue(run.stderr.contains("\(path(file, in: "exercises")):"), "\(file): the error points into the exercise:\n\(run.stderr)")
            XCTAssertTrue(run.stderr.contains("error: assertion failed: \(hint)"), "\(file) fails with its hint:\n\(run.stderr)")
            XCTAssertFalse(run.stdout.contains("well done"), "\(file) does not congratulate")
        }
    }

    func testEverySolutionPasses() throws {
        for (file, _) in Self.exercises {
            let run = try runBusctl(args: [path(file, in: "solutions")])
            XCTAssertEqual(run.status, 0, "\(file) solved:\n\(run.stderr)")
            XCTAssertFalse(run.stderr.contains(": error:"), "\(file) solved reports no error:\n\(run.stderr)")
            XCTAssertTrue(run.stdout.contains("well done"), "\(file) solved ends with its congratulation:\n\(run.stdout)")
        }
    }

    /// The learner's code is marked, holds a TODO in the exercise and none
    /// in the solution; everything else is the same in both files, so that
    /// the solution proves the exercise's own asserts.
    func testExercisesAndSolutionsDifferOnlyInTheLearnersCode() throws {
        for (file, _) in Self.exercises {
            let exercise = try split(text(path(file, in: "exercises")), file: file)
            let solution = try split(text(path(file, in: "solutions")), file: file)
            XCTAssertTrue(exercise.region.contains("# TODO"), "\(file): the exercise marks what to write")
            XCTAssertFalse(solution.region.contains("TODO"), "\(file): the solution leaves no TODO")
            XCTAssertEqual(exercise.outside, solution.outside, "\(file): exercise and solution hold the same statements outside the learner's code")
            XCTAssertNotEqual(statements(of: exercise.region), statements(of: solution.region), "\(file): the solution writes the handler")
        }
    }

    /// The text inside the markers, and the non-comment lines outside them.
    private func split(_ text: String, file: String) -> (region: String, outside: [String]) {
        let lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: Self.yourCode), let end = lines.firstIndex(of: Self.endOfYourCode), start < end,
              lines.filter({ $0 == Self.yourCode || $0 == Self.endOfYourCode }).count == 2 else {
            XCTFail("\(file) has one `\(Self.yourCode)` line followed by one `\(Self.endOfYourCode)` line")
            return ("", [])
        }
        let region = lines[(start + 1)..<end].joined(separator: "\n")
        return (region, statements(of: (lines[..<start] + lines[(end + 1)...]).joined(separator: "\n")))
    }

    /// The lines that are not blank and not comments.
    private func statements(of text: String) -> [String] {
        text.components(separatedBy: "\n").filter {
            let trimmed = $0.trimmingCharacters(in: .whitespaces)
            return !trimmed.isEmpty && !trimmed.hasPrefix("#")
        }
    }
}
