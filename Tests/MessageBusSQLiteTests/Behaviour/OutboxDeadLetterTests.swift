import OutboxTestSupport
import XCTest

/// Poison messages: dead at `maxAttempts`, given up after crashed attempts,
/// and brought back by `retry`.
///
/// The shared behaviour (`OutboxDeadLetterBehaviour`) on the in-memory and SQLite stores.
final class OutboxDeadLetterTests: XCTestCase {
    func testAMessageBecomesDeadWhenItsLastAllowedAttemptFails() {
        forEachStore(OutboxDeadLetterBehaviour.aMessageBecomesDeadWhenItsLastAllowedAttemptFails)
    }

    func testClaimsThatReachedTheMaximumAreGivenUpWithoutRunning() {
        forEachStore(OutboxDeadLetterBehaviour.claimsThatReachedTheMaximumAreGivenUpWithoutRunning)
    }

    func testRetryBringsADeadMessageBackWithNoAttempts() {
        forEachStore(OutboxDeadLetterBehaviour.retryBringsADeadMessageBackWithNoAttempts)
    }

    func testAMaximumBelowOneCountsAsOne() {
        forEachStore(OutboxDeadLetterBehaviour.aMaximumBelowOneCountsAsOne)
    }
}
