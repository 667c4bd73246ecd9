import OutboxTestSupport
import XCTest

/// Payloads and meta survive every store byte for byte, and decode back to
/// the message that was registered.
///
/// The shared behaviour (`OutboxPayloadStorageBehaviour`) on PostgreSQL.
final class PostgresOutboxPayloadStorageTests: XCTestCase {
    func testPayloadsRoundTripThroughEveryStore() throws {
        try withPostgresStore(OutboxPayloadStorageBehaviour.payloadsRoundTripThroughEveryStore)
    }
}
