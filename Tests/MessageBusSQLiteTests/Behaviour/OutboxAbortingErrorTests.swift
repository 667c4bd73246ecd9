import OutboxTestSupport
import XCTest

/// A `CascadeAbortingError` (busctl's `crash`) is never caught or recorded by
/// outbox processing: it ends the pass, and the claimed attempt stays counted.
///
/// The shared behaviour (`OutboxAbortingErrorBehaviour`) on the in-memory and SQLite stores.
final class OutboxAbortingErrorTests: XCTestCase {
    func testACrashEndsThePassAndTheMessageIsDeliveredAgain() {
        forEachStore(OutboxAbortingErrorBehaviour.aCrashEndsThePassAndTheMessageIsDeliveredAgain)
    }

    func testACrashInsideADispatchedCascadeAlsoEndsThePass() {
        forEachStore(OutboxAbortingErrorBehaviour.aCrashInsideADispatchedCascadeAlsoEndsThePass)
    }
}
