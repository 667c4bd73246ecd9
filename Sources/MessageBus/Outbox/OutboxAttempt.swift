#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging

/// The rules of one outbox attempt, shared by ``MessageBus/MessageBus/processOutbox(_:now:)``
/// and ``AsyncMessageBus/processOutbox(_:now:)``: when a record is given up,
/// what a failed or successful attempt stores, and how its outcome is
/// reported, logged and observed.
///
/// The two processors differ only in how they call the repository and the
/// handlers (blocking or `async`); every decision and every text comes from
/// here. It is public so that relays of other modules (`MessageBusPostgres`'s
/// `PostgresOutboxRelay`) decide and report exactly as the buses do.
///
/// ## Topics
/// ### Deciding
/// - ``limit(maxAttempts:)``
/// - ``givenUp(_:limit:)``
/// - ``failed(_:error:limit:)``
/// - ``processed(_:now:)``
/// ### Reporting
/// - ``finish(_:observers:logger:report:)``
/// - ``Verdict``
/// - ``Write``
public enum OutboxAttempt {
    /// What an attempt stores in the repository.
    public enum Write: Sendable, Equatable {
        /// ``OutboxRepository/markProcessed(id:at:)`` at this date.
        case markProcessed(Date)
        /// ``OutboxRepository/recordFailure(id:error:dead:)`` with this text.
        case recordFailure(error: String, dead: Bool)
    }

    /// How an attempt ends: what to store, the record as it is then stored,
    /// and the outcome to report.
    public struct Verdict: Sendable, Equatable {
        /// What to store.
        public var write: Write
        /// The record once `write` is stored.
        public var record: OutboxRecord
        /// The outcome for the report and the observers.
        public var outcome: OutboxOutcome
    }

    /// The number of attempts after which a record is dead: `maxAttempts`, at least 1.
    ///
    /// - Parameter maxAttempts: The bus's (or relay's) maximum.
    public static func limit(maxAttempts: Int) -> Int {
        max(maxAttempts, 1)
    }

    /// The verdict for a pending record whose attempts already reached
    /// `limit` (every earlier attempt was cut short): dead, attempts unchanged,
    /// with the error `gave up after N attempts`. `nil` when it may be claimed.
    ///
    /// - Parameters:
    ///   - current: The record before any claim.
    ///   - limit: The result of ``limit(maxAttempts:)``.
    public static func givenUp(_ current: OutboxRecord, limit: Int) -> Verdict? {
        guard current.attempts >= limit else { return nil }
        let error = "gave up after \(current.attempts) attempts"
        var dead = current
        dead.status = .dead
        dead.lastError = error
        return Verdict(write: .recordFailure(error: error, dead: true), record: dead, outcome: .dead(error))
    }

    /// The verdict for a claimed record whose handler threw `error` (not a
    /// ``CascadeAbortingError``): its text (`String(describing:)`) is
    /// recorded; the record stays pending, or is dead if this was attempt `limit`.
    ///
    /// - Parameters:
    ///   - claimed: The record as claimed (its attempts count this attempt).
    ///   - error: What the handler threw.
    ///   - limit: The result of ``limit(maxAttempts:)``.
    public static func failed(_ claimed: OutboxRecord, error: any Error, limit: Int) -> Verdict {
        let text = String(describing: error)
        let dead = claimed.attempts >= limit
        var updated = claimed
        updated.lastError = text
        if dead {
            updated.status = .dead
        }
        return Verdict(write: .recordFailure(error: text, dead: dead), record: updated, outcome: dead ? .dead(text) : .failed(text))
    }

    /// The verdict for a claimed record whose handlers all succeeded: processed at `now`, to the microsecond.
    ///
    /// - Parameters:
    ///   - claimed: The record as claimed.
    ///   - now: When it was processed.
    public static func processed(_ claimed: OutboxRecord, now: Date) -> Verdict {
        let date = OutboxCoding.roundedToMicrosecond(now)
        var updated = claimed
        updated.status = .processed
        updated.processedAt = date
        return Verdict(write: .markProcessed(date), record: updated, outcome: .processed)
    }

    /// Reports a stored verdict to the report, the log (failed attempts at
    /// `.warning`, dead letters at `.error`) and the observers.
    ///
    /// - Parameters:
    ///   - verdict: The verdict, once stored.
    ///   - observers: The observers to tell (``MessageBusObserver/messageBus(didFinishOutboxRecord:outcome:)``).
    ///   - logger: Where failed attempts and dead letters are logged.
    ///   - report: The report the record's outcome is appended to.
    public static func finish(
        _ verdict: Verdict,
        observers: [any MessageBusObserver],
        logger: Logger,
        report: inout OutboxReport
    ) {
        let record = verdict.record
        report.append(record, outcome: verdict.outcome)
        switch verdict.outcome {
        case .processed:
            break
        case .failed(let error):
            logger.warning(
                "outbox message \(record.name) \(record.id.lowercasedString) failed attempt \(record.attempts): \(error)",
                metadata: ["outbox_id": "\(record.id.lowercasedString)", "message": "\(record.name)", "attempts": "\(record.attempts)"]
            )
        case .dead(let error):
            logger.error(
                "outbox message \(record.name) \(record.id.lowercasedString) is dead after \(record.attempts) attempt\(record.attempts == 1 ? "" : "s"): \(error)",
                metadata: ["outbox_id": "\(record.id.lowercasedString)", "message": "\(record.name)", "attempts": "\(record.attempts)"]
            )
        }
        for observer in observers {
            observer.messageBus(didFinishOutboxRecord: record, outcome: verdict.outcome)
        }
    }
}
