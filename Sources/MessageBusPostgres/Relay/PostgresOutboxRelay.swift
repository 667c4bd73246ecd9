import Foundation
import Logging
import MessageBus
import PostgresNIO
import Synchronization

/// A relay that processes a PostgreSQL outbox alongside other relays, in this
/// process or in others, on this machine or on others.
///
/// A relay repeatedly claims a batch of due messages, runs its handler on
/// each, oldest first, and records the outcome:
/// 1. **Claim.** One statement, `WITH due AS (SELECT … FOR UPDATE SKIP LOCKED LIMIT n) UPDATE … FROM due RETURNING …`,
///    takes up to ``Configuration/batchSize`` due messages: pending, their
///    next attempt time reached, not leased by a live relay. Each gets a
///    lease (`claimed_by` = ``name``, `claimed_until` = now + ``Configuration/leaseDuration``,
///    on the server's clock) and one more attempt, committed before any
///    handler runs. Relays claiming at the same moment skip each other's
///    rows instead of waiting, so no message is processed by two relays at once.
/// 2. **Run.** The handler runs on each claimed record, one after the other.
/// 3. **Outcome.** The decisions are those of `MessageBus.processOutbox`
///    (shared through `OutboxAttempt`): success marks the message processed;
///    a thrown error is recorded as its `lastError` and the message stays
///    pending, not due before ``Configuration/backoff`` has passed, or
///    becomes dead at attempt ``Configuration/maxAttempts``; a message whose
///    attempts had already reached the maximum (every earlier attempt was
///    cut short, by relays that died) is marked dead without running, with
///    the error `gave up after N attempts`. The outcome is written only if
///    no other relay has claimed the message since (after this relay's
///    lease expired).
///
/// When nothing is due, the relay sleeps until a registration's `NOTIFY`
/// wakes it (``Configuration/listensForNotifications``), until the next
/// message becomes due, or for at most ``Configuration/pollInterval``.
///
/// **Delivery is at-least-once.** A relay that dies (killed, or its machine
/// lost) keeps its leases until they expire; the other relays then claim its
/// messages again, and the message that was in hand runs a second time.
/// Handlers should be idempotent. Before each message of its batch starts,
/// the relay renews its lease (a message whose lease expired and that
/// another relay claimed meanwhile is skipped, with a warning), so each
/// handler has a whole lease to run in; a handler that runs longer than the
/// lease may see its message taken, and run, by another relay: its own
/// outcome is then discarded, with a warning. Choose a lease above the
/// slowest handler.
///
/// ```swift
/// let client = PostgresClient(configuration: try PostgresURL(url).clientConfiguration())
/// let relay = PostgresOutboxRelay(client: client, name: "relay-1") { record in
///     try await broker.publish(topic: record.name, body: record.payload)
/// }
/// try await withThrowingDiscardingTaskGroup { group in
///     group.addTask { await client.run() }
///     try await relay.run()           // until relay.stop() or cancellation
///     group.cancelAll()
/// }
/// ```
///
/// **Stopping.** ``stop()`` (from a signal handler, for example) or
/// cancelling the task of ``run()`` asks the relay to stop: it finishes the
/// message in hand and records its outcome, gives back the messages of its
/// batch that it did not start (their leases end and their claimed attempts
/// are taken back), and ``run()`` returns. The handler itself is never
/// cancelled.
///
/// Logging goes to the relay's `Logger` (label `MessageBusPostgres.relay`
/// by default), with the metadata `relay`: start and stop at `.info`, each
/// processed message at `.info`, failed attempts at `.warning`, dead
/// letters and database errors at `.error`, claims at `.debug`.
///
/// ## Topics
/// ### Creating a relay
/// - ``init(client:name:configuration:observers:logger:handler:)``
/// - ``Handler``
/// - ``Configuration``
/// - ``OutboxBackoff``
/// ### Running
/// - ``run()``
/// - ``stop()``
/// - ``isStopRequested``
/// - ``processDueMessages()``
/// ### Identity
/// - ``name``
/// - ``uniqueName(prefix:)``
public final class PostgresOutboxRelay: Sendable {
    /// Processes one outbox record. Throwing fails the attempt: the error's
    /// text (`String(describing:)`) is recorded. A `CascadeAbortingError`
    /// (a simulated crash) is not recorded: ``run()`` throws it, as
    /// `processOutbox` does.
    ///
    /// The record is as claimed: its ``OutboxRecord/attempts`` is this
    /// attempt's number (1 on the first try).
    public typealias Handler = @Sendable (OutboxRecord) async throws -> Void

