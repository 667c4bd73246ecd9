/// What one handler invocation produced: a value or an error.
///
/// A cascade records one result per command and one per event handler,
/// failed event handlers included (see ``Cascade/results``).
public struct HandlerResult: Sendable {
    /// The message that was handled.
    public let envelope: Envelope

    /// The name of the handler that ran.
    public let handlerName: String

    /// The handler's return value, or the error it (or its `before` hook) threw.
    public let outcome: Result<(any Sendable)?, any Error>

    /// Creates a result. The bus creates them; this initialiser exists for tests and tools.
    ///
    /// - Parameters:
    ///   - envelope: The message that was handled.
    ///   - handlerName: The handler's name.
    ///   - outcome: What the handler returned or threw.
    public init(envelope: Envelope, handlerName: String, outcome: Result<(any Sendable)?, any Error>) {
        self.envelope = envelope
        self.handlerName = handlerName
        self.outcome = outcome
    }

    /// The handler's return value; `nil` when it returned `nil` or failed.
    public var value: (any Sendable)? {
        switch outcome {
        case .success(let value): value
        case .failure: nil
        }
    }

    /// The error the handler threw; `nil` when it succeeded.
    public var error: (any Error)? {
        switch outcome {
        case .success: nil
        case .failure(let error): error
        }
    }

    /// Whether the handler returned normally.
    public var succeeded: Bool {
        switch outcome {
        case .success: true
        case .failure: false
        }
    }
}
