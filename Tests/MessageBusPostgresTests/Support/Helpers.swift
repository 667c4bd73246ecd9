import Foundation
import Logging
import MessageBus
import MessageBusPostgres
import OutboxTestSupport
import PostgresNIO
import Synchronization
import XCTest

/// Lines of text appended from any task.
final class Lines: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    var all: [String] {
        lines.withLock { $0 }
    }
}

/// A flag set from any task.
final class Flag: Sendable {
    private let value = Mutex(false)

    func set() {
        value.withLock { $0 = true }
    }

    func reset() {
        value.withLock { $0 = false }
    }

    var isSet: Bool {
        value.withLock { $0 }
    }
}

/// Tracks which messages are being handled right now, to catch a message
/// handled by two relays at the same time.
final class InFlight: Sendable {
    private struct State {
        var current: Set<UUID> = []
        var overlaps: [UUID] = []
        var handled = 0
    }

    private let state = Mutex(State())

    func begin(_ id: UUID) {
        state.withLock { state in
            if !state.current.insert(id).inserted {
                state.overlaps.append(id)
            }
        }
    }

    func end(_ id: UUID) {
        state.withLock { state in
            state.current.remove(id)
            state.handled += 1
        }
    }

    var overlaps: [UUID] { state.withLock { $0.overlaps } }
    var handled: Int { state.withLock { $0.handled } }
}

/// The value of `task`, or `WaitTimeout` (and the task cancelled) after `timeout`.
func value<T: Sendable>(of task: Task<T, any Error>, within timeout: Duration, _ what: String) async throws -> T {
    let finished = Flag()
    let watchdog = Task {
        try? await Task.sleep(for: timeout)
        if !finished.isSet {
            task.cancel()
        }
    }
    defer {
        finished.set()
        watchdog.cancel()
    }
    let clock = ContinuousClock()
    let start = clock.now
    let result = await task.result
    if clock.now - start >= timeout {
        throw WaitTimeout(description: "waited \(timeout) for \(what)")
    }
    return try result.get()
}

/// A logger that prints warnings and errors to standard error, for tests
/// where none is expected.
func loudLogger(_ label: String) -> Logger {
    var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
    logger.logLevel = .warning
    return logger
}

extension PostgresTestDatabase {
    /// Registers `count` `ShipOrder` messages (order ids `first`…) in one
    /// transaction, created one microsecond apart, and returns their ids in order.
    @discardableResult
    func registerOrders(_ count: Int, first: Int = 1) async throws -> [UUID] {
        let connection = try await connect()
        do {
            var ids: [UUID] = []
            ids.reserveCapacity(count)
            try await connection.query("BEGIN", logger: .quiet)
            let start = Date()
            for offset in 0..<count {
                let record = try await registerOutboxMessage(
                    connection,
                    message: ShipOrder(orderID: first + offset),
                    createdAt: start.addingTimeInterval(Double(offset) / 1_000_000)
                )
                ids.append(record.id)
            }
            try await connection.query("COMMIT", logger: .quiet)
            try await connection.close()
            return ids
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// How many outbox records have `status`.
    func count(_ status: OutboxStatus) async throws -> Int {
        try await rows("SELECT count(*) FROM outbox WHERE status = \(status.rawValue)").first?.decode(Int.self) ?? 0
    }

    /// Creates the table the handlers of the concurrency tests write to.
    func createDeliveries() async throws {
        try await rows("""
            CREATE TABLE deliveries (
                message_id uuid NOT NULL,
                relay text NOT NULL,
                delivered_at timestamptz NOT NULL DEFAULT clock_timestamp()
            )
            """)
    }
}

/// Records that `relay` handled `record`, in the `deliveries` table.
func recordDelivery(of record: OutboxRecord, by relay: String, on client: PostgresClient) async throws {
    _ = try await client.query("INSERT INTO deliveries (message_id, relay) VALUES (\(record.id), \(relay))", logger: .quiet).collect()
}