    /// The errors of the relay itself (the database's are ``PostgresOutboxError``).
    public enum RelayError: Error, CustomStringConvertible, Equatable {
        /// ``run()`` was called while the relay was already running.
        case alreadyRunning(String)

        /// A human-readable explanation.
        public var description: String {
            switch self {
            case .alreadyRunning(let name): "outbox relay \(name) is already running"
            }
        }
    }

    /// The relay's name, written to `claimed_by` of the messages it holds
    /// and in its log metadata. Give every relay of an outbox its own.
    public let name: String

    /// How the relay claims, waits and retries.
    public let configuration: Configuration

    /// The client whose connections the relay uses.
    public let client: PostgresClient

    private let handler: Handler
    private let observers: [any MessageBusObserver & Sendable]
    private let logger: Logger
    private let statements: OutboxStatements
    private let wakeup = Wakeup()

    private struct State {
        var stopRequested = false
        var running = false
        /// Cancels what the relay is waiting for (a claim, a connection), so
        /// that a stop does not wait for a database that does not answer.
        var interrupt: (@Sendable () -> Void)?
        /// The wait between tries while the database is unreachable (the
        /// listener is quiet then, and tries as seldom); nil while it is reachable.
        var outageDelay: Duration?
    }

    private let state = Mutex(State())

    /// Creates a relay.
    ///
    /// - Parameters:
    ///   - client: A `PostgresClient` whose `run()` is active while the relay
    ///     works. The relay uses one of its connections at a time for claims
    ///     and outcomes, and holds one more while it listens for notifications.
    ///   - name: The relay's name; unique among the relays of the outbox.
    ///     Default: ``uniqueName(prefix:)`` (host, process id, random suffix).
    ///   - configuration: Batch size, lease, polling, attempts, backoff. Default: the defaults of ``Configuration``.
    ///   - observers: Told when a record is claimed and how it ended, as a
    ///     bus's observers are (`MessageBusObserver`). Default: none.
    ///   - logger: Where the relay logs. Default: label `MessageBusPostgres.relay`.
    ///   - handler: Processes one record; see ``Handler``.
    public init(
        client: PostgresClient,
        name: String = PostgresOutboxRelay.uniqueName(prefix: "relay"),
        configuration: Configuration = Configuration(),
        observers: [any MessageBusObserver & Sendable] = [],
        logger: Logger = Logger(label: "MessageBusPostgres.relay"),
        handler: @escaping Handler
    ) {
        self.client = client
        self.name = name
        self.configuration = configuration
        self.observers = observers
        self.handler = handler
        var logger = logger
        logger[metadataKey: "relay"] = "\(name)"
        self.logger = logger
        statements = OutboxStatements(
            client: client,
            logger: PostgresOutboxRepository.silentLogger,
            claimant: name,
            lease: configuration.effectiveLease
        )
    }

    /// A name unique to this process and call: `<prefix>-<host>-<pid>-<random>`.
    ///
    /// - Parameter prefix: What the name starts with, for example `relay`.
    public static func uniqueName(prefix: String) -> String {
        let random = UUID().uuidString.prefix(8).lowercased()
        return "\(prefix)-\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(random)"
    }

    // MARK: Stopping

    /// Asks the relay to stop: ``run()`` finishes the message in hand, gives
    /// back the rest of its batch and returns; ``processDueMessages()`` does
    /// the same. Returns at once; safe to call from any thread, any number of times.
    ///
    /// A stopped relay stays stopped: a later ``run()`` returns at once.
    public func stop() {
        let (first, interrupt) = state.withLock { state in
            defer {
                state.stopRequested = true
                state.interrupt = nil
            }
            return (!state.stopRequested, state.interrupt)
        }
        if first {
            logger.info("outbox relay \(name) stopping after the message in hand")
        }
        interrupt?()
        wakeup.signal()
    }

    /// Whether ``stop()`` was called (or the task of ``run()`` was cancelled).
    public var isStopRequested: Bool {
        state.withLock { $0.stopRequested }
    }

    // MARK: Running

