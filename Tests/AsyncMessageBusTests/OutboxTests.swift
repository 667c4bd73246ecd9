import Foundation
import MessageBus
import XCTest

/// `processOutbox` and `processNextOutboxMessage` of the async bus, on the
/// in-memory repository and on SQLite (through its `async` methods): the
/// rules of the synchronous bus.
final class OutboxTests: XCTestCase {
    /// Runs `body` once per repository; an error fails the test, naming the repository.
    private func forEachRepository(
        file: StaticString = #filePath,
        line: UInt = #line,
        _ body: (RepositoryUnderTest) async throws -> Void
    ) async {
        let repositories: [RepositoryUnderTest]
        do {
            repositories = try RepositoryUnderTest.all()
        } catch {
            return XCTFail("cannot create the repositories: \(error)", file: file, line: line)
        }
        for repository in repositories {
            do {
                try await body(repository)
            } catch {
                XCTFail("\(repository.name): \(error)", file: file, line: line)
            }
        }
    }

    /// Records each outbox handler run in the context, and relays pings to the bus.
    private func relayingBus(maxAttempts: Int = 5) async -> (AsyncMessageBus<[String]>, RecordingObserver) {
        let bus = AsyncMessageBus(context: [String](), maxAttempts: maxAttempts, logger: .quiet)
        let observer = RecordingObserver()
        await bus.addObserver(observer)
        await bus.addEventHandler(for: Ping.self) { ping, handling in
            await handling.withContext { $0.append("handled \(ping.label)") }
            return nil
        }
        await bus.addOutboxHandler(AsyncRegisteredOutboxHandler(name: "relay") { record, handling in
            let ping = try record.decodePayload(as: Ping.self)
            if ping.label.hasPrefix("poison") { throw Boom(text: "cannot relay \(ping.label)") }
            if ping.label == "crash" { throw Crash() }
            try await handling.dispatch(ping)
        })
        await bus.addOutboxHandler(AsyncRegisteredOutboxHandler(name: "audit") { record, handling in
            let label = try record.decodePayload(as: Ping.self).label
            await handling.withContext { $0.append("audited \(label) attempt \(record.attempts)") }
        })
        return (bus, observer)
    }

    func testOnePassProcessesEveryPendingRecordOldestFirst() async {
        await forEachRepository { store in
            let outbox = store.repository
            let second = try await add(Ping(label: "second"), at: 2, to: outbox)
            let first = try await add(Ping(label: "first"), at: 1, to: outbox)
            let (bus, observer) = await relayingBus()

            let report = try await bus.processOutbox(outbox, now: { at(10) })

            XCTAssertEqual(report.processed, [first.id, second.id], store.name)
            XCTAssertEqual(report.attempted, 2, store.name)
            XCTAssertEqual(report.handlerRuns, 4, store.name)
            let context = await bus.context
            XCTAssertEqual(context, ["handled first", "audited first attempt 1", "handled second", "audited second attempt 1"], store.name)
            let stored = try await outbox.records()
            XCTAssertEqual(stored.map(\.status), [.processed, .processed], store.name)
            XCTAssertEqual(stored.map(\.processedAt), [at(10), at(10)], store.name)
            XCTAssertEqual(stored.map(\.attempts), [1, 1], store.name)
            XCTAssertEqual(observer.lines.filter { !$0.hasPrefix("dispatch") && !$0.hasPrefix("will Ping") && !$0.hasPrefix("did Ping") }, [
                "claim Ping attempt 1",
                "will outbox relay Ping",
                "did outbox relay Ping ok",
                "will outbox audit Ping",
                "did outbox audit Ping ok",
                "finish Ping processed processed",
                "claim Ping attempt 1",
                "will outbox relay Ping",
                "did outbox relay Ping ok",
                "will outbox audit Ping",
                "did outbox audit Ping ok",
                "finish Ping processed processed",
            ], store.name)
            let again = try await bus.processOutbox(outbox)
            XCTAssertEqual(again, OutboxReport(), store.name)
        }
    }

