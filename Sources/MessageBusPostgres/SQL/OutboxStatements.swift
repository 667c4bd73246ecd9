import Foundation
import Logging
import MessageBus
import PostgresNIO

/// A record claimed by a relay: the record as claimed (its attempts already
/// counted, unless it was given up) and its attempts before the claim.
struct OutboxClaim: Sendable, Equatable {
    /// The record after the claim. When ``isGivenUp`` is `true`, its
    /// attempts are unchanged: it will be marked dead without running.
    var record: OutboxRecord
    /// The record's attempts before the claim.
    var previousAttempts: Int
    /// The record's insertion number, for ordering.
    var sequence: Int64
    /// Whether the record's attempts had reached the limit before the
    /// claim (every earlier attempt was cut short): it is given up.
    var isGivenUp: Bool
}

/// Every SQL statement of the PostgreSQL outbox, run on a connection (which
/// joins the caller's transaction) or on a client (each statement commits
/// on its own).
///
/// Each method is one statement, so that it is atomic on its own and never
/// leaves a caller's transaction aborted by a failure the method expects
/// (a duplicate id is found with `ON CONFLICT DO NOTHING`, not by a
/// failing `INSERT`).
struct OutboxStatements: Sendable {
    /// Runs one statement and collects its rows.
    private let run: @Sendable (PostgresQuery) async throws -> [PostgresRow]

    /// The name written to `claimed_by` by ``claim(id:)``.
    let claimant: String

    /// How long a lease taken by ``claim(id:)`` lasts, in seconds.
    let leaseSeconds: Double

    init(connection: PostgresConnection, logger: Logger, claimant: String, lease: Duration) {
        run = { query in try await connection.query(query, logger: logger).collect() }
        self.claimant = claimant
        leaseSeconds = lease.seconds
    }

    init(client: PostgresClient, logger: Logger, claimant: String, lease: Duration) {
        run = { query in try await client.query(query, logger: logger).collect() }
        self.claimant = claimant
        leaseSeconds = lease.seconds
    }

    // MARK: Columns

    /// The columns of a record, in the order ``record(from:)`` reads them.
    /// JSON is read as text: the `json` type keeps the exact text it was given.
    private static func columns(_ table: String = "") -> String {
        let t = table.isEmpty ? "" : "\(table)."
        return "\(t)id, \(t)type, \(t)name, \(t)payload::text, \(t)meta::text, \(t)created_at, \(t)attempts, \(t)last_error, \(t)status, \(t)processed_at"
    }

    private static let order = "ORDER BY created_at, sequence"

    private typealias RecordColumns = (UUID, String, String, String, String, OutboxTimestamp, Int, String?, String, OutboxTimestamp?)

    private static func record(_ c: RecordColumns) throws -> OutboxRecord {
        let (id, typeText, name, payload, meta, createdAt, attempts, lastError, statusText, processedAt) = c
        guard let type = OutboxMessageType(rawValue: typeText) else {
            throw OutboxError.invalidStoredRecord("\(id.uuidString.lowercased()): type \(typeText) is not COMMAND or EVENT")
        }
        guard let status = OutboxStatus(rawValue: statusText) else {
            throw OutboxError.invalidStoredRecord("\(id.uuidString.lowercased()): status \(statusText) is not pending, processed or dead")
        }
        return OutboxRecord(
            id: id,
            type: type,
            name: name,
            payload: Data(payload.utf8),
            meta: Data(meta.utf8),
            createdAt: createdAt.date,
            attempts: attempts,
            lastError: lastError,
            status: status,
            processedAt: processedAt?.date
        )
    }

    private static func record(from row: PostgresRow) throws -> OutboxRecord {
        try record(row.decode(RecordColumns.self))
    }

    /// The JSON of a record as text; the outbox writes UTF-8 JSON only.
    private static func jsonText(_ data: Data, _ what: String, of id: UUID) throws -> String {
        guard let text = String(data: data, encoding: .utf8) else {
            throw OutboxError.encodingFailed("\(what) of \(id.uuidString.lowercased()) is not UTF-8 JSON")
        }
        return text
    }

    // MARK: Statements

