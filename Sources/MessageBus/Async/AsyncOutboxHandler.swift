/// A Swift type that processes outbox records for an ``AsyncMessageBus``,
/// with optional hooks around its body.
///
/// The `async` twin of ``OutboxHandler`` (the seed's `OutboxHandlerABC`).
/// Register instances with ``AsyncMessageBus/addOutboxHandler(_:name:)``; they
/// run one after the other, in registration order, for every record:
/// ``before(_:in:)``, then ``handle(_:in:)`` (skipped when `before` threw),
/// then ``after(_:in:)``, which always runs.
///
/// ```swift
/// struct Relay: AsyncOutboxHandler {
///     func handle(_ record: OutboxRecord, in handling: AsyncOutboxHandlerContext<Shop>) async throws {
///         guard record.name == OrderPlaced.messageName else { return }
///         try await handling.dispatch(record.decodePayload(as: OrderPlaced.self))
///     }
/// }
/// await bus.addOutboxHandler(Relay())
/// ```
public protocol AsyncOutboxHandler<Context>: Sendable {
    /// The bus's context type.
    associatedtype Context

    /// Runs before ``handle(_:in:)``. The default does nothing.
    ///
    /// - Parameters:
    ///   - record: The record being processed, as claimed (``OutboxRecord/attempts`` is this attempt's number).
    ///   - handling: This run's context.
    /// - Throws: Any error; ``handle(_:in:)`` is then skipped and the attempt fails.
    func before(_ record: OutboxRecord, in handling: AsyncOutboxHandlerContext<Context>) async throws

    /// Processes one record.
    ///
    /// - Parameters:
    ///   - record: The record being processed, as claimed.
    ///   - handling: This run's context.
    /// - Throws: Any error; the attempt fails, the remaining handlers are
    ///   skipped and the error is recorded (a ``CascadeAbortingError`` ends the
    ///   whole outbox pass instead, unrecorded).
    func handle(_ record: OutboxRecord, in handling: AsyncOutboxHandlerContext<Context>) async throws

    /// Runs last, even when ``before(_:in:)`` or ``handle(_:in:)`` threw. The default does nothing.
    ///
    /// - Parameters:
    ///   - record: The record being processed, as claimed.
    ///   - handling: This run's context.
    func after(_ record: OutboxRecord, in handling: AsyncOutboxHandlerContext<Context>) async
}

extension AsyncOutboxHandler {
    /// Does nothing.
    public func before(_ record: OutboxRecord, in handling: AsyncOutboxHandlerContext<Context>) async throws {}

    /// Does nothing.
    public func after(_ record: OutboxRecord, in handling: AsyncOutboxHandlerContext<Context>) async {}
}
