import OutboxTestSupport
import XCTest

/// Registering joins the caller's transaction: a transaction that throws
/// after registering leaves nothing behind.
///
/// The shared behaviour (`OutboxRollbackBehaviour`) on PostgreSQL.
final class PostgresOutboxRollbackTests: XCTestCase {
    func testARolledBackTransactionLeavesNoMessage() throws {
        try withPostgresStore(OutboxRollbackBehaviour.aRolledBackTransactionLeavesNoMessage)
    }

    func testAFailedRegistrationInsideATransactionCanBeCaught() throws {
        try withPostgresStore(OutboxRollbackBehaviour.aFailedRegistrationInsideATransactionCanBeCaught)
    }
}
