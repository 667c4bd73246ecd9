import Foundation
import MessageBus

/// Records every outbox observer call as one line of text, in order.
final class OutboxRecordingObserver: MessageBusObserver {
    private(set) var lines: [String] = []
    private(set) var durations: [Duration] = []

    func messageBus(didClaimOutboxRecord record: OutboxRecord) {
        lines.append("claim \(record.name) \(record.orderID) attempt \(record.attempts) \(record.status.rawValue)")
    }

    func messageBus(willRunOutboxHandler name: String, for record: OutboxRecord) {
        lines.append("will \(name) \(record.orderID)")
    }

    func messageBus(didRunOutboxHandler name: String, for record: OutboxRecord, error: (any Error)?, duration: Duration) {
        durations.append(duration)
        lines.append("did \(name) \(record.orderID) " + (error.map { "failed \($0)" } ?? "ok"))
    }

    func messageBus(didFinishOutboxRecord record: OutboxRecord, outcome: OutboxOutcome) {
        let text: String
        switch outcome {
        case .processed: text = "processed"
        case .failed(let error): text = "failed \(error)"
        case .dead(let error): text = "dead \(error)"
        }
        lines.append("finish \(record.orderID) \(text) status=\(record.status.rawValue) attempts=\(record.attempts) error=\(record.lastError ?? "nil")")
    }

    func messageBus(didDispatch envelope: Envelope, handlerCount: Int) {
        lines.append("dispatch \(envelope.message.messageName)")
    }
}
