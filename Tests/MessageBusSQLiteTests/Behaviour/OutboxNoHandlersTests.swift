import OutboxTestSupport
import XCTest

/// With no outbox handlers, processing does nothing and says so; it is not an error.
///
/// The shared behaviour (`OutboxNoHandlersBehaviour`) on the in-memory and SQLite stores.
final class OutboxNoHandlersTests: XCTestCase {
    func testNothingIsProcessedWithoutHandlers() {
        forEachStore(OutboxNoHandlersBehaviour.nothingIsProcessedWithoutHandlers)
    }

    func testNothingPendingIsNotAnError() {
        forEachStore(OutboxNoHandlersBehaviour.nothingPendingIsNotAnError)
    }
}