    /// Runs the relay until ``stop()`` is called or the calling task is
    /// cancelled: claims and processes due messages, and sleeps while none is due.
    ///
    /// Runs ``PostgresOutboxSchema/migrate(_:logger:)-(PostgresClient,_)`` first
    /// unless ``Configuration/migratesSchemaOnStart`` is `false`. Database
    /// errors while running (a lost connection, a server restart) do not end
    /// the relay: it logs one line when they start (a claim that waits
    /// longer than ``Configuration/unreachableAfter`` counts as one), tries
    /// again after ``Configuration/retryDelay``, doubling up to
    /// ``Configuration/maximumRetryDelay``, logs a reminder each minute,
    /// and one line when the database works again. Cancelling the task is a
    /// stop request: the message in hand is finished, its handler is not
    /// cancelled.
    ///
    /// - Throws: What the migration throws (``PostgresOutboxError``);
    ///   ``RelayError/alreadyRunning(_:)``; a `CascadeAbortingError` thrown
    ///   by the handler (its message stays claimed, its attempt counted, and
    ///   is claimed again when the lease expires).
    public func run() async throws {
        let started = state.withLock { state in
            defer { state.running = true }
            return !state.running
        }
        guard started else { throw RelayError.alreadyRunning(name) }
        defer { state.withLock { $0.running = false } }
        // The loop runs in a task of its own, which the caller's
        // cancellation does not reach: cancelling is a stop request, and the
        // message in hand and its outcome are finished undisturbed.
        let loop = Task { try await self.runLoop() }
        try await withTaskCancellationHandler {
            try await loop.value
        } onCancel: {
            self.stop()
        }
    }

    /// Claims and processes batches until no message is due (or a stop is
    /// requested), without waiting: one pass of ``run()``, for tools and tests.
    ///
    /// - Returns: What was processed, failed and given up, in processing order.
    /// - Throws: ``PostgresOutboxError`` for the database's errors (the
    ///   messages of the batch then stay claimed until their leases expire);
    ///   a `CascadeAbortingError` thrown by the handler.
    @discardableResult
    public func processDueMessages() async throws -> OutboxReport {
        var report = OutboxReport()
        while !isStopRequested {
            let batch = try await claimBatch()
            if batch.isEmpty {
                break
            }
            try await process(batch, report: &report)
        }
        return report
    }

