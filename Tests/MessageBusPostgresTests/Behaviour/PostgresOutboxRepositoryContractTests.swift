import OutboxTestSupport
import XCTest

/// What every repository does on its own: store, read, order, count, and
/// refuse what makes no sense.
///
/// The shared behaviour (`OutboxRepositoryContractBehaviour`) on PostgreSQL.
final class PostgresOutboxRepositoryContractTests: XCTestCase {
    func testAddedRecordsReadBackUnchanged() throws {
        try withPostgresStore(OutboxRepositoryContractBehaviour.addedRecordsReadBackUnchanged)
    }

    func testOldestFirstIsByCreationTimeThenInsertionOrder() throws {
        try withPostgresStore(OutboxRepositoryContractBehaviour.oldestFirstIsByCreationTimeThenInsertionOrder)
    }

    func testClaimCountsAnAttemptOfAPendingRecordOnly() throws {
        try withPostgresStore(OutboxRepositoryContractBehaviour.claimCountsAnAttemptOfAPendingRecordOnly)
    }

    func testFailuresAndOutcomesAreStored() throws {
        try withPostgresStore(OutboxRepositoryContractBehaviour.failuresAndOutcomesAreStored)
    }

    func testUnknownIDsDuplicatesAndWrongStatesAreErrors() throws {
        try withPostgresStore(OutboxRepositoryContractBehaviour.unknownIDsDuplicatesAndWrongStatesAreErrors)
    }
}
