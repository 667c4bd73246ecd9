import Foundation
import GRDB
import MessageBus
import MessageBusSQLite

/// W4a–W4c (the SQLite outbox in a file, WAL, synchronous=NORMAL) and L1
/// (raw batched GRDB inserts of the same rows).
public enum OutboxWorkloads {
    /// A fresh database file in a new temporary folder, with the outbox table.
    public final class Store {
        public let folder: URL
        public let queue: DatabaseQueue

        public init() throws {
            folder = FileManager.default.temporaryDirectory
                .appendingPathComponent("busbench-\(UUID().uuidString)", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.prepareDatabase { db in
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            queue = try DatabaseQueue(path: folder.appendingPathComponent("outbox.sqlite").path, configuration: configuration)
            try migrateOutbox(queue)
        }

        /// The rows of the outbox table with `status`.
        public func count(status: String) throws -> Int {
            try queue.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE status = ?", arguments: [status]) ?? 0
            }
        }

        deinit {
            try? FileManager.default.removeItem(at: folder)
        }
    }

    /// Registers `commands` through `registerOutboxMessage`, committing every `batch`.
    static func register(_ commands: [PlaceOrder], in store: Store, batch: Int) throws {
        var start = 0
        while start < commands.count {
            let end = min(start + batch, commands.count)
            try store.queue.write { db in
                let outbox = SQLiteOutbox(db)
                for index in start..<end {
                    try registerOutboxMessage(outbox, message: commands[index])
                }
            }
            start = end
        }
    }

    static func registration(_ workload: String, count: Int, batch: Int) throws -> WorkloadTiming {
        let commands = WorkloadInputs.commands(count)
        let store = try Store()
        let clock = Stopwatch()
        try register(commands, in: store, batch: batch)
        let seconds = clock.seconds
        try expect(try store.count(status: "pending") == count, workload, "pending rows differ from \(count)")
        let first = try store.queue.read { db in try SQLiteOutbox(db).oldestPendingRecord() }
        if count > 0 {
            try expect(try first?.decodePayload(as: PlaceOrder.self) == commands[0], workload, "first payload \(String(describing: first?.payloadText))")
        }
        return WorkloadTiming(seconds: seconds)
    }

    /// W4a: register each command, commit every 100.
    public static func w4a(count: Int) throws -> WorkloadTiming {
        try registration("W4a", count: count, batch: 100)
    }

    /// W4b: register each command, commit after every registration.
    public static func w4b(count: Int) throws -> WorkloadTiming {
        try registration("W4b", count: count, batch: 1)
    }

    /// A sync bus with the W1 handlers and an outbox handler that decodes
    /// each record and dispatches it; the context counts handler runs.
    static func makeRelayBus() -> MessageBus<Int> {
        let bus = MessageBus(context: 0)
        bus.setCommandHandler(for: PlaceOrder.self, name: "place_order") { command, handling in
            handling.emit(OrderPlaced(orderID: command.orderID, sku: command.sku, qty: command.qty))
            return nil
        }
        bus.addEventHandler(for: OrderPlaced.self, name: "reserve_stock") { event, handling in
            handling.emit(StockReserved(orderID: event.orderID))
            return nil
        }
        bus.addEventHandler(for: OrderPlaced.self, name: "audit") { _, _ in nil }
        bus.addEventHandler(for: StockReserved.self, name: "stock_reserved") { _, _ in nil }
        bus.addOutboxHandler(RegisteredOutboxHandler(name: "relay") { record, handling in
            let command = try record.decodePayload(as: PlaceOrder.self)
            let results = try handling.dispatch(command)
            handling.context += results.count
        })
        return bus
    }

    /// W4c: process `count` pending messages: each marked processed, its
    /// payload decoded and its cascade handled on the sync bus.
    public static func w4c(count: Int) throws -> WorkloadTiming {
        let store = try Store()
        try register(WorkloadInputs.commands(count), in: store, batch: 100)
        let bus = makeRelayBus()
        let repository = SQLiteOutboxRepository(store.queue)
        let clock = Stopwatch()
        let report = try bus.processOutbox(repository)
        let seconds = clock.seconds
        try expect(report.attempted == count, "W4c", "\(report.attempted) attempted of \(count)")
        try expect(bus.context == 4 * count, "W4c", "\(bus.context) handler runs for \(count) messages")
        try expect(try store.count(status: "processed") == count, "W4c", "processed rows differ from \(count)")
        return WorkloadTiming(seconds: seconds)
    }

    /// W4c on the in-memory repository: the same decoding and handling
    /// without SQLite, to split W4c into store and non-store time.
    public static func w4cMemory(count: Int) throws -> WorkloadTiming {
        let records = try WorkloadInputs.commands(count).map { try OutboxRecord(message: $0) }
        let repository = InMemoryOutboxRepository(records: records)
        let bus = makeRelayBus()
        let clock = Stopwatch()
        let report = try bus.processOutbox(repository)
        let seconds = clock.seconds
        try expect(report.attempted == count, "W4c-mem", "\(report.attempted) attempted of \(count)")
        try expect(bus.context == 4 * count, "W4c-mem", "\(bus.context) handler runs for \(count) messages")
        try expect(repository.count(status: .processed) == count, "W4c-mem", "processed records differ from \(count)")
        return WorkloadTiming(seconds: seconds)
    }

    /// L1: the rows W4a writes, built before the clock, inserted with one
    /// cached statement, committing every 100.
    public static func l1(count: Int) throws -> WorkloadTiming {
        let rows: [[String]] = try WorkloadInputs.commands(count).map { command in
            let record = try OutboxRecord(message: command)
            return [
                record.id.uuidString.lowercased(),
                record.type.rawValue,
                record.name,
                record.payloadText,
                record.metaText,
                OutboxCoding.microsecondString(from: record.createdAt) ?? "2026-01-01T00:00:00.000000Z",
            ]
        }
        let store = try Store()
        let clock = Stopwatch()
        var start = 0
        while start < rows.count {
            let end = min(start + 100, rows.count)
            try store.queue.write { db in
                let statement = try db.cachedStatement(sql: """
                    INSERT INTO outbox (id, type, name, payload, meta, created_at, attempts, last_error, status, processed_at) \
                    VALUES (?, ?, ?, ?, ?, ?, 0, NULL, 'pending', NULL)
                    """)
                for index in start..<end {
                    let row = rows[index]
                    try statement.execute(arguments: [row[0], row[1], row[2], row[3], row[4], row[5]])
                }
            }
            start = end
        }
        let seconds = clock.seconds
        try expect(try store.count(status: "pending") == count, "L1", "pending rows differ from \(count)")
        return WorkloadTiming(seconds: seconds)
    }
}
