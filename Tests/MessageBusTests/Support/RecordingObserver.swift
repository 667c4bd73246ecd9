import MessageBus

/// Records every observer call as one line of text, in order.
final class RecordingObserver: MessageBusObserver {
    private(set) var lines: [String] = []
    private(set) var durations: [Duration] = []

    func messageBus(didDispatch envelope: Envelope, handlerCount: Int) {
        lines.append("dispatch \(envelope.id) \(envelope.message.messageName) cause=\(Self.text(envelope.causationID)) handlers=\(handlerCount)")
    }

    func messageBus(willRunHandler name: String, for envelope: Envelope) {
        lines.append("will \(name) \(envelope.id)")
    }

    func messageBus(didRunHandler name: String, for envelope: Envelope, outcome: Result<(any Sendable)?, any Error>, duration: Duration) {
        durations.append(duration)
        switch outcome {
        case .success(let value?):
            lines.append("did \(name) \(envelope.id) ok \(value)")
        case .success(nil):
            lines.append("did \(name) \(envelope.id) ok nil")
        case .failure(let error):
            lines.append("did \(name) \(envelope.id) failed \(error)")
        }
    }

    func messageBus(didEmit envelope: Envelope, from handlerName: String) {
        lines.append("emit \(envelope.id) \(envelope.message.messageName) cause=\(Self.text(envelope.causationID)) from \(handlerName)")
    }

    func messageBus(foundNoHandlersFor envelope: Envelope) {
        lines.append("unhandled \(envelope.id) \(envelope.message.messageName)")
    }

    private static func text(_ id: MessageID?) -> String {
        id.map { "\($0)" } ?? "nil"
    }
}
