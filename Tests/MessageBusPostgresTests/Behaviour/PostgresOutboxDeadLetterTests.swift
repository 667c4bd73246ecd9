import OutboxTestSupport
import XCTest

/// Poison messages: dead at `maxAttempts`, given up after crashed attempts,
/// and brought back by `retry`.
///
/// The shared behaviour (`OutboxDeadLetterBehaviour`) on PostgreSQL.
final class PostgresOutboxDeadLetterTests: XCTestCase {
    func testAMessageBecomesDeadWhenItsLastAllowedAttemptFails() throws {
        try withPostgresStore(OutboxDeadLetterBehaviour.aMessageBecomesDeadWhenItsLastAllowedAttemptFails)
    }

    func testClaimsThatReachedTheMaximumAreGivenUpWithoutRunning() throws {
        try withPostgresStore(OutboxDeadLetterBehaviour.claimsThatReachedTheMaximumAreGivenUpWithoutRunning)
    }

    func testRetryBringsADeadMessageBackWithNoAttempts() throws {
        try withPostgresStore(OutboxDeadLetterBehaviour.retryBringsADeadMessageBackWithNoAttempts)
    }

    func testAMaximumBelowOneCountsAsOne() throws {
        try withPostgresStore(OutboxDeadLetterBehaviour.aMaximumBelowOneCountsAsOne)
    }
}
