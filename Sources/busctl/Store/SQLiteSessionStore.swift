import BusScript
import Foundation
import GRDB
import MessageBus
import MessageBusSQLite

/// busctl's store: the context and the outbox in one SQLite database, in
/// memory by default or in a file with `--db PATH`.
///
/// A commit writes context changes and outbox records in one GRDB `write {}`
/// transaction; outbox processing goes through ``SQLiteOutboxRepository``,
/// which commits each claim and outcome as it happens.
final class SQLiteSessionStore: SessionStore {
    /// Marks a file as a busctl database (`PRAGMA application_id`, "BUSC").
    static let applicationID: Int32 = 0x4255_5343

    let isPersistent: Bool
    private let database: DatabaseQueue
    private let repository: SQLiteOutboxRepository

    var outbox: any OutboxRepository { repository }

    /// An empty store in memory.
    init() throws {
        database = try DatabaseQueue()
        isPersistent = false
        repository = SQLiteOutboxRepository(database)
        try Self.migrate(database)
    }

    /// Opens (or creates) a busctl database file.
    ///
    /// - Throws: ``StoreError/notABusctlDatabase`` when the file exists but
    ///   is not a busctl database (a foreign SQLite file, or not SQLite at
    ///   all); the file is not modified. Other errors when it cannot be
    ///   created or opened.
    init(path: String) throws {
        guard !path.isEmpty, path != ":memory:" else {
            throw StoreError.cannotOpen(path: path.isEmpty ? "''" : path, reason: "give a file name; without --db the data lives in memory")
        }
        try Self.checkExistingFile(at: path)
        var configuration = Configuration()
        // Another busctl on the same file (a relay, a check) waits its turn.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // WAL: a killed process loses nothing it committed, and commits are cheap.
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
            let id = try database.read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") } ?? 0
            if id != Self.applicationID {
                try database.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA application_id = \(Self.applicationID)")
                }
            }
            try Self.migrate(database)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? error.description)
        }
        isPersistent = true
        repository = SQLiteOutboxRepository(database)
    }

    /// A file that exists and is not empty must already be a busctl
    /// database; it is read without being changed.
    private static func checkExistingFile(at path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        if isDirectory.boolValue { throw StoreError.notABusctlDatabase(path: path, reason: "it is a folder") }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size == 0 { return }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let reader = try DatabaseQueue(path: path, configuration: configuration)
            let id = try reader.read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") } ?? 0
            try reader.close()
            if id != applicationID {
                throw StoreError.notABusctlDatabase(path: path, reason: "it is an SQLite database of another program")
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw StoreError.notABusctlDatabase(path: path, reason: error.message ?? "it is not an SQLite database")
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? error.description)
        }
    }

    private static func migrate(_ database: DatabaseQueue) throws {
        var migrator = DatabaseMigrator()
        OutboxSchema.registerMigrations(in: &migrator)
        SQLiteKeyValueStore.registerMigrations(in: &migrator)
        try migrator.migrate(database)
    }

    func loadContext() throws -> [(key: String, text: String)] {
        try database.read { db in
            try SQLiteKeyValueStore.all(db).map { (key: $0.key, text: $0.value) }
        }
    }

    func commit(_ changes: [(key: String, text: String?)], adding records: [OutboxRecord]) throws {
        try database.write { db in
            for (key, text) in changes {
                if let text {
                    try SQLiteKeyValueStore.set(db, key: key, value: text)
                } else {
                    try SQLiteKeyValueStore.remove(db, key: key)
                }
            }
            let outbox = SQLiteOutbox(db)
            for record in records { try outbox.add(record) }
        }
    }

    func removeAllData() throws {
        try database.write { db in
            try SQLiteKeyValueStore.removeAll(db)
            try db.execute(sql: "DELETE FROM \(OutboxSchema.tableName)")
        }
    }
}

/// Why a `--db` file was refused.
enum StoreError: Error, CustomStringConvertible {
    case notABusctlDatabase(path: String, reason: String)
    case cannotOpen(path: String, reason: String)

    var description: String {
        switch self {
        case .notABusctlDatabase(let path, let reason):
            "\(path) is not a busctl database (\(reason)); it was left untouched. Give --db a new file name or a file busctl created"
        case .cannotOpen(let path, let reason):
            "cannot open the database \(path): \(reason)"
        }
    }
}
