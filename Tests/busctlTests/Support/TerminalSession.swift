import Foundation
import XCTest

/// busctl running in a pseudo-terminal under tmux (a private tmux server per
/// session), driven with `send-keys` and read with `capture-pane`, as
/// LIBEDIT.md describes.
final class TerminalSession {
    /// True when tmux is installed.
    static var isAvailable: Bool {
        (try? runTool("tmux", ["-V"]).status) == 0
    }

    /// The private temporary home of this session: history lives under it.
    let home: URL
    private let socket: String
    private static let target = "busctl"

    /// Starts busctl in a 100×30 terminal.
    ///
    /// - Parameters:
    ///   - arguments: busctl's arguments.
    ///   - home: the HOME folder (a new one when nil); reuse one to see the
    ///     history of an earlier session.
    ///   - stateHome: XDG_STATE_HOME; nil leaves it unset.
    init(arguments: [String] = [], home: URL? = nil, stateHome: URL? = nil) throws {
        self.home = try home ?? Busctl.temporaryFolder()
        socket = "busctl-test-\(UUID().uuidString)"
        var variables = ["EDITRC=/dev/null", "HOME=\(self.home.path)", "TERM=xterm"]
        if let stateHome { variables.append("XDG_STATE_HOME=\(stateHome.path)") }
        let command = (["exec", "env", "-u", "NO_COLOR", "-u", "XDG_STATE_HOME", "-u", "BUSCTL_DETERMINISTIC"] + variables + [try Busctl.executable().path] + arguments)
            .map(TerminalSession.shellQuoted)
            .joined(separator: " ")
        let started = try tmux([
            "new-session", "-d", "-s", TerminalSession.target, "-x", "100", "-y", "30", command,
            ";", "set-option", "-t", TerminalSession.target, "remain-on-exit", "on",
        ])
        guard started.status == 0 else {
            throw HelperError(description: "tmux did not start: \(started.output)")
        }
    }

    deinit {
        _ = try? tmux(["kill-server"])
    }

    /// Presses keys (tmux key names: `Enter`, `Up`, `C-c`, `C-d`).
    func press(_ keys: String...) throws {
        _ = try tmux(["send-keys", "-t", TerminalSession.target] + keys)
    }

    /// Types `text` literally (no key names).
    func type(_ text: String) throws {
        _ = try tmux(["send-keys", "-t", TerminalSession.target, "-l", text])
    }

    /// Types `text` and presses Enter.
    func enter(_ text: String) throws {
        try type(text)
        try press("Enter")
    }

    /// The visible screen, trailing blank lines removed.
    func screen() throws -> String {
        var lines = try tmux(["capture-pane", "-p", "-t", TerminalSession.target]).output.components(separatedBy: "\n")
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// The screen for failure messages ("" if tmux cannot be asked).
    var shown: String {
        (try? screen()) ?? ""
    }

    /// The last non-blank line of the screen.
    func lastLine() throws -> String {
        try screen().components(separatedBy: "\n").last ?? ""
    }

    /// Waits until `condition` holds for the screen; returns false after
    /// `timeout` seconds.
    @discardableResult
    func waitUntil(timeout: TimeInterval = 10, _ condition: (String) -> Bool) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(try screen()) { return true }
            usleep(50_000)
        }
        return condition(try screen())
    }

    /// Waits until the last line of the screen is `line`.
    @discardableResult
    func waitForLastLine(_ line: String, timeout: TimeInterval = 10) throws -> Bool {
        try waitUntil(timeout: timeout) { screen in
            (screen.components(separatedBy: "\n").last ?? "") == line
        }
    }

    /// Waits for busctl to end; its exit status, or nil if it still runs.
    func waitForExit(timeout: TimeInterval = 10) throws -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            let state = try tmux(["display-message", "-p", "-t", TerminalSession.target, "#{pane_dead} #{pane_dead_status}"])
                .output.trimmingCharacters(in: .whitespacesAndNewlines)
                .split(separator: " ")
            if state.first == "1", state.count > 1, let status = Int32(state[1]) { return status }
            usleep(50_000)
        } while Date() < deadline
        return nil
    }

    private func tmux(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try TerminalSession.runTool("tmux", ["-L", socket] + arguments)
    }

    /// Runs a tool and waits for it. Its output goes through a file, not a
    /// pipe: `tmux new-session` leaves a server behind that inherits the
    /// output, so a pipe would never reach its end.
    private static func runTool(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let outputURL = FileManager.default.temporaryDirectory.appendingPathComponent("busctl-tmux-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outputURL) }
        let handle = try FileHandle(forWritingTo: outputURL)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil
        process.environment = environment
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: (try? Data(contentsOf: outputURL)) ?? Data(), as: UTF8.self)
        return (process.terminationStatus, output)
    }

    private static func shellQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
