import Foundation
import XCTest

/// What one run of the real `busctl` binary gave.
struct BusctlRun {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Standard output split into lines (without the last empty one).
    var stdoutLines: [String] { lines(of: stdout) }
    /// Standard error split into lines.
    var stderrLines: [String] { lines(of: stderr) }

    private func lines(of text: String) -> [String] {
        var parts = text.components(separatedBy: "\n")
        if parts.last == "" { parts.removeLast() }
        return parts
    }
}

/// Errors of the test helpers themselves.
struct HelperError: Error, CustomStringConvertible {
    var description: String
}

/// Where the package and the built `busctl` are.
enum Busctl {
    /// The package's root folder.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // busctlTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// The `scripts/` folder.
    static let scriptsFolder = packageRoot.appendingPathComponent("scripts")

    /// The `busctl` executable built with these tests: next to the test
    /// bundle in the products folder (whatever the scratch path), or, as a
    /// fallback, the newest `.build*/debug/busctl` of the package.
    static func executable() throws -> URL {
        let files = FileManager.default
        if let override = ProcessInfo.processInfo.environment["BUSCTL_EXECUTABLE"], files.isExecutableFile(atPath: override) {
            return URL(fileURLWithPath: override)
        }
        var candidates: [URL] = []
        for path in [Bundle.main.executablePath, CommandLine.arguments.first].compactMap({ $0 }) {
            var folder = URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent()
            // On macOS the test binary sits inside `X.xctest/Contents/MacOS`.
            while folder.pathExtension == "xctest" || folder.lastPathComponent == "MacOS" || folder.lastPathComponent == "Contents" {
                folder.deleteLastPathComponent()
            }
            candidates.append(folder.appendingPathComponent("busctl"))
        }
        for bundle in Bundle.allBundles {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("busctl"))
        }
        if let found = candidates.first(where: { files.isExecutableFile(atPath: $0.path) }) {
            return found
        }
        let builds = (try? files.contentsOfDirectory(at: packageRoot, includingPropertiesForKeys: nil)) ?? []
        let built = builds
            .filter { $0.lastPathComponent.hasPrefix(".build") }
            .map { $0.appendingPathComponent("debug/busctl") }
            .filter { files.isExecutableFile(atPath: $0.path) }
            .sorted { modified($0) > modified($1) }
        if let newest = built.first {
            return newest
        }
        throw HelperError(description: "cannot find the busctl executable next to the tests or under \(packageRoot.path)/.build*/debug")
    }

    private static func modified(_ url: URL) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date) ?? .distantPast
    }

    /// A new empty temporary folder.
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("busctl-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The environment every run starts from: the test's own, without the
    /// variables that change busctl's output, with a private home folder.
    static func baseEnvironment(home: URL) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["NO_COLOR", "BUSCTL_DETERMINISTIC", "XDG_STATE_HOME", "EDITRC", "TMUX", "TMUX_PANE"] {
            environment[name] = nil
        }
        environment["HOME"] = home.path
        environment["EDITRC"] = "/dev/null"
        return environment
    }
}

/// Runs the real busctl binary and waits for it.
///
/// - Parameters:
///   - args: the command-line arguments.
///   - stdin: the text on standard input; nil gives `/dev/null` (never a
///     terminal, so busctl never opens the REPL here).
///   - env: variables set on top of the test's environment (from which
///     NO_COLOR, BUSCTL_DETERMINISTIC and XDG_STATE_HOME are removed);
///     HOME is a fresh temporary folder unless given.
///   - currentDirectory: the working directory (default: the package root).
///   - interruptAfter: send SIGINT (Ctrl-C) after this many seconds.
///   - timeout: kill busctl after this many seconds and fail.
/// - Returns: exit status, standard output, standard error.
@discardableResult
func runBusctl(
    args: [String],
    stdin: String? = nil,
    env: [String: String] = [:],
    currentDirectory: URL? = nil,
    interruptAfter: TimeInterval? = nil,
    timeout: TimeInterval = 60,
    file: StaticString = #filePath,
    line: UInt = #line
) throws -> BusctlRun {
    let folder = try Busctl.temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let process = Process()
    process.executableURL = try Busctl.executable()
    process.arguments = args
    var environment = Busctl.baseEnvironment(home: folder)
    for (name, value) in env { environment[name] = value }
    process.environment = environment
    process.currentDirectoryURL = currentDirectory ?? Busctl.packageRoot

    let outURL = folder.appendingPathComponent("stdout")
    let errURL = folder.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let outHandle = try FileHandle(forWritingTo: outURL)
    let errHandle = try FileHandle(forWritingTo: errURL)
    defer {
        try? outHandle.close()
        try? errHandle.close()
    }
    process.standardOutput = outHandle
    process.standardError = errHandle
    if let stdin {
        let inURL = folder.appendingPathComponent("stdin")
        try Data(stdin.utf8).write(to: inURL)
        process.standardInput = try FileHandle(forReadingFrom: inURL)
    } else {
        process.standardInput = FileHandle.nullDevice
    }

    try process.run()
    let start = Date()
    var interrupted = false
    while process.isRunning {
        let elapsed = Date().timeIntervalSince(start)
        if let interruptAfter, !interrupted, elapsed >= interruptAfter {
            process.interrupt()
            interrupted = true
        }
        if elapsed > timeout {
            process.terminate()
            process.waitUntilExit()
            XCTFail("busctl \(args) did not finish within \(timeout) s", file: file, line: line)
            break
        }
        usleep(10_000)
    }
    process.waitUntilExit()
    let stdout = String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
    let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
    return BusctlRun(status: process.terminationStatus, stdout: stdout, stderr: stderr)
}

/// Writes `text` to a new file named `name` in a fresh temporary folder and
/// returns its path.
func writeScript(_ text: String, named name: String = "script.bus") throws -> URL {
    let url = try Busctl.temporaryFolder().appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url
}
