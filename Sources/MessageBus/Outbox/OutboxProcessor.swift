#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension MessageBus {
    /// Processes the outbox once: each record that is pending when the pass
    /// starts gets one attempt, oldest first (the seed's `process_outbox`).
    ///
    /// For each record, in the order of ``OutboxRepository/pendingRecords()``:
    /// 1. If it is not pending any more, it is skipped.
    /// 2. If its ``OutboxRecord/attempts`` already reached ``maxAttempts`` (every
    ///    earlier attempt was cut short, for example by a crash), it is marked
    ///    dead without running any handler, attempts unchanged, with the error
    ///    `gave up after N attempts` (N: its attempts).
    /// 3. Otherwise it is claimed (``OutboxRepository/claim(id:)``): attempts + 1
    ///    is committed before any handler runs.
    /// 4. Every outbox handler runs in order (`before`, body, `after`).
    /// 5. When all succeed, the record is marked processed at `now()`. When one
    ///    throws, the remaining handlers are skipped (as in the seed), and the
    ///    error's text (`String(describing: error)`) is recorded: the record
    ///    stays pending, or becomes dead if this was attempt ``maxAttempts``.
    ///
    /// Records added while the pass runs (by a handler, or by another
    /// thread) wait for the next pass. Delivery is at-least-once: a handler
    /// whose attempt is cut short after its side effect runs again on the next
    /// attempt, so handlers should be idempotent.
    ///
    /// Observers are told each stage (see ``MessageBusObserver``); failed
    /// attempts are logged at level `.warning`, dead letters at `.error`.
    ///
    /// - Parameters:
    ///   - repository: The outbox. Use a repository that commits each call
    ///     (such as `SQLiteOutboxRepository`), so that claims and outcomes are
    ///     durable as they happen; call it outside any database access of that
    ///     repository's database.
    ///   - now: The clock for ``OutboxRecord/processedAt``. Default: the system clock.
    /// - Returns: What was processed, failed or given up. With no outbox
    ///   handlers, nothing is read or processed and the report's
    ///   ``OutboxReport/skippedNoHandlers`` is `true` (not an error).
    /// - Throws: A ``CascadeAbortingError`` thrown by an outbox handler
    ///   (busctl's `crash`, an interrupt), unchanged and at once: it is never
    ///   recorded, the claimed attempt stays counted and the record stays
    ///   pending. Errors of the repository itself, unchanged: a record is
    ///   never marked processed unless its handlers all succeeded.
    /// - Complexity: O(*n*·*h*) repository calls and handler runs for *n*
    ///   pending records and *h* outbox handlers.
    @discardableResult
    public func processOutbox(_ repository: some OutboxRepository, now: () -> Date = Date.init) throws -> OutboxReport {
        var report = OutboxReport()
        guard !outboxHandlers.isEmpty else {
            report.skippedNoHandlers = true
            return report
        }
        let ids = try repository.pendingRecords().map(\.id)
        for id in ids {
            try processOutboxRecord(id: id, in: repository, now: now, report: &report)
        }
        return report
    }

    /// Processes the oldest pending outbox record only, as one record of
    /// ``processOutbox(_:now:)`` (busctl's `outbox step`).
    ///
    /// - Parameters:
    ///   - repository: The outbox.
    ///   - now: The clock for ``OutboxRecord/processedAt``. Default: the system clock.
    /// - Returns: `nil` when no record is pending. Otherwise a report of that
    ///   one record; when the bus has no outbox handlers, nothing is processed
    ///   and the report's ``OutboxReport/skippedNoHandlers`` is `true`.
    /// - Throws: What ``processOutbox(_:now:)`` throws.
    @discardableResult
    public func processNextOutboxMessage(_ repository: some OutboxRepository, now: () -> Date = Date.init) throws -> OutboxReport? {
        guard let next = try repository.oldestPendingRecord() else { return nil }
        var report = OutboxReport()
        guard !outboxHandlers.isEmpty else {
            report.skippedNoHandlers = true
            return report
        }
        try processOutboxRecord(id: next.id, in: repository, now: now, report: &report)
        return report
    }

    /// One attempt at one record; see ``processOutbox(_:now:)``.
    private func processOutboxRecord(
        id: UUID,
        in repository: some OutboxRepository,
        now: () -> Date,
        report: inout OutboxReport
    ) throws {
        guard let current = try repository.record(id: id), current.status == .pending else { return }
        let limit = OutboxAttempt.limit(maxAttempts: maxAttempts)
        let observers = self.observers

        if let verdict = OutboxAttempt.givenUp(current, limit: limit) {
            try store(verdict, id: id, in: repository)
            OutboxAttempt.finish(verdict, observers: observers, logger: logger, report: &report)
            return
        }

        guard let claimed = try repository.claim(id: id) else { return }
        report.attempted += 1
        for observer in observers {
            observer.messageBus(didClaimOutboxRecord: claimed)
        }

        var failure: (any Error)?
        for handler in outboxHandlers {
            report.handlerRuns += 1
            let handling = OutboxHandlerContext(bus: self, record: claimed, handlerName: handler.name)
            let invocation = observers.isEmpty ? nil : OutboxHandlerInvocation(observers: observers, handlerName: handler.name, record: claimed)
            var error: (any Error)?
            do {
                try handler.before?(claimed, handling)
                try handler.body(claimed, handling)
            } catch let thrown {
                error = thrown
            }
            handler.after?(claimed, handling)
            invocation?.finish(error)
            if let error {
                if error is any CascadeAbortingError {
                    throw error
                }
                failure = error
                break
            }
        }

        let verdict = failure.map { OutboxAttempt.failed(claimed, error: $0, limit: limit) }
            ?? OutboxAttempt.processed(claimed, now: now())
        try store(verdict, id: id, in: repository)
        OutboxAttempt.finish(verdict, observers: observers, logger: logger, report: &report)
    }

    /// Stores what `verdict` says about the record `id`.
    private func store(_ verdict: OutboxAttempt.Verdict, id: UUID, in repository: some OutboxRepository) throws {
        switch verdict.write {
        case .markProcessed(let date):
            try repository.markProcessed(id: id, at: date)
        case .recordFailure(let error, let dead):
            try repository.recordFailure(id: id, error: error, dead: dead)
        }
    }
}
