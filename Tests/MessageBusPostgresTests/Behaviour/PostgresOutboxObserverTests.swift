import OutboxTestSupport
import XCTest

/// Observers see each stage of outbox processing, in order.
///
/// The shared behaviour (`OutboxObserverBehaviour`) on PostgreSQL.
final class PostgresOutboxObserverTests: XCTestCase {
    func testObserverSeesEveryStageInOrder() throws {
        try withPostgresStore(OutboxObserverBehaviour.observerSeesEveryStageInOrder)
    }

    func testTheFinishedRecordIsTheStoredOne() throws {
        try withPostgresStore(OutboxObserverBehaviour.theFinishedRecordIsTheStoredOne)
    }
}
