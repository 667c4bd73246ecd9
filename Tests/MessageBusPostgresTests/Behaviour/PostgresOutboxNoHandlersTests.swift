import OutboxTestSupport
import XCTest

/// With no outbox handlers, processing does nothing and says so; it is not an error.
///
/// The shared behaviour (`OutboxNoHandlersBehaviour`) on PostgreSQL.
final class PostgresOutboxNoHandlersTests: XCTestCase {
    func testNothingIsProcessedWithoutHandlers() throws {
        try withPostgresStore(OutboxNoHandlersBehaviour.nothingIsProcessedWithoutHandlers)
    }

    func testNothingPendingIsNotAnError() throws {
        try withPostgresStore(OutboxNoHandlersBehaviour.nothingPendingIsNotAnError)
    }
}
