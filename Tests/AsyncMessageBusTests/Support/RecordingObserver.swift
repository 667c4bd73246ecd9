import MessageBus
import Foundation

/// Records every observer call as one line of text, in the order they came.
///
/// `Sendable` (a lock guards the lines), so it observes the async bus,
/// whose calls come from several tasks, and the synchronous bus alike.
final class RecordingObserver: MessageBusObserver, Sendable {
    private let storage = Locked<[String]>([])

    var lines: [String] { storage.withLock { $0 } }

    /// The lines about dispatches, missing handlers and emissions: the
    /// cascade's order, which does not depend on how handlers are run.
    var cascadeLines: [String] {
        lines.filter { $0.hasPrefix("dispatch ") || $0.hasPrefix("emit ") || $0.hasPrefix("unhandled ") }
    }

    /// The dispatched messages, as `Name(label)`.
    var dispatched: [String] {
        lines.compactMap { line in
            guard line.hasPrefix("dispatch ") else { return nil }
            return line.split(separator: " ").dropFirst(2).first.map(String.init)
        }
    }

    private func append(_ line: String) {
        storage.withLock { $0.append(line) }
    }

    func messageBus(didDispatch envelope: Envelope, handlerCount: Int) {
        append("dispatch \(envelope.id) \(envelope.label) cause=\(Self.text(envelope.causationID)) handlers=\(handlerCount)")
    }

    func messageBus(willRunHandler name: String, for envelope: Envelope) {
        append("will \(name) \(envelope.id)")
    }

    func messageBus(didRunHandler name: String, for envelope: Envelope, outcome: Result<(any Sendable)?, any Error>, duration: Duration) {
        switch outcome {
        case .success(let value?):
            append("did \(name) \(envelope.id) ok \(value)")
        case .success(nil):
            append("did \(name) \(envelope.id) ok nil")
        case .failure(let error):
            append("did \(name) \(envelope.id) failed \(error)")
        }
    }

    func messageBus(didEmit envelope: Envelope, from handlerName: String) {
        append("emit \(envelope.id) \(envelope.label) cause=\(Self.text(envelope.causationID)) from \(handlerName)")
    }

    func messageBus(foundNoHandlersFor envelope: Envelope) {
        append("unhandled \(envelope.id) \(envelope.label)")
    }

    func messageBus(didClaimOutboxRecord record: OutboxRecord) {
        append("claim \(record.name) attempt \(record.attempts)")
    }

    func messageBus(willRunOutboxHandler name: String, for record: OutboxRecord) {
        append("will outbox \(name) \(record.name)")
    }

    func messageBus(didRunOutboxHandler name: String, for record: OutboxRecord, error: (any Error)?, duration: Duration) {
        append("did outbox \(name) \(record.name) \(error.map { "failed \($0)" } ?? "ok")")
    }

    func messageBus(didFinishOutboxRecord record: OutboxRecord, outcome: OutboxOutcome) {
        append("finish \(record.name) \(record.status.rawValue) \(outcome)")
    }

    private static func text(_ id: MessageID?) -> String {
        id.map { "\($0)" } ?? "nil"
    }
}
