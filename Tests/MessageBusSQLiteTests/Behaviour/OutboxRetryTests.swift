import OutboxTestSupport
import XCTest

/// A failed attempt is recorded and the message stays pending; the next
/// attempt may succeed.
///
/// The shared behaviour (`OutboxRetryBehaviour`) on the in-memory and SQLite stores.
final class OutboxRetryTests: XCTestCase {
    func testAMessageThatFailsThenSucceeds() {
        forEachStore(OutboxRetryBehaviour.aMessageThatFailsThenSucceeds)
    }
}
