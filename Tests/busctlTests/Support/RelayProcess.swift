import Foundation
import XCTest

/// A `busctl relay` process that a test starts, watches and stops: its
/// standard output and error go to files that the test reads while it runs.
final class RelayProcess {
    private let process = Process()
    private let folder: URL
    private let outURL: URL
    private let errURL: URL

    /// Starts `busctl ARGUMENTS`.
    init(arguments: [String]) throws {
        folder = try Busctl.temporaryFolder()
        outURL = folder.appendingPathComponent("stdout")
        errURL = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.executableURL = try Busctl.executable()
        process.arguments = arguments
        process.environment = Busctl.baseEnvironment(home: folder)
        process.currentDirectoryURL = Busctl.packageRoot
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Standard output so far.
    var stdout: String { String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self) }
    /// Standard error so far.
    var stderr: String { String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self) }
    /// Complete lines of standard output so far.
    var stdoutLines: [String] {
        var lines = stdout.components(separatedBy: "\n")
        lines.removeLast() // the unfinished one, or the empty one after the last newline
        return lines
    }

    /// Waits until `count` lines of standard output contain `text`.
    ///
    /// - Throws: when the relay exits or the time runs out first.
    func waitForLines(containing text: String, count: Int, timeout: TimeInterval = 30) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while stdoutLines.count(where: { $0.contains(text) }) < count {
            guard process.isRunning else {
                throw HelperError(description: "the relay exited with status \(process.terminationStatus) before \(count) lines with \(text):\n\(stdout)\n\(stderr)")
            }
            guard Date() < deadline else {
                throw HelperError(description: "no \(count) lines with \(text) within \(timeout) s:\n\(stdout)\n\(stderr)")
            }
            usleep(20_000)
        }
    }

    /// Sends SIGTERM and waits for the exit status.
    ///
    /// - Throws: when the relay does not stop within `timeout` (it is then killed).
    func terminate(timeout: TimeInterval = 20) throws -> Int32 {
        process.terminate()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            guard Date() < deadline else {
                kill()
                throw HelperError(description: "the relay did not stop within \(timeout) s of SIGTERM:\n\(stdout)\n\(stderr)")
            }
            usleep(20_000)
        }
        return process.terminationStatus
    }

    /// Sends `number` (SIGINT, SIGTERM) without waiting.
    func send(_ number: Int32) {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, number)
    }

    /// Waits for the exit status.
    ///
    /// - Throws: when the relay does not exit within `timeout` (it is then killed).
    func waitForExit(timeout: TimeInterval) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            guard Date() < deadline else {
                kill()
                throw HelperError(description: "the relay did not exit within \(timeout) s:\n\(stdout)\n\(stderr)")
            }
            usleep(20_000)
        }
        return process.terminationStatus
    }

    /// SIGKILL, if it still runs.
    func kill() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
