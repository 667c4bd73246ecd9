import OutboxTestSupport
import XCTest

/// `purgeProcessed` deletes processed messages and nothing else.
///
/// The shared behaviour (`OutboxPurgeBehaviour`) on the in-memory and SQLite stores.
final class OutboxPurgeTests: XCTestCase {
    func testPurgeDeletesProcessedMessagesOnly() {
        forEachStore(OutboxPurgeBehaviour.purgeDeletesProcessedMessagesOnly)
    }
}
