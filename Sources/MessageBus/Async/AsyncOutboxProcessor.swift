#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension AsyncMessageBus {
    /// Processes the outbox once: each record that is pending when the pass
    /// starts gets one attempt, oldest first (the seed's
    /// `await message_bus.process_outbox(outbox_repo)`).
    ///
    /// The rules are exactly those of ``MessageBus/processOutbox(_:now:)``,
    /// which shares them:
    /// 1. A record that is not pending any more is skipped.
    /// 2. A record whose ``OutboxRecord/attempts`` already reached
    ///    ``maxAttempts`` is marked dead without running any handler, attempts
    ///    unchanged, with the error `gave up after N attempts`.
    /// 3. Otherwise it is claimed (``AsyncOutboxRepository/claim(id:)``):
    ///    attempts + 1 is committed before any handler runs.
    /// 4. Every outbox handler runs, one after the other, in order (`before`,
    ///    body, `after`).
    /// 5. When all succeed, the record is marked processed at `now()`. When
    ///    one throws, the remaining handlers are skipped and the error's text
    ///    is recorded: the record stays pending, or becomes dead if this was
    ///    attempt ``maxAttempts``.
    ///
    /// Delivery is at-least-once: an attempt cut short after its side effect
    /// runs again on the next pass, so handlers should be idempotent. Run one
    /// pass at a time per repository and bus: two passes at once may both
    /// claim a record (each counts an attempt).
    ///
    /// Cancelling the calling task ends the pass like a crash does, cleanly:
    /// the bus checks before each record and each outbox handler, and after a
    /// handler that failed. A record whose attempt is cut short stays pending
    /// with its claimed attempt counted and no error recorded; no record is
    /// marked processed unless all its handlers succeeded. A record whose
    /// handlers all succeeded is still marked processed.
    ///
    /// Observers are told each stage (see ``addObserver(_:)``); failed
    /// attempts are logged at level `.warning`, dead letters at `.error`.
    ///
    /// - Parameters:
    ///   - repository: The outbox, for example `SQLiteOutboxRepository`, whose
    ///     `async` methods do not block a thread, or ``InMemoryOutboxRepository``.
    ///   - now: The clock for ``OutboxRecord/processedAt``. Default: the system clock.
    /// - Returns: What was processed, failed or given up. With no outbox
    ///   handlers, nothing is read or processed and the report's
    ///   ``OutboxReport/skippedNoHandlers`` is `true` (not an error).
    /// - Throws: A ``CascadeAbortingError`` thrown by an outbox handler,
    ///   unchanged and at once: it is never recorded, the claimed attempt
    ///   stays counted and the record stays pending. `CancellationError` when
    ///   the calling task is cancelled, with the same effect. Errors of the
    ///   repository itself, unchanged.
    /// - Complexity: O(*n*·*h*) repository calls and handler runs for *n*
    ///   pending records and *h* outbox handlers.
    @discardableResult
    public func processOutbox(
        _ repository: some AsyncOutboxRepository,
        now: @Sendable () -> Date = { Date() }
    ) async throws -> OutboxReport {
        var report = OutboxReport()
        guard !outboxHandlers.isEmpty else {
            report.skippedNoHandlers = true
            return report
        }
        try Task.checkCancellation()
        let ids = try await repository.pendingRecords().map(\.id)
        for id in ids {
            try Task.checkCancellation()
            try await processOutboxRecord(id: id, in: repository, now: now, report: &report)
        }
        return report
    }

    /// Processes the oldest pending outbox record only, as one record of
    /// ``processOutbox(_:now:)``.
    ///
    /// - Parameters:
    ///   - repository: The outbox.
    ///   - now: The clock for ``OutboxRecord/processedAt``. Default: the system clock.
    /// - Returns: `nil` when no record is pending. Otherwise a report of that
    ///   one record; when the bus has no outbox handlers, nothing is processed
    ///   and the report's ``OutboxReport/skippedNoHandlers`` is `true`.
    /// - Throws: What ``processOutbox(_:now:)`` throws.
    @discardableResult
    public func processNextOutboxMessage(
        _ repository: some AsyncOutboxRepository,
        now: @Sendable () -> Date = { Date() }
    ) async throws -> OutboxReport? {
        guard let next = try await repository.oldestPendingRecord() else { return nil }
        var report = OutboxReport()
        guard !outboxHandlers.isEmpty else {
            report.skippedNoHandlers = true
            return report
        }
        try Task.checkCancellation()
        try await processOutboxRecord(id: next.id, in: repository, now: now, report: &report)
        return report
    }

    /// One attempt at one record; see ``processOutbox(_:now:)``.
    private func processOutboxRecord(
        id: UUID,
        in repository: some AsyncOutboxRepository,
        now: @Sendable () -> Date,
        report: inout OutboxReport
    ) async throws {
        guard let current = try await repository.record(id: id), current.status == .pending else { return }
        let limit = OutboxAttempt.limit(maxAttempts: maxAttempts)
        let observers = self.observers
        let handlers = outboxHandlers

        if let verdict = OutboxAttempt.givenUp(current, limit: limit) {
            try await store(verdict, id: id, in: repository)
            OutboxAttempt.finish(verdict, observers: observers, logger: logger, report: &report)
            return
        }

        guard let claimed = try await repository.claim(id: id) else { return }
        report.attempted += 1
        for observer in observers {
            observer.messageBus(didClaimOutboxRecord: claimed)
        }

        var failure: (any Error)?
        for handler in handlers {
            try Task.checkCancellation()
            report.handlerRuns += 1
            let handling = AsyncOutboxHandlerContext(bus: self, record: claimed, handlerName: handler.name)
            if let error = await handler.run(claimed, handling: handling, observers: observers) {
                if error is any CascadeAbortingError {
                    throw error
                }
                // A handler that failed because the pass was cancelled has not
                // failed on its own: its attempt is cut short, not recorded.
                try Task.checkCancellation()
                failure = error
                break
            }
        }

        let verdict = failure.map { OutboxAttempt.failed(claimed, error: $0, limit: limit) }
            ?? OutboxAttempt.processed(claimed, now: now())
        try await store(verdict, id: id, in: repository)
        OutboxAttempt.finish(verdict, observers: observers, logger: logger, report: &report)
    }

    /// Stores what `verdict` says about the record `id`.
    private func store(_ verdict: OutboxAttempt.Verdict, id: UUID, in repository: some AsyncOutboxRepository) async throws {
        switch verdict.write {
        case .markProcessed(let date):
            try await repository.markProcessed(id: id, at: date)
        case .recordFailure(let error, let dead):
            try await repository.recordFailure(id: id, error: error, dead: dead)
        }
    }
}
