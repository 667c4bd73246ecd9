import Foundation
import MessageBus

/// A cascade opened with `step`, advanced with `next` and `run`.
struct SteppedCascade {
    var cascade: Cascade<ContextStore>
    var sentAt: SourceLocation
    /// Time spent dispatching (not waiting at the prompt between `next`s).
    var busy: Duration = .zero
}

extension Interpreter {
    /// Runs the statements that are not plain code: definitions and the
    /// top-level command words.
    func executeCommand(_ statement: Stmt, in frame: Frame) throws {
        let location = statement.location
        switch statement.kind {
        case .defineType(let declaration):
            try defineType(declaration, at: location)
        case .defineHandler(let declaration):
            try defineHandler(declaration, at: location)
        case .defineFunction(let declaration):
            try defineFunction(declaration, at: location)
        case .send(let literal):
            try refuseWhileStepping("send", at: location)
            try send(literal, in: frame, at: location)
        case .batch(let literals):
            try refuseWhileStepping("batch", at: location)
            try batch(literals, in: frame, at: location)
        case .step(let literal):
            try refuseWhileStepping("step", at: location)
            try step(literal, in: frame, at: location)
        case .next:
            try next(at: location)
        case .run:
            try runStepped(at: location)
        case .queue:
            showQueue(at: location)
        case .types:
            listTypes()
        case .handlers:
            listHandlers()
        case .vars:
            listVars()
        case .show(let name):
            try show(name, at: location)
        case .remove(let name):
            try remove(name, at: location)
        case .set(let name, let value):
            try set(name, value, at: location)
        case .reset(let data):
            try resetSession(data: data, at: location)
        case .load(let expr):
            try refuseWhileStepping("load", at: location)
            guard case .string(let path) = try evaluate(expr, in: frame) else {
                throw ScriptFailure("`load` takes a path String, as in `load \"lesson.bus\"`", at: expr.location)
            }
            try load(path, at: location)
        case .save(let expr):
            guard case .string(let path) = try evaluate(expr, in: frame) else {
                throw ScriptFailure("`save` takes a path String, as in `save \"session.bus\"`", at: expr.location)
            }
            try save(to: path, at: location)
        case .help(let topic):
            try help(topic, at: location)
        case .quit(let expr):
            var status: Int32 = 0
            if let expr {
                guard case .int(let n) = try evaluate(expr, in: frame), let code = Int32(exactly: n), (0...255).contains(code) else {
                    throw ScriptFailure("`exit` takes a status from 0 to 255", at: expr.location)
                }
                status = code
            }
            throw ExitRequest(status: status)
        case .expectError(let text, let inner):
            try expectError(text, inner, at: location)
        case .graph(let typeName, let format):
            try showGraph(typeName, format: format, at: location)
        case .begin:
            try begin(at: location)
        case .commit:
            try commit(at: location)
        case .rollback:
            try rollback(at: location)
        case .outboxAdd(let literal, let meta):
            try outboxAdd(literal, meta: meta, in: frame, at: location)
        case .outboxTable:
            try showOutboxTable()
        case .outboxShow(let id):
            try outboxShow(id, in: frame, at: location)
        case .outboxStep:
            try processOutbox(all: false, at: location)
        case .outboxRun:
            try processOutbox(all: true, at: location)
        case .outboxRetry(let id):
            try outboxRetry(id, in: frame, at: location)
        case .outboxPurge:
            try outboxPurge(at: location)
        case .dispatch:
            try dispatchStoredMessage(in: frame, at: location)
        case .crash:
            throw SimulatedCrash(location: location)
        default:
            throw ScriptFailure("this statement cannot run here", at: location)
        }
    }

    // MARK: Stepping

    func refuseWhileStepping(_ word: String, at location: SourceLocation) throws {
        guard let stepped = steppedCascade else { return }
        throw ScriptFailure("`\(word)` is refused while the cascade stepped at \(stepped.sentAt) is open; finish it with `run` (or `next`)", at: location)
    }

    func step(_ literal: MessageLiteral, in frame: Frame, at location: SourceLocation) throws {
        let message = try buildMessage(literal, in: frame)
        bus.cascadeLimit = settings.cascadeLimit
        emit(.cascadeStarted(stepping: true))
        let cascade = bus.startCascade(message)
        traceObserver.begin(root: cascade.root.id.rawValue, sentAt: location)
        steppedCascade = SteppedCascade(cascade: cascade, sentAt: location)
        emit(.text("queued \(message.name) #\(cascade.root.id.rawValue); `next` dispatches it, `run` finishes the cascade"))
    }

    func next(at location: SourceLocation) throws {
        guard let stepped = steppedCascade else {
            throw ScriptFailure("no cascade is open; start one with `step T(…)`", at: location)
        }
        var failure: ScriptFailure?
        var report: DispatchReport?
        let started = ContinuousClock.now
        do {
            report = try stepped.cascade.dispatchNext()
        } catch let error as any CascadeAbortingError {
            throw error
        } catch {
            failure = diagnose(error, statement: location)
        }
        steppedCascade?.busy += ContinuousClock.now - started
        if let report, failure == nil, !stepped.cascade.isFinished {
            let queued = report.emitted.map { "\($0.message.messageName) #\($0.id.rawValue)" }
            let waiting = stepped.cascade.pending.count
            emit(.text(queued.isEmpty
                ? "nothing emitted; \(waiting) waiting"
                : "queued \(queued.joined(separator: ", ")); \(waiting) waiting"))
            return
        }
        try closeStepped(failure: failure)
    }

