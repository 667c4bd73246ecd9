import Dispatch
import Foundation
import Logging
import MessageBus
import MessageBusPostgres
import PostgresNIO
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A relay process for the tests of `MessageBusPostgresTests`: what a
/// command-line relay (`busctl relay`) is, reduced to a fixed handler.
///
/// ```
/// PostgresRelayFixture --url URL --name NAME [--batch-size N] [--lease-ms N] [--poll-ms N] [--stall-after N]
/// ```
///
/// The handler decodes each record as `ShipOrder` and inserts a row
/// (message_id, relay) into the table `deliveries`. With `--stall-after N`,
/// the handler of the message after the N-th inserts a row into `stalls` and
/// then hangs, so that a test can kill the process mid-batch. SIGTERM or
/// SIGINT stops the relay cleanly (the message in hand is finished); the
/// process then exits 0. Errors go to standard error, exit status 1.
@main
struct RelayFixture {
    struct ShipOrder: Command {
        var orderID: Int
    }

    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    static func main() async {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .notice
            return handler
        }
        do {
            try await run(arguments: Array(CommandLine.arguments.dropFirst()))
        } catch {
            FileHandle.standardError.write(Data("PostgresRelayFixture: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run(arguments: [String]) async throws {
        var options: [String: String] = [:]
        var remaining = arguments[...]
        while let flag = remaining.popFirst() {
            guard flag.hasPrefix("--"), let value = remaining.popFirst() else {
                throw UsageError(description: "usage: PostgresRelayFixture --url URL --name NAME [--batch-size N] [--lease-ms N] [--poll-ms N] [--stall-after N]")
            }
            options[String(flag.dropFirst(2))] = value
        }
        guard let urlText = options["url"], let name = options["name"] else {
            throw UsageError(description: "--url and --name are required")
        }
        func number(_ key: String, _ fallback: Int) throws -> Int {
            guard let text = options[key] else { return fallback }
            guard let value = Int(text) else { throw UsageError(description: "--\(key) \(text) is not a number") }
            return value
        }
        let url = try PostgresURL(urlText)
        let configuration = PostgresOutboxRelay.Configuration(
            batchSize: try number("batch-size", 100),
            leaseDuration: .milliseconds(try number("lease-ms", 60_000)),
            pollInterval: .milliseconds(try number("poll-ms", 1_000)),
            migratesSchemaOnStart: true
        )
        let stallAfter = try number("stall-after", -1)

        let client = PostgresClient(configuration: url.clientConfiguration())
        let handled = Counter()
        let relay = PostgresOutboxRelay(client: client, name: name, configuration: configuration) { record in
            _ = try record.decodePayload(as: ShipOrder.self) // a payload that is not a ShipOrder fails the attempt
            if stallAfter >= 0, handled.increment() > stallAfter {
                _ = try await client.query("INSERT INTO stalls (message_id, relay) VALUES (\(record.id), \(name))").collect()
                try await Task.sleep(for: .seconds(3_600))
            }
            _ = try await client.query("INSERT INTO deliveries (message_id, relay) VALUES (\(record.id), \(name))").collect()
        }

        // A command-line relay's stop: a signal asks the relay to stop after the message in hand.
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { relay.stop() }
            source.resume()
            sources.append(source)
        }

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            do {
                try await relay.run()
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
        sources.forEach { $0.cancel() }
    }
}

/// A counter shared by the handler's runs.
final class Counter: Sendable {
    private let value = Mutex(0)

    /// Adds one and returns the new value.
    func increment() -> Int {
        value.withLock { value in
            value += 1
            return value
        }
    }
}
