import OutboxTestSupport
import XCTest

/// A `CascadeAbortingError` (busctl's `crash`) is never caught or recorded by
/// outbox processing: it ends the pass, and the claimed attempt stays counted.
///
/// The shared behaviour (`OutboxAbortingErrorBehaviour`) on PostgreSQL.
final class PostgresOutboxAbortingErrorTests: XCTestCase {
    func testACrashEndsThePassAndTheMessageIsDeliveredAgain() throws {
        try withPostgresStore(OutboxAbortingErrorBehaviour.aCrashEndsThePassAndTheMessageIsDeliveredAgain)
    }

    func testACrashInsideADispatchedCascadeAlsoEndsThePass() throws {
        try withPostgresStore(OutboxAbortingErrorBehaviour.aCrashInsideADispatchedCascadeAlsoEndsThePass)
    }
}
