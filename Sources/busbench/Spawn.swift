#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// What one child process did.
struct ChildRun {
    var status: Int32
    var seconds: Double
    var peakBytes: Int
}

struct SpawnFailure: Error, CustomStringConvertible {
    var description: String
}

/// Runs `path` with `arguments`, standard output to `outputPath`, standard
/// input from /dev/null, and times it from spawn to exit; peak RSS from wait4.
func runChild(_ path: String, _ arguments: [String], outputPath: String = "/dev/null") throws -> ChildRun {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let environment: [UnsafeMutablePointer<CChar>?] = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { environment.forEach { free($0) } }

    var pid = pid_t()
    let clockStart = ContinuousClock.now
    let spawned = posix_spawn(&pid, path, &actions, nil, argv, environment)
    guard spawned == 0 else {
        throw SpawnFailure(description: "cannot start \(path): \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
        guard errno == EINTR else {
            throw SpawnFailure(description: "wait4 failed: \(String(cString: strerror(errno)))")
        }
    }
    let elapsed = ContinuousClock.now - clockStart
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    // WIFEXITED / WEXITSTATUS by hand (macros are not imported).
    let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    #if canImport(Darwin)
    let peak = Int(usage.ru_maxrss)
    #else
    let peak = Int(usage.ru_maxrss) * 1024
    #endif
    return ChildRun(status: exitStatus, seconds: seconds, peakBytes: peak)
}

/// The peak RSS of one run of `path` with `arguments`, in bytes, measured by
/// `/usr/bin/time -f %M` (whose small process forks the child, so the figure
/// is the child's own; wait4 on a process posix_spawn started would count
/// busbench's own memory, which the child briefly shares before exec).
/// `nil` when /usr/bin/time is missing or fails.
func childPeakBytes(_ path: String, _ arguments: [String], outputPath: String = "/dev/null", scratch: URL) -> Int? {
    let time = "/usr/bin/time"
    guard FileManager.default.isExecutableFile(atPath: time) else { return nil }
    let report = scratch.appendingPathComponent("time-\(UUID().uuidString).txt").path
    defer { try? FileManager.default.removeItem(atPath: report) }
    guard let run = try? runChild(time, ["-f", "%M", "-o", report, path] + arguments, outputPath: outputPath),
          run.status == 0,
          let text = try? String(contentsOfFile: report, encoding: .utf8),
          let kilobytes = text.split(separator: "\n").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) })
    else { return nil }
    return kilobytes * 1024
}
