import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One running `PostgresRelayFixture` process: a relay in a process of its own.
final class RelayProcess {
    let name: String
    private let process = Process()
    private let folder: URL

    /// Starts a relay process.
    ///
    /// - Parameters:
    ///   - url: The database URL, with the test's `search_path`.
    ///   - name: The relay's name.
    ///   - arguments: More arguments (`--batch-size`, `--lease-ms`, `--stall-after`…).
    init(url: String, name: String, arguments: [String] = []) throws {
        self.name = name
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("relay-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let output = folder.appendingPathComponent("output")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.executableURL = try Self.executable()
        process.arguments = ["--url", url, "--name", name] + arguments
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// What the process wrote to standard output and standard error.
    var output: String {
        (try? String(contentsOf: folder.appendingPathComponent("output"), encoding: .utf8)) ?? ""
    }

    /// Sends `signal` to the process.
    func send(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the process to exit, at most `timeout`.
    ///
    /// - Returns: Its exit status (or the signal that ended it).
    /// - Throws: `WaitTimeout` when it is still running (it is then killed).
    @discardableResult
    func waitForExit(within timeout: Duration = .seconds(30)) async throws -> Int32 {
        do {
            try await waitUntil("relay process \(name) to exit", timeout: timeout) { !self.process.isRunning }
        } catch {
            send(SIGKILL)
            throw error
        }
        return process.terminationStatus
    }

    /// Whether the process was ended by a signal.
    var wasKilledBySignal: Bool {
        process.terminationReason == .uncaughtSignal
    }

    /// The fixture built with these tests: next to the test bundle in the
    /// products folder (whatever the scratch path).
    static func executable() throws -> URL {
        let files = FileManager.default
        var candidates: [URL] = []
        for path in [Bundle.main.executablePath, CommandLine.arguments.first].compactMap({ $0 }) {
            var folder = URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent()
            // On macOS the test binary sits inside `X.xctest/Contents/MacOS`.
            while folder.pathExtension == "xctest" || folder.lastPathComponent == "MacOS" || folder.lastPathComponent == "Contents" {
                folder.deleteLastPathComponent()
            }
            candidates.append(folder.appendingPathComponent("PostgresRelayFixture"))
        }
        for bundle in Bundle.allBundles {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("PostgresRelayFixture"))
        }
        guard let found = candidates.first(where: { files.isExecutableFile(atPath: $0.path) }) else {
            throw WaitTimeout(description: "cannot find PostgresRelayFixture next to the tests (looked at \(candidates.map(\.path)))")
        }
        return found
    }
}

extension PostgresTestDatabase {
    /// The server's URL text with the test's schema first in the search path
    /// (`options=-c search_path=…`), for relay processes.
    func urlText() throws -> String {
        let text = ProcessInfo.processInfo.environment[Self.environmentVariable] ?? ""
        guard var components = URLComponents(string: text) else {
            throw TestDatabaseError(description: "\(Self.environmentVariable) is not a URL")
        }
        var items = components.queryItems ?? []
        items.append(URLQueryItem(name: "options", value: "-c search_path=\(schema)"))
        components.queryItems = items
        guard let url = components.string else {
            throw TestDatabaseError(description: "cannot add the search path to \(Self.environmentVariable)")
        }
        return url
    }

    /// Inserts `count` pending `ShipOrder` messages with one statement (the
    /// JSON that the outbox writes: `{"orderID":N}`), for the tests that
    /// need many: registering them one by one takes longer than processing them.
    func insertOrders(_ count: Int) async throws {
        try await rows("""
            INSERT INTO outbox (id, type, name, payload, meta, created_at)
            SELECT gen_random_uuid(), 'COMMAND', 'ShipOrder', format('{"orderID":%s}', i)::json, '{}',
                   now() + i * interval '1 microsecond'
            FROM generate_series(1, \(count)) AS i
            """)
    }
}
