import OutboxTestSupport
import XCTest

/// A failed attempt is recorded and the message stays pending; the next
/// attempt may succeed.
///
/// The shared behaviour (`OutboxRetryBehaviour`) on PostgreSQL.
final class PostgresOutboxRetryTests: XCTestCase {
    func testAMessageThatFailsThenSucceeds() throws {
        try withPostgresStore(OutboxRetryBehaviour.aMessageThatFailsThenSucceeds)
    }
}
