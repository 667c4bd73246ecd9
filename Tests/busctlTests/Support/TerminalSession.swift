import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

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
    ///   - environment: more variables for busctl (`NO_COLOR`, …).
    ///   - currentDirectory: the working folder (default: the package root).
    init(arguments: [String] = [], home: URL? = nil, stateHome: URL? = nil, environment: [String: String] = [:],
         currentDirectory: URL? = nil) throws {
        self.home = try home ?? Busctl.temporaryFolder()
        socket = "busctl-test-\(UUID().uuidString)"
        var variables = ["EDITRC=/dev/null", "HOME=\(self.home.path)", "TERM=xterm"]
        if let stateHome { variables.append("XDG_STATE_HOME=\(stateHome.path)") }
        variables += environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let command = (["exec", "env", "-u", "NO_COLOR", "-u", "XDG_STATE_HOME", "-u", "BUSCTL_DETERMINISTIC"] + variables + [try Busctl.executable().path] + arguments)
            .map(TerminalSession.shellQuoted)
            .joined(separator: " ")
        let started = try tmux([
            "new-session", "-d", "-s", TerminalSession.target, "-x", "100", "-y", "30",
            "-c", (currentDirectory ?? Busctl.packageRoot).path, command,
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

    /// The visible screen with its colour escapes (`capture-pane -e`).
    func screenWithEscapes() throws -> String {
        try tmux(["capture-pane", "-p", "-e", "-t", TerminalSession.target]).output
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
    ///
    /// tmux 3.3 sometimes closes a pane on the end of its output and then
    /// misses the SIGCHLD of its process, which stays a zombie with no
    /// status; a SIGCHLD sent to the server makes it reap the process.
    func waitForExit(timeout: TimeInterval = 10) throws -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            let state = try tmux(["display-message", "-p", "-t", TerminalSession.target, "#{pane_dead} #{pane_dead_status} #{pid}"])
                .output.trimmingCharacters(in: .whitespacesAndNewlines)
                .split(separator: " ")
            if state.first == "1" {
                if state.count == 3, let status = Int32(state[1]) { return status }
                if let server = state.last.flatMap({ pid_t($0) }) { kill(server, SIGCHLD) }
            }
            usleep(50_000)
        } while Date() < deadline
        return nil
    }

    private func tmux(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try TerminalSession.runTool("tmux", ["-L", socket] + arguments)
    }

    /// Runs a tool and waits for it, with its output going to a file.
    ///
    /// Not with Foundation's `Process`: `tmux new-session` leaves a server
    /// behind that inherits the client's descriptors, and `Process` would
    /// wait for them to close (a pipe never reaches its end, and
    /// `waitUntilExit` never returns). `posix_spawn` and `waitpid` wait for
    /// the client alone.
    private static func runTool(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let outputURL = FileManager.default.temporaryDirectory.appendingPathComponent("busctl-tmux-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: outputURL) }
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil
        let status = try spawnAndWait(
            ["/usr/bin/env", name] + arguments,
            environment: environment.map { "\($0.key)=\($0.value)" },
            outputPath: outputURL.path
        )
        let output = String(decoding: (try? Data(contentsOf: outputURL)) ?? Data(), as: UTF8.self)
        return (status, output)
    }

    /// `posix_spawn`s `arguments` with standard input from /dev/null and
    /// standard output and error to `outputPath`; returns the exit status.
    private static func spawnAndWait(_ arguments: [String], environment: [String], outputPath: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw HelperError(description: "cannot start \(arguments.joined(separator: " ")): error \(spawned)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw HelperError(description: "waitpid failed: error \(errno)") }
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import.
        if status & 0x7F == 0 {
            return (status >> 8) & 0xFF
        }
        return 128 + (status & 0x7F)
    }

    private static func shellQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