    private func runLoop() async throws {
        logger.info(
            "outbox relay \(name) starting",
            metadata: [
                "batch_size": "\(configuration.effectiveBatchSize)",
                "lease": "\(configuration.effectiveLease)",
                "poll_interval": "\(configuration.effectivePollInterval)",
                "max_attempts": "\(configuration.maxAttempts)",
            ]
        )
        if configuration.migratesSchemaOnStart {
            let client = self.client
            do {
                try await interruptibleByStop { try await PostgresOutboxSchema.migrate(client) }
            } catch where isStopRequested {
                logger.info("outbox relay \(name) stopped before it started")
                return
            }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            if configuration.listensForNotifications {
                group.addTask { await self.listenForNotifications() }
            }
            do {
                try await processUntilStopped()
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
        logger.info("outbox relay \(name) stopped")
    }

    private func processUntilStopped() async throws {
        var outage: DatabaseOutage?
        while !isStopRequested {
            // A notification from now on means a message this claim may not see.
            wakeup.reset()
            do {
                let batch = try await interruptibleByStop(timeout: configuration.effectiveUnreachableAfter) { try await self.claimBatch() }
                if let ended = outage {
                    logger.notice("outbox relay \(name): \(ended.endLine())")
                    outage = nil
                    state.withLock { $0.outageDelay = nil }
                }
                if !batch.isEmpty {
                    var report = OutboxReport()
                    try await process(batch, report: &report)
                    continue
                }
                let wait = try await interruptibleByStop { try await self.idleWait() }
                await wakeup.wait(timeout: wait)
            } catch let error as any CascadeAbortingError {
                throw error
            } catch where isStopRequested {
                // A claim or a look cut short by the stop: nothing was in hand.
                break
            } catch {
                // One line when the outage starts and a reminder each
                // minute, not one per try; the tries back off.
                if var current = outage {
                    if let reminder = current.failedAgain(error) {
                        logger.error("outbox relay \(name): \(reminder)")
                    }
                    outage = current
                } else {
                    let started = DatabaseOutage(error, retryDelay: configuration.effectiveRetryDelay, maximumDelay: configuration.maximumRetryDelay)
                    logger.error("outbox relay \(name): \(started.startLine(error))")
                    outage = started
                }
                let delay = outage?.delay ?? configuration.effectiveRetryDelay
                state.withLock { $0.outageDelay = delay }
                await wakeup.wait(timeout: delay)
            }
        }
    }

    /// Runs `operation` in a task that ``stop()`` cancels: a claim waiting
    /// for a connection while the database is away ends at once. (A claim
    /// that the server carried out but whose answer is lost this way leaves
    /// its messages leased until the leases expire.)
    ///
    /// The wait is abandoned rather than awaited to its end: a query on a
    /// connection whose server stopped answering does not end when
    /// cancelled. With a `timeout`, the wait also ends after it, with
    /// ``DatabaseTimeout``.
    private func interruptibleByStop<T: Sendable>(timeout: Duration? = nil, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let wait = AbandonableWait<T>()
        let timer = timeout.map { timeout in
            Task {
                try await Task.sleep(for: timeout)
                wait.end(DatabaseTimeout(timeout: timeout))
            }
        }
        defer {
            timer?.cancel()
            state.withLock { $0.interrupt = nil }
        }
        return try await wait.run(operation) {
            let registered = state.withLock { state in
                guard !state.stopRequested else { return false }
                state.interrupt = { wait.end(CancellationError()) }
                return true
            }
            if !registered {
                wait.end(CancellationError())
            }
        }
    }

    /// How long to sleep when nothing is due: until the next message is due,
    /// at least a moment (a due message may be locked by a relay's claim
    /// under way), at most the poll interval.
    private func idleWait() async throws -> Duration {
        let poll = configuration.effectivePollInterval
        guard let next = try await statements.timeUntilNextDue() else { return poll }
        return min(max(next + .milliseconds(5), .milliseconds(20)), poll)
    }

    /// Keeps a connection listening on the notification channel while the
    /// relay runs, and signals the wakeup for each notification. Listens again
    /// after an error.
    private func listenForNotifications() async {
        let channel = PostgresOutboxSchema.notificationChannel
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: channel) { notifications in
                        self.logger.debug("outbox relay \(self.name) listening on \(channel)")
                        // A message may have been committed before LISTEN took effect.
                        self.wakeup.signal()
                        for try await _ in notifications {
                            self.wakeup.signal()
                        }
                    }
                }
                if Task.isCancelled {
                    return
                }
                logger.warning("outbox relay \(name): notifications ended; listening again")
            } catch {
                if Task.isCancelled {
                    return
                }
                // While the claims report an outage, that line says it all.
                if state.withLock({ $0.outageDelay }) == nil {
                    logger.warning(
                        "outbox relay \(name) cannot listen for notifications: \(PostgresOutboxError.wrapping(error, operation: "listen on \(channel)")); polling meanwhile"
                    )
                }
            }
            try? await Task.sleep(for: state.withLock { $0.outageDelay } ?? configuration.effectiveRetryDelay)
        }
    }

    // MARK: One batch

    private func claimBatch() async throws -> [OutboxClaim] {
        let batch = try await statements.claimDue(
            limit: configuration.effectiveBatchSize,
            claimant: name,
            lease: configuration.effectiveLease,
            attemptLimit: OutboxAttempt.limit(maxAttempts: configuration.maxAttempts)
        )
        if !batch.isEmpty {
            logger.debug("outbox relay \(name) claimed \(Self.count(batch.count, "message"))", metadata: ["claimed": "\(batch.count)"])
        }
        return batch
    }

    private func process(_ batch: [OutboxClaim], report: inout OutboxReport) async throws {
        let limit = OutboxAttempt.limit(maxAttempts: configuration.maxAttempts)
        let clock = ContinuousClock()
        var leasedAt = clock.now
        for index in batch.indices {
            let rest = Array(batch[index...])
            if isStopRequested {
                await release(rest)
                return
            }
            if clock.now - leasedAt > configuration.effectiveLease / 2 {
                await extendLeases(rest)
                leasedAt = clock.now
            }
            try await attempt(batch[index], limit: limit, unstarted: Array(rest.dropFirst()), report: &report)
        }
    }

    private func attempt(_ claim: OutboxClaim, limit: Int, unstarted: [OutboxClaim], report: inout OutboxReport) async throws {
        let record = claim.record
        if claim.isGivenUp, let verdict = OutboxAttempt.givenUp(record, limit: limit) {
            try await store(verdict, report: &report)
            return
        }
        // The batch's leases were taken at the claim: a message reached
        // late (slow handlers before it) may have been claimed by another
        // relay meanwhile. Renewing the lease right before it starts both
        // checks that this relay still holds it and gives its handler a
        // whole lease to run in.
        guard try await statements.renewLease(id: record.id, claimant: name, lease: configuration.effectiveLease) else {
            logger.warning(
                "outbox relay \(name) skipped \(record.name) \(record.id.uuidString.lowercased()): its lease expired before it could start and another relay has it (or finished it)",
                metadata: ["outbox_id": "\(record.id.uuidString.lowercased())", "message": "\(record.name)"]
            )
            return
        }
        report.attempted += 1
        report.handlerRuns += 1
        for observer in observers {
            observer.messageBus(didClaimOutboxRecord: record)
        }
        // A task of its own: a stop request (or the cancellation of a
        // caller of processDueMessages) never cuts the handler short.
        let handler = self.handler
        let result = await Task { try await handler(record) }.result
        let verdict: OutboxAttempt.Verdict
        switch result {
        case .success:
            verdict = OutboxAttempt.processed(record, now: Date())
        case .failure(let error):
            if error is any CascadeAbortingError {
                await release(unstarted)
                throw error
            }
            verdict = OutboxAttempt.failed(record, error: error, limit: limit)
        }
        try await store(verdict, report: &report)
    }

    /// Writes a verdict if the relay still holds the record, then reports
    /// it; otherwise warns that the lease was lost.
    private func store(_ verdict: OutboxAttempt.Verdict, report: inout OutboxReport) async throws {
        let record = verdict.record
        let stored: Bool
        var retryAfter = Duration.zero
        switch verdict.write {
        case .markProcessed(let date):
            stored = try await statements.complete(id: record.id, at: date, claimant: name)
        case .recordFailure(let error, let dead):
            if !dead {
                retryAfter = configuration.backoff.delay(afterAttempt: record.attempts)
            }
            stored = try await statements.fail(id: record.id, error: error, dead: dead, retryAfter: retryAfter, claimant: name)
        }
        let metadata: Logger.Metadata = [
            "outbox_id": "\(record.id.uuidString.lowercased())",
            "message": "\(record.name)",
            "attempts": "\(record.attempts)",
        ]
        guard stored else {
            logger.warning(
                "outbox relay \(name) lost its lease on \(record.name) \(record.id.uuidString.lowercased()) before attempt \(record.attempts) ended; another relay has it, its outcome is not recorded",
                metadata: metadata
            )
            return
        }
        OutboxAttempt.finish(verdict, observers: observers, logger: logger, report: &report)
        switch verdict.outcome {
        case .processed:
            logger.info("processed outbox message \(record.name) \(record.id.uuidString.lowercased()) (attempt \(record.attempts))", metadata: metadata)
        case .failed:
            logger.debug("outbox message \(record.name) \(record.id.uuidString.lowercased()) is due again in \(retryAfter)", metadata: metadata)
        case .dead:
            break
        }
    }

    /// Gives back claimed messages that were not started; errors are logged
    /// (the leases then expire on their own).
    private func release(_ claims: [OutboxClaim]) async {
        guard !claims.isEmpty else { return }
        let statements = self.statements
        let name = self.name
        let ids = claims.map(\.record.id)
        let uncounting = claims.filter { !$0.isGivenUp }.map(\.record.id)
        let wait = AbandonableWait<Int>()
        // Bounded: a stopping relay does not wait on a database that does not answer.
        let timeout = configuration.effectiveUnreachableAfter
        let timer = Task {
            try await Task.sleep(for: timeout)
            wait.end(DatabaseTimeout(timeout: timeout))
        }
        defer { timer.cancel() }
        do {
            let released = try await wait.run({
                try await statements.release(ids, uncounting: uncounting, claimant: name)
            }, started: {})
            logger.info("outbox relay \(name) gave back \(Self.count(released, "claimed message")) it did not start")
        } catch {
            logger.error("outbox relay \(name) cannot give back \(Self.count(claims.count, "claimed message")) (their leases will expire): \(error)")
        }
    }

    /// `1 message`, `2 messages`: a count with its noun, for log lines.
    static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }

    private func extendLeases(_ claims: [OutboxClaim]) async {
        do {
            let extended = try await statements.extendLeases(claims.map(\.record.id), claimant: name, lease: configuration.effectiveLease)
            logger.debug("outbox relay \(name) extended \(Self.count(extended, "lease"))")
        } catch {
            logger.warning("outbox relay \(name) cannot extend its leases: \(error)")
        }
    }
}
