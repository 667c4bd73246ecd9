import BenchmarkWorkloads
import Foundation

/// S1–S3: the built busctl binary, found next to busbench.
struct ScriptBench {
    let busctl: String
    let folder: URL

    init() throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidate = (Bundle.main.executableURL ?? executable).deletingLastPathComponent().appendingPathComponent("busctl").path
        guard FileManager.default.isExecutableFile(atPath: candidate) else {
            throw SpawnFailure(description: "no busctl binary at \(candidate): build it first (swift build -c release --product busctl)")
        }
        busctl = candidate
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("busbench-s-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Writes the script of `count` commands (before the clock).
    func writeScript(count: Int) throws -> String {
        let path = folder.appendingPathComponent("s-\(count).bus").path
        try ScriptWorkloads.script(count: count).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The peak RSS of busctl on `arguments` (a separate, untimed run).
    func peak(_ arguments: [String], outputPath: String = "/dev/null") -> Int? {
        childPeakBytes(busctl, arguments, outputPath: outputPath, scratch: folder)
    }

    /// S1's and S2's arguments for the script of `count` commands.
    func arguments(count: Int, trace: String) throws -> [String] {
        ["--trace", trace, "--no-color", try writeScript(count: count)]
    }

    var tracePath: String { folder.appendingPathComponent("s2-trace.txt").path }

    /// S1: the script with the trace off. Checks the exit status.
    func s1(count: Int) throws -> ChildRun {
        let run = try runChild(busctl, try arguments(count: count, trace: "off"))
        guard run.status == 0 else {
            throw WorkloadCheckFailure("S1", "busctl exited with status \(run.status)")
        }
        return run
    }

    /// S2: the script with the tree trace written to a file. Checks the
    /// exit status and that every cascade's summary says 3 messages, 4 handlers, 0 errors.
    func s2(count: Int) throws -> ChildRun {
        let run = try runChild(busctl, try arguments(count: count, trace: "tree"), outputPath: tracePath)
        guard run.status == 0 else {
            throw WorkloadCheckFailure("S2", "busctl exited with status \(run.status)")
        }
        let trace = try String(contentsOfFile: tracePath, encoding: .utf8)
        let good = trace.split(separator: "\n").filter { $0.contains("3 messages, 4 handlers, 0 errors") }.count
        guard good == count else {
            throw WorkloadCheckFailure("S2", "\(good) good cascade summaries in the trace for \(count) sends")
        }
        return run
    }

    /// S3: start to exit on `-e 'quit'`.
    func s3() throws -> ChildRun {
        let run = try runChild(busctl, ["-e", "quit"])
        guard run.status == 0 else {
            throw WorkloadCheckFailure("S3", "busctl exited with status \(run.status)")
        }
        return run
    }
}
