#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What one outbox pass (``MessageBus/MessageBus/processOutbox(_:now:)``) or
/// step (``MessageBus/MessageBus/processNextOutboxMessage(_:now:)``) did.
///
/// Records that were pending when the pass started but were not pending any
/// more when their turn came (processed or purged meanwhile) appear nowhere.
public struct OutboxReport: Sendable, Equatable {
    /// The records marked processed, in processing order.
    public var processed: [UUID]

    /// The failed attempts that left their record pending, in processing order.
    public var failed: [OutboxFailure]

    /// The records that became dead letters, in processing order: their last
    /// allowed attempt failed, or their attempts had already reached the
    /// maximum (`gave up after N attempts`). Their errors are in ``results``.
    public var dead: [UUID]

    /// How many records were claimed and had their handlers run (a record
    /// given up without running counts in ``dead`` only).
    public var attempted: Int

    /// How many outbox handler runs were started (a `before` hook that threw counts).
    public var handlerRuns: Int

    /// `true` when the bus has no outbox handlers, so nothing was processed
    /// (the seed: "no handlers → processes nothing"; not an error).
    public var skippedNoHandlers: Bool

    /// One entry per record that was processed, failed or became dead, in processing order.
    public var results: [OutboxRecordResult]

    /// Creates a report. The bus creates them; this initialiser exists for tests and tools.
    ///
    /// - Parameters:
    ///   - processed: Records marked processed.
    ///   - failed: Failed attempts that left their record pending.
    ///   - dead: Records that became dead letters.
    ///   - attempted: Records claimed.
    ///   - handlerRuns: Handler runs started.
    ///   - skippedNoHandlers: Whether nothing ran for lack of handlers.
    ///   - results: Each record's outcome, in order.
    public init(
        processed: [UUID] = [],
        failed: [OutboxFailure] = [],
        dead: [UUID] = [],
        attempted: Int = 0,
        handlerRuns: Int = 0,
        skippedNoHandlers: Bool = false,
        results: [OutboxRecordResult] = []
    ) {
        self.processed = processed
        self.failed = failed
        self.dead = dead
        self.attempted = attempted
        self.handlerRuns = handlerRuns
        self.skippedNoHandlers = skippedNoHandlers
        self.results = results
    }

    /// Adds one record's outcome to the lists.
    mutating func append(_ record: OutboxRecord, outcome: OutboxOutcome) {
        results.append(OutboxRecordResult(id: record.id, name: record.name, attempts: record.attempts, outcome: outcome))
        switch outcome {
        case .processed:
            processed.append(record.id)
        case .failed(let error):
            failed.append(OutboxFailure(id: record.id, name: record.name, attempts: record.attempts, error: error))
        case .dead:
            dead.append(record.id)
        }
    }
}

/// A failed outbox attempt that left its record pending.
public struct OutboxFailure: Sendable, Equatable {
    /// The record's id.
    public var id: UUID
    /// The record's message name.
    public var name: String
    /// The attempt's number (the record's attempts after the claim).
    public var attempts: Int
    /// The error's text, as recorded in ``OutboxRecord/lastError``.
    public var error: String

    /// Creates a failure entry.
    ///
    /// - Parameters:
    ///   - id: The record's id.
    ///   - name: The record's message name.
    ///   - attempts: The attempt's number.
    ///   - error: The error's text.
    public init(id: UUID, name: String, attempts: Int, error: String) {
        self.id = id
        self.name = name
        self.attempts = attempts
        self.error = error
    }
}

/// How processing one outbox record ended, in an ``OutboxReport``.
public struct OutboxRecordResult: Sendable, Equatable {
    /// The record's id.
    public var id: UUID
    /// The record's message name.
    public var name: String
    /// The record's attempts afterwards (for a given-up record, unchanged).
    public var attempts: Int
    /// Processed, failed or dead, with the error.
    public var outcome: OutboxOutcome

    /// Creates a result entry.
    ///
    /// - Parameters:
    ///   - id: The record's id.
    ///   - name: The record's message name.
    ///   - attempts: The record's attempts afterwards.
    ///   - outcome: How it ended.
    public init(id: UUID, name: String, attempts: Int, outcome: OutboxOutcome) {
        self.id = id
        self.name = name
        self.attempts = attempts
        self.outcome = outcome
    }
}
