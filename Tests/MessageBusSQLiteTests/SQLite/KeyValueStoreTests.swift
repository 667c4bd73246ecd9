import Foundation
import GRDB
import MessageBusSQLite
import OutboxTestSupport
import XCTest

/// The `context` table: opaque text values, keys in the order they were first set.
final class KeyValueStoreTests: XCTestCase {
    private func makeStore() throws -> (DatabaseQueue, SQLiteKeyValueStore) {
        let dbQueue = try DatabaseQueue()
        try SQLiteKeyValueStore.migrate(dbQueue)
        return (dbQueue, SQLiteKeyValueStore(dbQueue))
    }

    private func pairs(_ store: SQLiteKeyValueStore) throws -> [String] {
        try store.all().map { "\($0.key)=\($0.value)" }
    }

    func testKeysKeepTheirFirstPosition() throws {
        let (_, store) = try makeStore()
        try store.set(key: "stock", value: #"{"LAMP":3}"#)
        try store.set(key: "orders", value: "[]")
        try store.set(key: "mails", value: "0")
        try store.set(key: "stock", value: #"{"LAMP":2}"#)
        XCTAssertEqual(try pairs(store), [#"stock={"LAMP":2}"#, "orders=[]", "mails=0"])

        XCTAssertTrue(try store.remove(key: "stock"))
        XCTAssertFalse(try store.remove(key: "stock"))
        try store.set(key: "stock", value: "{}")
        XCTAssertEqual(try pairs(store), ["orders=[]", "mails=0", "stock={}"])
        XCTAssertEqual(try store.value(key: "mails"), "0")
        XCTAssertNil(try store.value(key: "missing"))

        try store.removeAll()
        XCTAssertEqual(try pairs(store), [])
        try store.set(key: "again", value: "1")
        XCTAssertEqual(try pairs(store), ["again=1"])
    }

    func testStaticMethodsJoinTheCallersTransaction() throws {
        let (dbQueue, store) = try makeStore()
        try store.set(key: "kept", value: "1")
        XCTAssertThrowsError(try dbQueue.write { db in
            try SQLiteKeyValueStore.set(db, key: "kept", value: "2")
            try SQLiteKeyValueStore.set(db, key: "new", value: "3")
            try SQLiteKeyValueStore.remove(db, key: "kept")
            XCTAssertEqual(try SQLiteKeyValueStore.all(db).map(\.key), ["new"])
            throw Boom(text: "rollback")
        })
        XCTAssertEqual(try pairs(store), ["kept=1"])

        try dbQueue.write { db in
            try SQLiteKeyValueStore.removeAll(db)
            try SQLiteKeyValueStore.set(db, key: "text", value: "línea\n\"dos\"")
        }
        XCTAssertEqual(try dbQueue.read { db in try SQLiteKeyValueStore.value(db, key: "text") }, "línea\n\"dos\"")
    }

    func testMigratingTwiceIsHarmless() throws {
        let (dbQueue, store) = try makeStore()
        try store.set(key: "a", value: "1")
        try SQLiteKeyValueStore.migrate(dbQueue)
        XCTAssertEqual(try pairs(store), ["a=1"])
        XCTAssertEqual(try dbQueue.read { db in try db.columns(in: "context").map(\.name) }, ["key", "value", "position"])
    }
}
