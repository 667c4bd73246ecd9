/// What one ``Cascade/dispatchNext()`` did: the message it dispatched, its
/// handlers' results and the messages they queued.
public struct DispatchReport: Sendable {
    /// The message that was dispatched.
    public let envelope: Envelope

    /// One result per handler that ran, in the order they ran; empty for an
    /// event with no handlers.
    public let results: [HandlerResult]

    /// The messages the handlers emitted, now at the end of the queue, in
    /// handler order and, for each handler, in emit order.
    public let emitted: [Envelope]

    /// Creates a report. The cascade creates them; this initialiser exists for tests and tools.
    ///
    /// - Parameters:
    ///   - envelope: The dispatched message.
    ///   - results: Its handlers' results.
    ///   - emitted: The messages its handlers queued.
    public init(envelope: Envelope, results: [HandlerResult], emitted: [Envelope]) {
        self.envelope = envelope
        self.results = results
        self.emitted = emitted
    }
}
