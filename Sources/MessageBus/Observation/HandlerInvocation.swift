/// Tells observers that a handler starts and, with its duration, that it finished.
///
/// The bus makes one only when observers are registered, so that without
/// observers no clock is read and no value is built.
@usableFromInline
struct HandlerInvocation {
    private let observers: [any MessageBusObserver]
    private let handlerName: String
    private let envelope: Envelope
    private let start: ContinuousClock.Instant

    /// Tells the observers that the handler starts (`willRunHandler`) and notes the time.
    @usableFromInline
    init(observers: [any MessageBusObserver], handlerName: String, envelope: Envelope) {
        self.observers = observers
        self.handlerName = handlerName
        self.envelope = envelope
        for observer in observers {
            observer.messageBus(willRunHandler: handlerName, for: envelope)
        }
        start = ContinuousClock.now
    }

    /// Tells the observers that the handler finished (`didRunHandler`) with `outcome`.
    @usableFromInline
    func finish(_ outcome: Result<(any Sendable)?, any Error>) {
        let duration = ContinuousClock.now - start
        for observer in observers {
            observer.messageBus(didRunHandler: handlerName, for: envelope, outcome: outcome, duration: duration)
        }
    }
}
