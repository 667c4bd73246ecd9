@testable import MessageBusPostgres
import Synchronization
import XCTest

/// ``AbandonableWait``'s end may come before its run (a timer that fires
/// before the waiting task gets a thread): the run must still end at once.
/// No server needed.
final class AbandonableWaitTests: XCTestCase {
    private struct Ended: Error, Equatable {}

    func testAnEndBeforeTheRunEndsTheRunAtOnce() async {
        let wait = AbandonableWait<Int>()
        wait.end(Ended())
        let ran = Atomic<Bool>(false)
        let started = ContinuousClock.now
        do {
            let value = try await wait.run({
                ran.store(true, ordering: .sequentiallyConsistent)
                try await Task.sleep(for: .seconds(30))
                return 1
            }, started: {})
            XCTFail("the run returned \(value) instead of the end's error")
        } catch {
            XCTAssertEqual(error as? Ended, Ended())
        }
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(5))
        XCTAssertFalse(ran.load(ordering: .sequentiallyConsistent), "the operation ran after the wait had ended")
    }

    func testAnEndDuringTheRunEndsItAndCancelsTheOperation() async {
        let wait = AbandonableWait<Int>()
        let cancelled = Atomic<Bool>(false)
        let finished = AsyncStream<Void>.makeStream()
        do {
            _ = try await wait.run({
                do {
                    try await Task.sleep(for: .seconds(30))
                } catch {
                    cancelled.store(true, ordering: .sequentiallyConsistent)
                }
                finished.continuation.finish()
                return 1
            }, started: { wait.end(Ended()) })
            XCTFail("the run returned instead of the end's error")
        } catch {
            XCTAssertEqual(error as? Ended, Ended())
        }
        for await _ in finished.stream {}
        XCTAssertTrue(cancelled.load(ordering: .sequentiallyConsistent), "the abandoned operation was not cancelled")
    }
}