    private func rows(_ operation: String, _ query: PostgresQuery) async throws -> [PostgresRow] {
        try await PostgresOutboxError.during(operation) { try await run(query) }
    }

    private func records(_ operation: String, _ query: PostgresQuery) async throws -> [OutboxRecord] {
        try await PostgresOutboxError.during(operation) {
            try await run(query).map(Self.record(from:))
        }
    }

    /// Inserts `record` and, when it is pending, sends a notification on
    /// ``PostgresOutboxSchema/notificationChannel`` (delivered when the
    /// transaction commits).
    func add(_ record: OutboxRecord) async throws {
        let payload = try Self.jsonText(record.payload, "payload", of: record.id)
        let meta = try Self.jsonText(record.meta, "meta", of: record.id)
        let createdAt = try OutboxTimestamp(record.createdAt)
        let processedAt = try record.processedAt.map(OutboxTimestamp.init)
        let query: PostgresQuery = """
            WITH inserted AS (
                INSERT INTO outbox (id, type, name, payload, meta, created_at, attempts, last_error, status, processed_at)
                VALUES (\(record.id), \(record.type.rawValue), \(record.name), \(payload)::json, \(meta)::json,
                        \(createdAt), \(record.attempts), \(record.lastError), \(record.status.rawValue), \(processedAt))
                ON CONFLICT (id) DO NOTHING
                RETURNING status
            ), notified AS (
                SELECT pg_notify('\(unescaped: PostgresOutboxSchema.notificationChannel)', '') FROM inserted WHERE status = 'pending'
            )
            SELECT (SELECT count(*) FROM inserted), (SELECT count(*) FROM notified)
            """
        let rows = try await rows("add outbox message \(record.id.uuidString.lowercased())", query)
        let inserted = try rows.first.map { try $0.decode((Int, Int).self).0 } ?? 0
        guard inserted > 0 else { throw OutboxError.duplicateID(record.id) }
    }

    func record(id: UUID) async throws -> OutboxRecord? {
        try await records("read outbox message", "SELECT \(unescaped: Self.columns()) FROM outbox WHERE id = \(id)").first
    }

    func records() async throws -> [OutboxRecord] {
        try await records("read the outbox", "SELECT \(unescaped: Self.columns()) FROM outbox \(unescaped: Self.order)")
    }

    func pendingRecords() async throws -> [OutboxRecord] {
        try await records("read pending outbox messages", "SELECT \(unescaped: Self.columns()) FROM outbox WHERE status = 'pending' \(unescaped: Self.order)")
    }

    func oldestPendingRecord() async throws -> OutboxRecord? {
        try await records(
            "read the oldest pending outbox message",
            "SELECT \(unescaped: Self.columns()) FROM outbox WHERE status = 'pending' \(unescaped: Self.order) LIMIT 1"
        ).first
    }

    func count(status: OutboxStatus) async throws -> Int {
        let rows = try await rows("count outbox messages", "SELECT count(*) FROM outbox WHERE status = \(status.rawValue)")
        return try await PostgresOutboxError.during("count outbox messages") {
            try rows.first.map { try $0.decode(Int.self) } ?? 0
        }
    }

    /// Counts an attempt of a pending record and leases it to ``claimant``,
    /// unless another claimant holds a lease on it that has not expired.
    func claim(id: UUID) async throws -> OutboxRecord? {
        try await records("claim outbox message \(id.uuidString.lowercased())", """
            UPDATE outbox
            SET attempts = attempts + 1, claimed_by = \(claimant), claimed_until = now() + \(leaseSeconds)::float8 * interval '1 second'
            WHERE id = \(id) AND status = 'pending'
              AND (claimed_until IS NULL OR claimed_until <= now() OR claimed_by = \(claimant))
            RETURNING \(unescaped: Self.columns())
            """).first
    }

    func markProcessed(id: UUID, at date: Date) async throws {
        let processedAt = try OutboxTimestamp(date)
        let rows = try await rows("mark outbox message \(id.uuidString.lowercased()) processed", """
            UPDATE outbox SET status = 'processed', processed_at = \(processedAt), claimed_by = NULL, claimed_until = NULL
            WHERE id = \(id) RETURNING 1
            """)
        guard !rows.isEmpty else { throw OutboxError.notFound(id) }
    }