    /// A failing handler skips the handlers after it and leaves the record
    /// pending with its error, until its last attempt makes it dead; the
    /// other records are not affected.
    func testFailureSkipsTheRestAndTheLastAttemptMakesADeadLetter() async {
        await forEachRepository { store in
            let outbox = store.repository
            let poison = try await add(Ping(label: "poison"), at: 1, to: outbox)
            let healthy = try await add(Ping(label: "healthy"), at: 2, to: outbox)
            let (bus, _) = await relayingBus(maxAttempts: 2)

            let first = try await bus.processOutbox(outbox)

            XCTAssertEqual(first.processed, [healthy.id], store.name)
            XCTAssertEqual(first.failed, [OutboxFailure(id: poison.id, name: "Ping", attempts: 1, error: "cannot relay poison")], store.name)
            XCTAssertEqual(first.handlerRuns, 3, store.name)
            let afterFirst = try await outbox.record(id: poison.id)
            XCTAssertEqual(afterFirst?.status, .pending, store.name)
            XCTAssertEqual(afterFirst?.attempts, 1, store.name)
            XCTAssertEqual(afterFirst?.lastError, "cannot relay poison", store.name)

            let second = try await bus.processOutbox(outbox)

            XCTAssertEqual(second.dead, [poison.id], store.name)
            XCTAssertEqual(second.results.map(\.outcome), [.dead("cannot relay poison")], store.name)
            let afterSecond = try await outbox.record(id: poison.id)
            XCTAssertEqual(afterSecond?.status, .dead, store.name)
            XCTAssertEqual(afterSecond?.attempts, 2, store.name)
            let context = await bus.context
            XCTAssertEqual(context, ["handled healthy", "audited healthy attempt 1"], store.name)
        }
    }

    /// A record whose attempts already reached the maximum (earlier attempts
    /// were cut short) is given up without running any handler.
    func testGivesUpOnARecordWhoseAttemptsReachedTheMaximum() async {
        await forEachRepository { store in
            let outbox = store.repository
            var record = try OutboxRecord(message: Ping(label: "interrupted"), createdAt: at(1))
            record.attempts = 3
            try await outbox.add(record)
            let (bus, observer) = await relayingBus()
            await bus.setMaxAttempts(3)

            let report = try await bus.processOutbox(outbox)

            XCTAssertEqual(report.dead, [record.id], store.name)
            XCTAssertEqual(report.attempted, 0, store.name)
            XCTAssertEqual(report.results.map(\.outcome), [.dead("gave up after 3 attempts")], store.name)
            let stored = try await outbox.record(id: record.id)
            XCTAssertEqual(stored?.status, .dead, store.name)
            XCTAssertEqual(stored?.attempts, 3, store.name)
            XCTAssertEqual(stored?.lastError, "gave up after 3 attempts", store.name)
            XCTAssertEqual(observer.lines, ["finish Ping dead dead(\"gave up after 3 attempts\")"], store.name)
        }
    }

    /// A cascade-aborting error ends the pass at once, unrecorded: the
    /// claimed attempt stays counted and the record stays pending.
    func testCascadeAbortingErrorEndsThePassUnrecorded() async {
        await forEachRepository { store in
            let outbox = store.repository
            let crash = try await add(Ping(label: "crash"), at: 1, to: outbox)
            let later = try await add(Ping(label: "later"), at: 2, to: outbox)
            let (bus, _) = await relayingBus()

            do {
                try await bus.processOutbox(outbox)
                XCTFail("\(store.name): the pass did not fail")
            } catch {
                XCTAssertEqual(error as? Crash, Crash(), store.name)
            }

            let crashed = try await outbox.record(id: crash.id)
            XCTAssertEqual(crashed?.status, .pending, store.name)
            XCTAssertEqual(crashed?.attempts, 1, store.name)
            XCTAssertNil(crashed?.lastError, store.name)
            let untouched = try await outbox.record(id: later.id)
            XCTAssertEqual(untouched?.attempts, 0, store.name)
        }
    }

