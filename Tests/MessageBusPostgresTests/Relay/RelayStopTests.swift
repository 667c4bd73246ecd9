import Foundation
import MessageBusPostgres
import OutboxTestSupport
import PostgresNIO
import XCTest

/// Stopping a relay whose database does not answer. No server needed.
final class RelayStopTests: XCTestCase {
    func testARelayWaitingForAnUnreachableDatabaseStopsAtOnce() async throws {
        // Nothing listens on port 1: the client keeps trying to connect.
        let url = try PostgresURL("postgres://nobody@127.0.0.1:1/nothing?sslmode=disable&connect_timeout=1")
        let running = RunningClient(url.clientConfiguration())
        let relay = PostgresOutboxRelay(client: running.client, name: "stranded", logger: .quiet) { _ in }
        let finished = Flag()
        let run = Task {
            defer { finished.set() }
            try await relay.run()
        }
        try await Task.sleep(for: .seconds(1)) // let it wait for a connection
        XCTAssertFalse(finished.isSet, "still waiting for the database")
        relay.stop()
        try await value(of: run, within: .seconds(10), "the stranded relay to stop")
        await running.shutdown()
    }
}
