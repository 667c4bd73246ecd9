/// Tells observers that an outbox handler starts and, with its duration, that it finished.
///
/// The bus makes one only when observers are registered, so that without
/// observers no clock is read.
struct OutboxHandlerInvocation {
    private let observers: [any MessageBusObserver]
    private let handlerName: String
    private let record: OutboxRecord
    private let start: ContinuousClock.Instant

    /// Tells the observers that the handler starts (`willRunOutboxHandler`) and notes the time.
    init(observers: [any MessageBusObserver], handlerName: String, record: OutboxRecord) {
        self.observers = observers
        self.handlerName = handlerName
        self.record = record
        for observer in observers {
            observer.messageBus(willRunOutboxHandler: handlerName, for: record)
        }
        start = ContinuousClock.now
    }

    /// Tells the observers that the handler finished (`didRunOutboxHandler`), with its error if it threw.
    func finish(_ error: (any Error)?) {
        let duration = ContinuousClock.now - start
        for observer in observers {
            observer.messageBus(didRunOutboxHandler: handlerName, for: record, error: error, duration: duration)
        }
    }
}
