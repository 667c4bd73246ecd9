import OutboxTestSupport
import XCTest

/// What every repository does on its own: store, read, order, count, and
/// refuse what makes no sense.
///
/// The shared behaviour (`OutboxRepositoryContractBehaviour`) on the in-memory and SQLite stores.
final class OutboxRepositoryContractTests: XCTestCase {
    func testAddedRecordsReadBackUnchanged() {
        forEachStore(OutboxRepositoryContractBehaviour.addedRecordsReadBackUnchanged)
    }

    func testOldestFirstIsByCreationTimeThenInsertionOrder() {
        forEachStore(OutboxRepositoryContractBehaviour.oldestFirstIsByCreationTimeThenInsertionOrder)
    }

    func testClaimCountsAnAttemptOfAPendingRecordOnly() {
        forEachStore(OutboxRepositoryContractBehaviour.claimCountsAnAttemptOfAPendingRecordOnly)
    }

    func testFailuresAndOutcomesAreStored() {
        forEachStore(OutboxRepositoryContractBehaviour.failuresAndOutcomesAreStored)
    }

    func testUnknownIDsDuplicatesAndWrongStatesAreErrors() {
        forEachStore(OutboxRepositoryContractBehaviour.unknownIDsDuplicatesAndWrongStatesAreErrors)
    }
}
