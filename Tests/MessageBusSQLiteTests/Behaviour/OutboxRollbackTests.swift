import OutboxTestSupport
import XCTest

/// Registering joins the caller's transaction: a transaction that throws
/// after registering leaves nothing behind.
///
/// The shared behaviour (`OutboxRollbackBehaviour`) on the in-memory and SQLite stores.
final class OutboxRollbackTests: XCTestCase {
    func testARolledBackTransactionLeavesNoMessage() {
        forEachStore(OutboxRollbackBehaviour.aRolledBackTransactionLeavesNoMessage)
    }

    func testAFailedRegistrationInsideATransactionCanBeCaught() {
        forEachStore(OutboxRollbackBehaviour.aFailedRegistrationInsideATransactionCanBeCaught)
    }
}
