import Foundation
import MessageBus
import OrderedCollections

/// What an outbox handler run knows: the stored record it processes.
final class OutboxRun {
    let handlerName: String
    let record: OutboxRecord
    /// `message`: the record as a map.
    let recordValue: Value

    init(handlerName: String, record: OutboxRecord, recordValue: Value) {
        self.handlerName = handlerName
        self.record = record
        self.recordValue = recordValue
    }
}

extension Interpreter {
    // MARK: Adding

    /// `outbox add T(…) [meta EXPR]`: the seed's `register_outbox_message`,
    /// inside the open transaction if there is one (LANGUAGE.md §9).
    func outboxAdd(_ literal: MessageLiteral, meta: Expr?, in frame: Frame, at location: SourceLocation) throws {
        let message = try buildMessage(literal, in: frame)
        var metaMap = OrderedDictionary<String, Value>()
        if let meta {
            switch try evaluate(meta, in: frame) {
            case .map(let map): metaMap = map
            case .nil: break
            case let other: throw ScriptFailure("`meta` takes a map with String keys, as in `meta [\"source\": \"web\"]`, not \(other.typeName)", at: meta.location)
            }
        }
        let buffer = InMemoryOutboxRepository()
        let record: OutboxRecord
        do {
            record = try registerOutboxMessage(buffer, message: message, id: makeUUID(),
                                               metaJSON: Data(Value.map(metaMap).jsonText.utf8), createdAt: currentDate())
        } catch {
            throw ScriptFailure("cannot store \(message.name) in the outbox: \(error)", at: location)
        }
        if transaction != nil {
            transaction?.records.append(record)
        } else {
            try storeCommit(records: [record])
        }
        emit(.outbox(OutboxTrace(operation: "added", id: record.id.uuidString.lowercased(), name: record.name, attempts: 0, error: nil)))
    }

    // MARK: Reading

    /// Every record, committed ones first, then those of the open transaction.
    func allOutboxRecords() throws -> [OutboxRecord] {
        var records: [OutboxRecord]
        do {
            records = try store.outbox.records()
        } catch {
            throw ScriptFailure("cannot read the outbox: \(error)", at: currentStatement)
        }
        records += transaction?.records ?? []
        return records
    }

    /// `outbox.pending`, `.processed`, `.dead`, `.total`, `.messages`.
    func outboxField(_ name: String, at location: SourceLocation) throws -> Value {
        let records = try allOutboxRecords()
        switch name {
        case "pending": return .int(records.count { $0.status == .pending })
        case "processed": return .int(records.count { $0.status == .processed })
        case "dead": return .int(records.count { $0.status == .dead })
        case "total": return .int(records.count)
        case "messages": return .list(records.map(recordValue))
        default:
            throw ScriptFailure("`outbox` has no field `\(name)`\(DidYouMean.hint(for: name, among: Checker.outboxFields))", at: location)
        }
    }

    /// `outbox` as a value: every field at once.
    func outboxValue(at location: SourceLocation) throws -> Value {
        var map = OrderedDictionary<String, Value>()
        for field in Checker.outboxFields { map[field] = try outboxField(field, at: location) }
        return .map(map)
    }

    /// A record as the language sees it (`message` in outbox handlers,
    /// elements of `outbox.messages`).
    func recordValue(_ record: OutboxRecord) -> Value {
        var map = OrderedDictionary<String, Value>()
        map["id"] = .string(record.id.uuidString.lowercased())
        map["type"] = .string(record.type.rawValue)
        map["name"] = .string(record.name)
        map["status"] = .string(record.status.rawValue)
        map["attempts"] = .int(record.attempts)
        if let error = record.lastError { map["error"] = .string(error) }
        map["payload"] = payloadValue(record)
        map["meta"] = (try? OutboxCoding.makeDecoder().decode(Value.self, from: record.meta)) ?? .map([:])
        map["created_at"] = .date(record.createdAt)
        return .map(map)
    }

    // MARK: Table and show

    func showOutboxTable() throws {
        let records = try allOutboxRecords()
        guard !records.isEmpty else {
            emit(.text("the outbox is empty; `outbox add T(…)` stores a message"))
            return
        }
        let uncommitted = Set((transaction?.records ?? []).map(\.id))
        let leases = currentLeases()
        var rows: [[String]] = [["ID", "TYPE", "NAME", "STATUS", "ATTEMPTS", "ERROR"]]
        for record in records {
            var status = record.status.rawValue
            if uncommitted.contains(record.id) { status += " (uncommitted)" }
            if record.status == .pending, let lease = leases[record.id] { status += " (claimed by \(lease.holder))" }
            rows.append([record.id.uuidString.lowercased(), record.type.rawValue, record.name,
                         status, "\(record.attempts)", record.status == .processed ? "" : record.lastError ?? ""])
        }
        emitTable(rows)
    }

