import OutboxTestSupport
import XCTest

/// Every outbox handler runs in order, with its hooks; after a failure the
/// rest are skipped (as in the seed).
///
/// The shared behaviour (`OutboxHandlerOrderBehaviour`) on the in-memory and SQLite stores.
final class OutboxHandlerOrderTests: XCTestCase {
    func testHandlersRunInOrderWithTheirHooks() {
        forEachStore(OutboxHandlerOrderBehaviour.handlersRunInOrderWithTheirHooks)
    }

    func testAFailingBodySkipsTheRestAndItsAfterHookStillRuns() {
        forEachStore(OutboxHandlerOrderBehaviour.aFailingBodySkipsTheRestAndItsAfterHookStillRuns)
    }

    func testAFailingBeforeHookSkipsTheBodyAndFailsTheAttempt() {
        forEachStore(OutboxHandlerOrderBehaviour.aFailingBeforeHookSkipsTheBodyAndFailsTheAttempt)
    }
}