    func recordFailure(id: UUID, error: String, dead: Bool) async throws {
        let rows = try await rows("record the failure of outbox message \(id.uuidString.lowercased())", """
            UPDATE outbox
            SET last_error = \(error), status = CASE WHEN \(dead) THEN 'dead' ELSE status END, claimed_by = NULL, claimed_until = NULL
            WHERE id = \(id) RETURNING 1
            """)
        guard !rows.isEmpty else { throw OutboxError.notFound(id) }
    }

    /// Puts a dead record back to pending and, like ``add(_:)``, sends a
    /// notification (delivered on commit), so that idle relays take it at
    /// once rather than at their next poll.
    func retry(id: UUID) async throws {
        let operation = "retry outbox message \(id.uuidString.lowercased())"
        let rows = try await rows(operation, """
            WITH retried AS (
                UPDATE outbox
                SET status = 'pending', attempts = 0, last_error = NULL, next_attempt_at = now(), claimed_by = NULL, claimed_until = NULL
                WHERE id = \(id) AND status = 'dead' RETURNING 1
            )
            SELECT pg_notify('\(unescaped: PostgresOutboxSchema.notificationChannel)', '') FROM retried
            """)
        guard rows.isEmpty else { return }
        let existing = try await self.rows(operation, "SELECT 1 FROM outbox WHERE id = \(id)")
        throw existing.isEmpty ? OutboxError.notFound(id) : OutboxError.notDead(id)
    }

    func purgeProcessed() async throws -> Int {
        let operation = "purge processed outbox messages"
        let rows = try await rows(operation, """
            WITH deleted AS (DELETE FROM outbox WHERE status = 'processed' RETURNING 1)
            SELECT count(*) FROM deleted
            """)
        return try await PostgresOutboxError.during(operation) {
            try rows.first.map { try $0.decode(Int.self) } ?? 0
        }
    }

    // MARK: Relays

    /// Claims up to `limit` due records for `claimant`, oldest first, with
    /// `SELECT … FOR UPDATE SKIP LOCKED`: records that another relay is
    /// claiming at the same moment are skipped, not waited for.
    ///
    /// Due: pending, its next attempt time reached, and not leased (or its
    /// lease expired). Each claimed record gets a lease of `lease` from the
    /// server's clock and, if its attempts are below `attemptLimit`, one
    /// more attempt; a record already at the limit is claimed as it is, to be
    /// given up. Sorted oldest first.
    func claimDue(limit: Int, claimant: String, lease: Duration, attemptLimit: Int) async throws -> [OutboxClaim] {
        let operation = "claim due outbox messages"
        let rows = try await rows(operation, """
            WITH due AS MATERIALIZED (
                SELECT sequence, attempts AS previous_attempts
                FROM outbox
                WHERE status = 'pending'
                  AND next_attempt_at <= now()
                  AND (claimed_until IS NULL OR claimed_until <= now())
                ORDER BY created_at, sequence
                LIMIT \(limit)
                FOR UPDATE SKIP LOCKED
            )
            UPDATE outbox AS o
            SET attempts = CASE WHEN due.previous_attempts < \(attemptLimit) THEN due.previous_attempts + 1 ELSE due.previous_attempts END,
                claimed_by = \(claimant),
                claimed_until = now() + \(lease.seconds)::float8 * interval '1 second'
            FROM due
            WHERE o.sequence = due.sequence
            RETURNING o.sequence, due.previous_attempts, \(unescaped: Self.columns("o"))
            """)
        return try await PostgresOutboxError.during(operation) {
            try rows.map { row in
                let (sequence, previous, id, type, name, payload, meta, createdAt, attempts, lastError, status, processedAt) =
                    try row.decode((Int64, Int, UUID, String, String, String, String, OutboxTimestamp, Int, String?, String, OutboxTimestamp?).self)
                let record = try Self.record((id, type, name, payload, meta, createdAt, attempts, lastError, status, processedAt))
                return OutboxClaim(record: record, previousAttempts: previous, sequence: sequence, isGivenUp: previous >= attemptLimit)
            }
            .sorted { ($0.record.createdAt, $0.sequence) < ($1.record.createdAt, $1.sequence) }
        }
    }

