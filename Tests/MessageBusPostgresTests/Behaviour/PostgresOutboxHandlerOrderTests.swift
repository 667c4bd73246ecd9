import OutboxTestSupport
import XCTest

/// Every outbox handler runs in order, with its hooks; after a failure the
/// rest are skipped (as in the seed).
///
/// The shared behaviour (`OutboxHandlerOrderBehaviour`) on PostgreSQL.
final class PostgresOutboxHandlerOrderTests: XCTestCase {
    func testHandlersRunInOrderWithTheirHooks() throws {
        try withPostgresStore(OutboxHandlerOrderBehaviour.handlersRunInOrderWithTheirHooks)
    }

    func testAFailingBodySkipsTheRestAndItsAfterHookStillRuns() throws {
        try withPostgresStore(OutboxHandlerOrderBehaviour.aFailingBodySkipsTheRestAndItsAfterHookStillRuns)
    }

    func testAFailingBeforeHookSkipsTheBodyAndFailsTheAttempt() throws {
        try withPostgresStore(OutboxHandlerOrderBehaviour.aFailingBeforeHookSkipsTheBodyAndFailsTheAttempt)
    }
}