    func runStepped(at location: SourceLocation) throws {
        guard let stepped = steppedCascade else {
            throw ScriptFailure("no cascade is open; start one with `step T(…)`", at: location)
        }
        var failure: ScriptFailure?
        let started = ContinuousClock.now
        do {
            try stepped.cascade.run()
        } catch let error as any CascadeAbortingError {
            throw error
        } catch {
            failure = diagnose(error, statement: location)
        }
        steppedCascade?.busy += ContinuousClock.now - started
        try closeStepped(failure: failure)
    }

    private func closeStepped(failure: ScriptFailure?) throws {
        guard let stepped = steppedCascade else { return }
        steppedCascade = nil
        let (error, outcome) = finish(stepped.cascade, failure: failure, busy: stepped.busy)
        lastOutcome = .cascade(outcome)
        if let error { throw error }
    }

    func showQueue(at location: SourceLocation) {
        guard let stepped = steppedCascade else {
            emit(.text("no cascade is open; `step T(…)` starts one"))
            return
        }
        let pending = stepped.cascade.pending
        if pending.isEmpty {
            emit(.text("the queue is empty"))
            return
        }
        var rows: [[String]] = [["#", "MESSAGE", "CAUSE", "FIELDS"]]
        for envelope in pending {
            var fields = ""
            if let message = envelope.message as? ScriptMessage {
                fields = message.fields.map { "\($0.key): \($0.value.literalDescription)" }.joined(separator: ", ")
            }
            rows.append(["\(envelope.id.rawValue)", envelope.message.messageName, envelope.causationID.map { "#\($0.rawValue)" } ?? "-", fields])
        }
        emitTable(rows)
    }

    /// A script that ends with an open cascade discards it with a note.
    func discardSteppedCascade() {
        guard let stepped = steppedCascade else { return }
        steppedCascade = nil
        note("discarded the stepped cascade started at \(stepped.sentAt) (\(stepped.cascade.pending.count) message\(stepped.cascade.pending.count == 1 ? "" : "s") waiting)")
    }

    // MARK: Settings

    func set(_ name: String?, _ value: SettingValue?, at location: SourceLocation) throws {
        guard let name else {
            let rows: [[String]] = [
                ["SETTING", "VALUE"],
                ["trace", settings.trace.rawValue],
                ["color", settings.color.rawValue],
                ["cascade_limit", "\(settings.cascadeLimit)"],
                ["step_limit", "\(settings.stepLimit)"],
                ["max_attempts", "\(settings.maxAttempts)"],
            ]
            emitTable(rows)
            return
        }
        guard let value else {
            throw ScriptFailure("`set \(name)` needs a value, as in `set \(name) \(Interpreter.settingExample(name))`", at: location)
        }
        func word() -> String? {
            switch value {
            case .word(let w), .string(let w): return w
            case .bool(let b): return b ? "on" : "off"
            default: return nil
            }
        }
        func positive() throws -> Int {
            guard case .int(let n) = value, n > 0 else {
                throw ScriptFailure("`\(name)` takes a whole number above 0", at: location)
            }
            return n
        }
        switch name {
        case "trace":
            guard let w = word(), let mode = TraceMode(rawValue: w) else {
                throw ScriptFailure("`trace` is one of tree, flat, json, off", at: location)
            }
            settings.trace = mode
        case "color":
            guard let w = word(), let mode = ColorMode(rawValue: w) else {
                throw ScriptFailure("`color` is one of on, off, auto", at: location)
            }
            settings.color = mode
        case "cascade_limit":
            settings.cascadeLimit = try positive()
        case "step_limit":
            settings.stepLimit = try positive()
        case "max_attempts":
            settings.maxAttempts = try positive()
        default:
            let names = ["trace", "color", "cascade_limit", "step_limit", "max_attempts"]
            throw ScriptFailure("unknown setting `\(name)`\(DidYouMean.hint(for: name, among: names)); the settings are \(names.joined(separator: ", "))", at: location)
        }
    }

    static func settingExample(_ name: String) -> String {
        switch name {
        case "trace": "json"
        case "color": "off"
        default: "100"
        }
    }

    // MARK: expect error

    func expectError(_ text: String?, _ inner: Stmt, at location: SourceLocation) throws {
        do {
            try runTopLevel(inner)
        } catch let failure as ScriptFailure {
            if let text, !text.isEmpty, !failure.message.contains(text) {
                var mismatch = ScriptFailure("expected an error containing \(Value.string(text).literalDescription), but got: \(failure.message)", at: location)
                mismatch.trailingEvents = failure.trailingEvents
                throw mismatch
            }
            // The caught cascade's summary first, so the tree is shown before the note.
            for event in failure.trailingEvents { emit(event) }
            note("expected error: \(failure.message)")
            return
        }
        throw ScriptFailure("expected an error, but the statement succeeded", at: location)
    }
}
