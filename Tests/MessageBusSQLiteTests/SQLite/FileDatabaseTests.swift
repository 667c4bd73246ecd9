import Foundation
import GRDB
import MessageBus
import MessageBusSQLite
import OutboxTestSupport
import XCTest

/// An outbox in a database file keeps what was committed across closing and
/// reopening the file, including through a crash in the middle of a pass.
final class FileDatabaseTests: XCTestCase {
    func testProcessingSurvivesReopeningTheFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("shop.sqlite").path
        var ids: [UUID] = []

        do {
            let dbQueue = try DatabaseQueue(path: path)
            try migrateOutbox(dbQueue)
            try dbQueue.write { db in
                for orderID in 1...3 {
                    ids.append(try registerOutboxMessage(SQLiteOutbox(db), message: ShipOrder(orderID: orderID), createdAt: Clock.at(Double(orderID))).id)
                }
            }
            let bus = makeBus()
            bus.addOutboxHandler(RegisteredOutboxHandler(name: "relay") { record, _ in
                if record.orderID == 2 {
                    throw Boom(text: "broker unavailable")
                }
                if record.orderID == 3 {
                    throw Crash()
                }
            })
            XCTAssertThrowsError(try bus.processOutbox(SQLiteOutboxRepository(dbQueue), now: { Clock.at(10) })) { error in
                XCTAssertEqual(error as? Crash, Crash())
            }
        }

        let dbPool = try DatabasePool(path: path)
        try migrateOutbox(dbPool)
        let outbox = SQLiteOutboxRepository(dbPool)
        let records = try outbox.records()
        XCTAssertEqual(records.map(\.id), ids)
        XCTAssertEqual(records.map(\.status), [.processed, .pending, .pending])
        XCTAssertEqual(records.map(\.attempts), [1, 1, 1])
        XCTAssertEqual(records.map(\.lastError), [nil, "broker unavailable", nil])
        XCTAssertEqual(records.map(\.processedAt), [Clock.at(10), nil, nil])

        let bus = makeBus()
        bus.addOutboxHandler(RegisteredOutboxHandler(name: "relay") { record, handling in
            handling.context.append("ship \(record.orderID) attempt \(record.attempts)")
        })
        XCTAssertEqual(try bus.processOutbox(outbox).processed, [ids[1], ids[2]])
        XCTAssertEqual(bus.context, ["ship 2 attempt 2", "ship 3 attempt 2"])
        XCTAssertEqual(try outbox.count(status: .processed), 3)
    }

    func testAnUncommittedRegistrationIsNotInTheFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("shop.sqlite").path
        do {
            let dbQueue = try DatabaseQueue(path: path)
            try migrateOutbox(dbQueue)
            try registerOutboxMessage(SQLiteOutboxRepository(dbQueue), message: ShipOrder(orderID: 1))
            XCTAssertThrowsError(try dbQueue.write { db in
                try registerOutboxMessage(SQLiteOutbox(db), message: ShipOrder(orderID: 2))
                throw Crash()
            })
        }
        let dbQueue = try DatabaseQueue(path: path)
        XCTAssertEqual(try SQLiteOutboxRepository(dbQueue).records().map(\.orderID), [1])
    }
}