    func outboxShow(_ identifier: OutboxIdentifier, in frame: Frame, at location: SourceLocation) throws {
        let record = try findRecord(identifier, in: frame, at: location)
        var lines = [
            "id        \(record.id.uuidString.lowercased())",
            "type      \(record.type.rawValue)",
            "name      \(record.name)",
            "status    \(record.status.rawValue)",
            "attempts  \(record.attempts)",
        ]
        if let error = record.lastError { lines.append("error     \(error)") }
        if record.status == .pending, let lease = currentLeases()[record.id] {
            lines.append("claimed   by \(lease.holder) until \(Value.date(lease.until).literalDescription); others take it after that")
        }
        lines.append("created   \(Value.date(record.createdAt).literalDescription)")
        if let processed = record.processedAt { lines.append("processed \(Value.date(processed).literalDescription)") }
        lines.append("payload   \(payloadDescription(record))")
        lines.append("meta      \(((try? OutboxCoding.makeDecoder().decode(Value.self, from: record.meta)) ?? .map([:])).literalDescription)")
        emit(.text(lines.joined(separator: "\n")))
    }

    /// The leases held now (a relay or a session has the message in hand);
    /// none when the store cannot say.
    private func currentLeases() -> [UUID: OutboxLease] {
        (try? store.outboxLeases()) ?? [:]
    }

    /// An id prefix (any case) or a String expression naming one record.
    func findRecord(_ identifier: OutboxIdentifier, in frame: Frame, at location: SourceLocation) throws -> OutboxRecord {
        let text = try identifierText(identifier, in: frame, at: location)
        guard !text.isEmpty else {
            throw ScriptFailure("give an outbox message's id, or its first digits; `outbox` lists them", at: location)
        }
        let records = try allOutboxRecords()
        let matches = records.filter { $0.id.uuidString.lowercased().hasPrefix(text) }
        switch matches.count {
        case 1:
            return matches[0]
        case 0:
            throw ScriptFailure("no outbox message has an id starting with \(text); `outbox` lists them", at: location)
        default:
            let list = matches.prefix(10).map { "\($0.id.uuidString.lowercased()) \($0.name)" }.joined(separator: ", ")
            throw ScriptFailure("the id prefix \(text) matches \(matches.count) outbox messages (\(list)); give more digits", at: location)
        }
    }

    private func identifierText(_ identifier: OutboxIdentifier, in frame: Frame, at location: SourceLocation) throws -> String {
        switch identifier {
        case .prefix(let word):
            // A bound name wins over a raw prefix (LANGUAGE.md §9).
            let bound = frame.scopeIndex(of: word) != nil || (frame.isTopLevel && globals[word] != nil)
            if !bound { return word.lowercased() }
            return try identifierText(.expression(Expr(.name(word), at: location)), in: frame, at: location)
        case .expression(let expr):
            guard case .string(let text) = try evaluate(expr, in: frame) else {
                throw ScriptFailure("an outbox id is a String (or a raw id prefix such as 1f3c)", at: expr.location)
            }
            return text.lowercased()
        }
    }

    // MARK: Processing

    func refuseInTransaction(_ word: String, at location: SourceLocation) throws {
        if let open = transaction {
            throw ScriptFailure("`outbox \(word)` runs outside transactions: commit first (the transaction began at \(open.startedAt))", at: location)
        }
    }

    /// `outbox step` (the oldest pending message) or `outbox run` (one pass).
    func processOutbox(all: Bool, at location: SourceLocation) throws {
        let word = all ? "run" : "step"
        try refuseInTransaction(word, at: location)
        try refuseWhileStepping("outbox \(word)", at: location)
        try commitChanges()
        guard try allOutboxRecords().contains(where: { $0.status == .pending }) else {
            note("nothing is pending in the outbox")
            return
        }
        bus.maxAttempts = settings.maxAttempts
        let started = ContinuousClock.now
        let report: OutboxReport?
        do {
            report = all ? try bus.processOutbox(store.outbox, now: currentDate) : try bus.processNextOutboxMessage(store.outbox, now: currentDate)
        } catch where interruptFlag.isRaised {
            giveBackClaims()
            throw Interrupted(location: location)
        } catch let abort as any CascadeAbortingError {
            throw abort
        } catch let failure as ScriptFailure {
            throw failure
        } catch {
            throw ScriptFailure("outbox processing stopped: \(error)", at: location)
        }
        guard let report, !report.skippedNoHandlers else {
            note(report == nil
                 ? "nothing is pending in the outbox"
                 : "no outbox handlers, so nothing was processed; define one with `outbox handler relay { dispatch }`")
            return
        }
        let elapsed = options.deterministic ? 0 : milliseconds(ContinuousClock.now - started)
        emit(.summary(messages: report.results.count, handlers: report.handlerRuns,
                      errors: report.failed.count + report.dead.count, milliseconds: elapsed))
    }

    /// After Ctrl-C stopped `outbox step`/`run`: gives back the message in
    /// hand (its attempt stays counted), so that relays and later sessions
    /// take it at once rather than when its lease expires, and says so.
    private func giveBackClaims() {
        do {
            let released = try store.releaseClaims()
            if released > 0 {
                note("gave back \(released) claimed message\(released == 1 ? "" : "s"); relays and other sessions may take \(released == 1 ? "it" : "them") again")
            }
        } catch {
            note("cannot give back the claimed message (\(error)); it stays claimed until its lease expires")
        }
    }

