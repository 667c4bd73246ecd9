import OutboxTestSupport
import XCTest

/// `processOutbox` is one pass, oldest first, over the messages pending when
/// it starts; `processNextOutboxMessage` processes the oldest one only.
///
/// The shared behaviour (`OutboxPassBehaviour`) on PostgreSQL.
final class PostgresOutboxPassTests: XCTestCase {
    func testOnePassProcessesOldestFirst() throws {
        try withPostgresStore(OutboxPassBehaviour.onePassProcessesOldestFirst)
    }

    func testMessagesAddedDuringAPassWaitForTheNextPass() throws {
        try withPostgresStore(OutboxPassBehaviour.messagesAddedDuringAPassWaitForTheNextPass)
    }

    func testMessagesThatStopBeingPendingDuringAPassAreSkipped() throws {
        try withPostgresStore(OutboxPassBehaviour.messagesThatStopBeingPendingDuringAPassAreSkipped)
    }

    func testStepProcessesTheOldestPendingMessageOnly() throws {
        try withPostgresStore(OutboxPassBehaviour.stepProcessesTheOldestPendingMessageOnly)
    }
}
