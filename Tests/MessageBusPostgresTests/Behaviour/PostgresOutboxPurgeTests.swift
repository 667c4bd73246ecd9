import OutboxTestSupport
import XCTest

/// `purgeProcessed` deletes processed messages and nothing else.
///
/// The shared behaviour (`OutboxPurgeBehaviour`) on PostgreSQL.
final class PostgresOutboxPurgeTests: XCTestCase {
    func testPurgeDeletesProcessedMessagesOnly() throws {
        try withPostgresStore(OutboxPurgeBehaviour.purgeDeletesProcessedMessagesOnly)
    }
}