    func outboxRetry(_ identifier: OutboxIdentifier?, in frame: Frame, at location: SourceLocation) throws {
        try refuseInTransaction("retry", at: location)
        let targets: [OutboxRecord]
        if let identifier {
            let record = try findRecord(identifier, in: frame, at: location)
            guard record.status == .dead else {
                let id = record.id.uuidString.lowercased()
                throw ScriptFailure("outbox message \(id.hasPrefix("00000000-") ? id : String(id.prefix(8))) (\(record.name)) is \(record.status.rawValue), not dead; `retry` brings back dead messages only", at: location)
            }
            targets = [record]
        } else {
            targets = try allOutboxRecords().filter { $0.status == .dead }
            if targets.isEmpty {
                note("no dead messages to retry")
                return
            }
        }
        for record in targets {
            do {
                try store.outbox.retry(id: record.id)
            } catch {
                throw ScriptFailure("cannot retry \(record.id.uuidString.lowercased()): \(error)", at: location)
            }
            emit(.outbox(OutboxTrace(operation: "retried", id: record.id.uuidString.lowercased(), name: record.name, attempts: 0, error: nil)))
        }
    }

    func outboxPurge(at location: SourceLocation) throws {
        try refuseInTransaction("purge", at: location)
        let processed = try allOutboxRecords().filter { $0.status == .processed }
        do {
            try store.outbox.purgeProcessed()
        } catch {
            throw ScriptFailure("cannot purge the outbox: \(error)", at: location)
        }
        for record in processed {
            emit(.outbox(OutboxTrace(operation: "purged", id: record.id.uuidString.lowercased(), name: record.name, attempts: record.attempts, error: nil)))
        }
        note("purged \(processed.count) processed message\(processed.count == 1 ? "" : "s")")
    }

    // MARK: Outbox handlers

    /// Makes the bus's outbox handlers match the definitions.
    func registerOutboxHandlers() {
        bus.setOutboxHandlers(definitions.outboxHandlers.map { handler in
            RegisteredOutboxHandler<ContextStore>(name: handler.name) { [unowned self] record, _ in
                try self.runOutboxHandler(handler, record)
            }
        })
    }

    func runOutboxHandler(_ handler: HandlerDefinition, _ record: OutboxRecord) throws {
        let run = OutboxRun(handlerName: handler.name, record: record, recordValue: recordValue(record))
        let frame = Frame(role: .outbox(run), stepLimit: settings.stepLimit)
        _ = try execute(handler.declaration.body, in: frame)
    }

    /// `dispatch`: rebuilds the stored message from its payload, checked
    /// against the current type, and sends it through the bus. A failing
    /// command there fails the outbox handler.
    func dispatchStoredMessage(in frame: Frame, at location: SourceLocation) throws {
        guard case .outbox(let run) = frame.role else {
            throw ScriptFailure("`dispatch` is for outbox handler bodies", at: location)
        }
        let record = run.record
        guard let type = definitions.types[record.name] else {
            let place = isRelaying ? "in the relay's --handlers file (or a file it loads)" : "in this session"
            throw ScriptFailure("unknown type `\(record.name)`: the stored message's type is not defined \(place)", at: location)
        }
        guard type.messageKind == record.type.messageKind else {
            throw ScriptFailure("the stored \(record.name) is \(record.type == .command ? "a command" : "an event"), but \(record.name) is now \(type.kind == .command ? "a command" : "an event")", at: location)
        }
        let payload = try payloadFields(record, at: location)
        var fields = OrderedDictionary<String, Value>()
        for field in type.fields {
            if let value = payload[field.name] {
                guard let stored = field.type.coerce(value) else {
                    throw ScriptFailure("wrong type for field `\(field.name)` of the stored \(record.name): expected \(field.type), got \(value.typeName) \(value.literalDescription.prefix(60))", at: location)
                }
                fields[field.name] = stored
            } else if let defaultValue = field.defaultValue {
                fields[field.name] = defaultValue
            } else {
                throw ScriptFailure("missing field `\(field.name)` in the stored \(record.name)", at: location)
            }
        }
        for key in payload.keys where type.field(named: key) == nil {
            throw ScriptFailure("unknown field `\(key)` in the stored \(record.name): the type no longer has it", at: location)
        }
        let message = ScriptMessage(name: type.name, kind: type.messageKind, fields: fields)
        let previous = traceObserver.outboxID
        traceObserver.outboxID = record.id.uuidString.lowercased()
        defer { traceObserver.outboxID = previous }
        let (failure, _) = try runCascade(message, at: location)
        if var failure {
            // The outbox handler fails with the cascade's error; its summary follows.
            for event in failure.trailingEvents { emit(event) }
            failure.trailingEvents = []
            throw failure
        }
    }
}
