import MessageBusPostgres
import XCTest

/// The wait before the next attempt: exponential, capped. No server needed.
final class OutboxBackoffTests: XCTestCase {
    func testTheDefaultDoublesFromOneSecondUpToFiveMinutes() {
        let backoff = OutboxBackoff()
        XCTAssertEqual((1...10).map { backoff.delay(afterAttempt: $0) }, [1, 2, 4, 8, 16, 32, 64, 128, 256, 300].map { Duration.seconds($0) })
        XCTAssertEqual(backoff.delay(afterAttempt: 1_000), .seconds(300))
        XCTAssertEqual(backoff.delay(afterAttempt: 0), .seconds(1))
    }

    func testCustomAndDegenerateSettings() {
        let triple = OutboxBackoff(initialDelay: .milliseconds(500), multiplier: 3, maximumDelay: .seconds(10))
        XCTAssertEqual((1...5).map { triple.delay(afterAttempt: $0) }, [.milliseconds(500), .milliseconds(1_500), .milliseconds(4_500), .seconds(10), .seconds(10)])
        XCTAssertEqual(OutboxBackoff.none.delay(afterAttempt: 7), .zero)
        let odd = OutboxBackoff(initialDelay: .seconds(-1), multiplier: 0.5, maximumDelay: .seconds(1))
        XCTAssertEqual(odd.delay(afterAttempt: 3), .zero)
        let flat = OutboxBackoff(initialDelay: .seconds(2), multiplier: .nan, maximumDelay: .seconds(60))
        XCTAssertEqual(flat.delay(afterAttempt: 5), .seconds(2))
    }
}