    /// Marks a record that `claimant` holds processed.
    ///
    /// - Returns: `false` when `claimant` does not hold it any more (its
    ///   lease expired and another relay claimed it): nothing is written.
    func complete(id: UUID, at date: Date, claimant: String) async throws -> Bool {
        let processedAt = try OutboxTimestamp(date)
        return try await !rows("mark outbox message \(id.uuidString.lowercased()) processed", """
            UPDATE outbox SET status = 'processed', processed_at = \(processedAt), claimed_by = NULL, claimed_until = NULL
            WHERE id = \(id) AND claimed_by = \(claimant) AND status = 'pending'
            RETURNING 1
            """).isEmpty
    }

    /// Records the failure of an attempt that `claimant` holds: the record
    /// becomes dead, or stays pending until `retryAfter` has passed on the server's clock.
    ///
    /// - Returns: `false` when `claimant` does not hold it any more: nothing is written.
    func fail(id: UUID, error: String, dead: Bool, retryAfter: Duration, claimant: String) async throws -> Bool {
        try await !rows("record the failure of outbox message \(id.uuidString.lowercased())", """
            UPDATE outbox
            SET last_error = \(error),
                status = CASE WHEN \(dead) THEN 'dead' ELSE 'pending' END,
                next_attempt_at = now() + \(retryAfter.seconds)::float8 * interval '1 second',
                claimed_by = NULL, claimed_until = NULL
            WHERE id = \(id) AND claimed_by = \(claimant) AND status = 'pending'
            RETURNING 1
            """).isEmpty
    }

    /// Gives back records that `claimant` claimed but did not start: their
    /// leases end, and the attempts counted by the claim of those in
    /// `uncounting` are taken back.
    ///
    /// - Returns: How many records were released.
    func release(_ ids: [UUID], uncounting: [UUID], claimant: String) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await rows("release claimed outbox messages", """
            UPDATE outbox
            SET attempts = CASE WHEN id = ANY(\(uncounting)) THEN GREATEST(attempts - 1, 0) ELSE attempts END,
                claimed_by = NULL, claimed_until = NULL
            WHERE id = ANY(\(ids)) AND claimed_by = \(claimant) AND status = 'pending'
            RETURNING 1
            """).count
    }

    /// Renews the lease that `claimant` holds on `id` to `lease` from now,
    /// just before the record's handler starts.
    ///
    /// - Returns: `false` when `claimant` does not hold the record any more
    ///   (its lease expired and another relay claimed it, or it was finished
    ///   meanwhile): it must not be started.
    func renewLease(id: UUID, claimant: String, lease: Duration) async throws -> Bool {
        try await !rows("renew the lease on outbox message \(id.uuidString.lowercased())", """
            UPDATE outbox SET claimed_until = now() + \(lease.seconds)::float8 * interval '1 second'
            WHERE id = \(id) AND claimed_by = \(claimant) AND status = 'pending'
            RETURNING 1
            """).isEmpty
    }

    /// Extends the leases that `claimant` holds on `ids` to `lease` from now.
    ///
    /// - Returns: How many leases were extended.
    func extendLeases(_ ids: [UUID], claimant: String, lease: Duration) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await rows("extend outbox leases", """
            UPDATE outbox SET claimed_until = now() + \(lease.seconds)::float8 * interval '1 second'
            WHERE id = ANY(\(ids)) AND claimed_by = \(claimant) AND status = 'pending'
            RETURNING 1
            """).count
    }

    /// How long until the next pending record is due (its next attempt time
    /// reached and its lease, if any, expired): zero or less when one is due
    /// now, `nil` when nothing is pending.
    func timeUntilNextDue() async throws -> Duration? {
        let operation = "find the next due outbox message"
        let rows = try await rows(operation, """
            SELECT EXTRACT(EPOCH FROM min(GREATEST(next_attempt_at, COALESCE(claimed_until, next_attempt_at))) - now())::float8
            FROM outbox WHERE status = 'pending'
            """)
        return try await PostgresOutboxError.during(operation) {
            try rows.first.flatMap { try $0.decode(Double?.self) }.map { Duration.seconds($0) }
        }
    }
}

extension Duration {
    /// The duration in seconds, with its fraction.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