    /// Cancelling the pass's task cuts the attempt under way short, like a
    /// crash: nothing is recorded but the claim, and no later record is claimed.
    func testCancellationCutsTheAttemptShortAndRecordsNothing() async {
        await forEachRepository { store in
            let outbox = store.repository
            let waiting = try await add(Ping(label: "waiting"), at: 1, to: outbox)
            let later = try await add(Ping(label: "later"), at: 2, to: outbox)
            let bus = AsyncMessageBus(context: 0)
            let started = Signal()
            await bus.addOutboxHandler(AsyncRegisteredOutboxHandler(name: "slow") { record, _ in
                started.fire()
                try await waitUntilCancelled()
            })

            let pass = Task { try await bus.processOutbox(outbox) }
            try await started.wait()
            pass.cancel()
            let outcome = await pass.result

            XCTAssertThrowsError(try outcome.get(), store.name) { error in
                XCTAssertTrue(error is CancellationError, "\(store.name): unexpected \(error)")
            }
            let cut = try await outbox.record(id: waiting.id)
            XCTAssertEqual(cut?.status, .pending, store.name)
            XCTAssertEqual(cut?.attempts, 1, store.name)
            XCTAssertNil(cut?.lastError, store.name)
            let untouched = try await outbox.record(id: later.id)
            XCTAssertEqual(untouched?.attempts, 0, store.name)
        }
    }

    func testWithoutHandlersNothingIsProcessed() async {
        await forEachRepository { store in
            let outbox = store.repository
            let record = try await add(Ping(label: "p"), at: 1, to: outbox)
            let bus = AsyncMessageBus(context: 0)

            let report = try await bus.processOutbox(outbox)
            let next = try await bus.processNextOutboxMessage(outbox)

            XCTAssertEqual(report, OutboxReport(skippedNoHandlers: true), store.name)
            XCTAssertEqual(next, OutboxReport(skippedNoHandlers: true), store.name)
            let stored = try await outbox.record(id: record.id)
            XCTAssertEqual(stored, record, store.name)
        }
    }

    func testProcessNextOutboxMessageProcessesTheOldestOnly() async {
        await forEachRepository { store in
            let outbox = store.repository
            let newer = try await add(Ping(label: "newer"), at: 2, to: outbox)
            let older = try await add(Ping(label: "older"), at: 1, to: outbox)
            let (bus, _) = await relayingBus()

            let first = try await bus.processNextOutboxMessage(outbox, now: { at(5) })
            XCTAssertEqual(first?.processed, [older.id], store.name)
            let second = try await bus.processNextOutboxMessage(outbox, now: { at(6) })
            XCTAssertEqual(second?.processed, [newer.id], store.name)
            let none = try await bus.processNextOutboxMessage(outbox)
            XCTAssertNil(none, store.name)
            let processed = try await outbox.count(status: .processed)
            XCTAssertEqual(processed, 2, store.name)
        }
    }

    /// An outbox handler written as a type: `before`, body (skipped when
    /// `before` throws), `after` (always).
    struct Publisher: AsyncOutboxHandler {
        let published: Lines

        func before(_ record: OutboxRecord, in handling: AsyncOutboxHandlerContext<Int>) async throws {
            published.append("before \(record.attempts)")
            if record.attempts == 1 { throw Boom(text: "broker down") }
        }

        func handle(_ record: OutboxRecord, in handling: AsyncOutboxHandlerContext<Int>) async throws {
            published.append("publish \(record.name)")
            await handling.withContext { $0 += 1 }
        }

        func after(_ record: OutboxRecord, in handling: AsyncOutboxHandlerContext<Int>) async {
            published.append("after \(handling.handlerName)")
        }
    }

    func testTypedOutboxHandlerWithHooks() async {
        await forEachRepository { store in
            let outbox = store.repository
            try await add(Ping(label: "p"), at: 1, to: outbox)
            let bus = AsyncMessageBus(context: 0, logger: .quiet)
            let published = Lines()
            await bus.addOutboxHandler(Publisher(published: published))
            await bus.addOutboxHandler(Publisher(published: published), name: "spare")
            let removed = await bus.removeOutboxHandler(named: "spare")
            XCTAssertTrue(removed, store.name)

            let first = try await bus.processOutbox(outbox)
            let second = try await bus.processOutbox(outbox)

            XCTAssertEqual(first.failed.map(\.error), ["broker down"], store.name)
            XCTAssertEqual(second.processed.count, 1, store.name)
            XCTAssertEqual(published.all, ["before 1", "after Publisher", "before 2", "publish Ping", "after Publisher"], store.name)
            let count = await bus.context
            XCTAssertEqual(count, 1, store.name)
        }
    }
}
