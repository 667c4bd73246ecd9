import OutboxTestSupport
import XCTest

/// Observers see each stage of outbox processing, in order.
///
/// The shared behaviour (`OutboxObserverBehaviour`) on the in-memory and SQLite stores.
final class OutboxObserverTests: XCTestCase {
    func testObserverSeesEveryStageInOrder() {
        forEachStore(OutboxObserverBehaviour.observerSeesEveryStageInOrder)
    }

    func testTheFinishedRecordIsTheStoredOne() {
        forEachStore(OutboxObserverBehaviour.theFinishedRecordIsTheStoredOne)
    }
}
