import Foundation
import MessageBus

extension Interpreter {
    /// One attempt at a record that a relay process (`busctl relay`) has
    /// already claimed: the session's outbox handlers run on it, in order,
    /// through the bus's own outbox processing, as `outbox step` runs them.
    ///
    /// The relay owns the record's state in its store (claim, lease,
    /// outcome, backoff, dead letter); here the record is copied into a
    /// one-record in-memory outbox, pending with the attempts before this
    /// claim, so that the bus's processing claims it as attempt
    /// `record.attempts` and reports how its handlers ended. The bus never
    /// makes it dead: that is the relay's decision.
    ///
    /// The attempt is one unit of work on the shared context: under the
    /// store's context lock, the context is read from the store first
    /// (other sessions and relays write it too), and what the handlers
    /// change is committed before the lock is given back, whatever the
    /// outcome (LANGUAGE.md §10: handlers run by outbox processing model
    /// other systems). So concurrent relays lose none of each other's updates.
    func runRelayedAttempt(_ record: OutboxRecord) -> RelayedAttempt {
        do {
            try lockContext()
        } catch {
            return .failed("\(error)")
        }
        defer { unlockContext() }
        isRelaying = true
        defer { isRelaying = false }
        do {
            context.values = try Interpreter.committedContext(of: store)
            dirtyKeys = []
        } catch {
            return .failed("cannot read the context: \(error)")
        }
        var pending = record
        pending.status = .pending
        pending.attempts = max(record.attempts - 1, 0)
        pending.processedAt = nil
        let buffer = InMemoryOutboxRepository(records: [pending])
        bus.maxAttempts = Int.max
        defer { bus.maxAttempts = settings.maxAttempts }
        var attempt: RelayedAttempt
        do {
            let report = try bus.processNextOutboxMessage(buffer, now: currentDate)
            if let report, report.skippedNoHandlers {
                attempt = .failed("no outbox handlers are defined")
            } else {
                switch report?.results.first?.outcome {
                case .processed?: attempt = .processed
                case .failed(let error)?, .dead(let error)?: attempt = .failed(error)
                case nil: attempt = .failed("the record was not processed")
                }
            }
        } catch is any CascadeAbortingError {
            // `crash` (or an interrupt): the process "dies" with the message in hand.
            attempt = .crashed
        } catch {
            attempt = .failed("\(error)")
        }
        do {
            try commitChanges()
        } catch {
            if attempt == .processed { attempt = .failed("\(error)") }
        }
        return attempt
    }
}
