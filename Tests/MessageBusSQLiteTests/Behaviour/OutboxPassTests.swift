import OutboxTestSupport
import XCTest

/// `processOutbox` is one pass, oldest first, over the messages pending when
/// it starts; `processNextOutboxMessage` processes the oldest one only.
///
/// The shared behaviour (`OutboxPassBehaviour`) on the in-memory and SQLite stores.
final class OutboxPassTests: XCTestCase {
    func testOnePassProcessesOldestFirst() {
        forEachStore(OutboxPassBehaviour.onePassProcessesOldestFirst)
    }

    func testMessagesAddedDuringAPassWaitForTheNextPass() {
        forEachStore(OutboxPassBehaviour.messagesAddedDuringAPassWaitForTheNextPass)
    }

    func testMessagesThatStopBeingPendingDuringAPassAreSkipped() {
        forEachStore(OutboxPassBehaviour.messagesThatStopBeingPendingDuringAPassAreSkipped)
    }

    func testStepProcessesTheOldestPendingMessageOnly() {
        forEachStore(OutboxPassBehaviour.stepProcessesTheOldestPendingMessageOnly)
    }
}
