import OutboxTestSupport
import XCTest

/// Payloads and meta survive every store byte for byte, and decode back to
/// the message that was registered.
///
/// The shared behaviour (`OutboxPayloadStorageBehaviour`) on the in-memory and SQLite stores.
final class OutboxPayloadStorageTests: XCTestCase {
    func testPayloadsRoundTripThroughEveryStore() {
        forEachStore(OutboxPayloadStorageBehaviour.payloadsRoundTripThroughEveryStore)
    }
}
