extension AsyncMessageBus {
    /// Handles `message` and every message its handlers emit, breadth-first,
    /// until the queue is empty (the seed's `await message_bus.handle(...)`).
    ///
    /// The order of dispatches, the message ids and the results are those
    /// ``MessageBus/handle(_:)`` gives for the same handlers, although the
    /// handlers of each event run concurrently (see ``AsyncMessageBus``).
    ///
    /// Cancelling the calling task stops the cascade cleanly: no message is
    /// dispatched after the cancellation is seen. The bus checks before each
    /// dispatch, and again when the handlers of a dispatch have finished (they
    /// run in the cancelled task or its children, so a handler that awaits
    /// something cancellable is woken up); the results and emitted messages of
    /// that dispatch are then dropped, not half recorded, and the call throws
    /// `CancellationError`. A cascade whose last dispatch finished is returned
    /// normally even if the task was cancelled meanwhile.
    ///
    /// - Parameter message: The command or event to handle.
    /// - Returns: One result per command and one per event handler, in
    ///   dispatch order and, for an event, in handler registration order;
    ///   failed event handlers are included.
    /// - Throws: ``MessageBusError/noHandler(messageName:)`` or
    ///   ``MessageBusError/commandHandlerFailed(messageName:handlerName:underlying:)``
    ///   when a command of the cascade has no handler or its handler throws;
    ///   ``MessageBusError/cascadeLimitExceeded(limit:)`` when the cascade grows
    ///   past ``cascadeLimit``; a ``CascadeAbortingError`` thrown by any handler,
    ///   unchanged (when several handlers of one event throw one, the first in
    ///   registration order; the others of that event are cancelled);
    ///   `CancellationError` when the calling task was cancelled. The rest of
    ///   the queue is then dropped.
    /// - Complexity: O(*m*·*h*) for *m* messages dispatched and *h* handlers per message.
    @discardableResult
    public func handle(_ message: any Message) async throws -> [HandlerResult] {
        var ledger = CascadeLedger(root: Envelope(id: takeMessageID(), causationID: nil, message: message))
        while let envelope = try takeNext(&ledger) {
            do {
                switch envelope.message.messageKind {
                case .command:
                    try await dispatchCommand(envelope, ledger: &ledger)
                case .event:
                    try await dispatchEvent(envelope, ledger: &ledger)
                }
            } catch {
                throw ledger.fail(error)
            }
        }
        return ledger.results
    }

    /// Handles `messages` concurrently, at most `maxConcurrency` cascades at a
    /// time (the seed's asynchronous `batch_handle`).
    ///
    /// Each message starts its own cascade, as ``handle(_:)`` would; a new one
    /// starts when a running one ends, in input order. A failing cascade does
    /// not stop the others: its entry holds the error.
    ///
    /// ```swift
    /// let outcomes = try await bus.batchHandle(orders, maxConcurrency: 3)
    /// for (order, outcome) in zip(orders, outcomes) {
    ///     if case .failure(let error) = outcome { print(order, "failed:", error) }
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - messages: The messages to handle.
    ///   - maxConcurrency: The most cascades running at once. Default: 5, as
    ///     in the seed. Values below 1 count as 1.
    /// - Returns: One entry per message, in input order (entry *i* is for
    ///   `messages[i]`): the cascade's results, or the error ``handle(_:)``
    ///   threw for it.
    /// - Throws: A ``CascadeAbortingError`` thrown in any cascade, unchanged
    ///   (for several, the one of the earliest message): the running cascades
    ///   are cancelled and no further one starts, as the synchronous
    ///   ``MessageBus/batchHandle(_:)`` stops. `CancellationError` when the
    ///   calling task is cancelled before every cascade has finished: no
    ///   further cascade starts and the running ones stop as ``handle(_:)`` does.
    public func batchHandle(
        _ messages: [any Message],
        maxConcurrency: Int = 5
    ) async throws -> [Result<[HandlerResult], any Error>] {
        let width = max(maxConcurrency, 1)
        var outcomes = [Result<[HandlerResult], any Error>?](repeating: nil, count: messages.count)
        var aborting: (index: Int, error: any Error)?

        await withTaskGroup(of: BatchEntry.self) { group in
            var next = 0
            func startNext() {
                let index = next
                let message = messages[index]
                next += 1
                group.addTask {
                    do {
                        return BatchEntry(index: index, outcome: .success(try await self.handle(message)))
                    } catch {
                        return BatchEntry(index: index, outcome: .failure(error))
                    }
                }
            }

            while next < messages.count, next < width, !Task.isCancelled {
                startNext()
            }
            while let entry = await group.next() {
                outcomes[entry.index] = entry.outcome
                if let error = entry.outcome.abortingError {
                    if aborting.map({ entry.index < $0.index }) ?? true {
                        aborting = (entry.index, error)
                    }
                    group.cancelAll()
                }
                if aborting == nil, next < messages.count, !Task.isCancelled {
                    startNext()
                }
            }
        }

        if let aborting {
            throw aborting.error
        }
        var results: [Result<[HandlerResult], any Error>] = []
        results.reserveCapacity(outcomes.count)
        for outcome in outcomes {
            // An entry is missing, or is the bus's own CancellationError,
            // only when the calling task was cancelled.
            guard let outcome else { throw CancellationError() }
            if case .failure(let error) = outcome, error is CancellationError, Task.isCancelled {
                throw CancellationError()
            }
            results.append(outcome)
        }
        return results
    }

    // MARK: Dispatching

    /// Takes the next message of the cascade, unless the task is cancelled.
    ///
    /// - Throws: `CancellationError` when the task is cancelled and messages
    ///   are still queued; what ``CascadeLedger/takeNext(limit:)`` throws.
    private func takeNext(_ ledger: inout CascadeLedger) throws -> Envelope? {
        if Task.isCancelled, !ledger.queue.isEmpty {
            throw ledger.fail(CancellationError())
        }
        return try ledger.takeNext(limit: cascadeLimit)
    }

    /// Runs the one handler of a command, outside the actor, and records it.
    ///
    /// - Throws: ``MessageBusError/noHandler(messageName:)``,
    ///   ``MessageBusError/commandHandlerFailed(messageName:handlerName:underlying:)``,
    ///   a ``CascadeAbortingError`` unchanged, or `CancellationError`.
    private func dispatchCommand(_ envelope: Envelope, ledger: inout CascadeLedger) async throws {
        let handler = commandHandlerTable[envelope.message.messageName]
        let observers = self.observers
        CascadeLedger.announce(envelope, handlerCount: handler == nil ? 0 : 1, to: observers)
        guard let handler else {
            throw ledger.missingCommandHandler(for: envelope, logger: logger)
        }

        ledger.handlerRunCount += 1
        let (outcome, emitted) = try await runInCurrentTask(handler.name, for: envelope) {
            await handler.run(envelope, handling: $0, observers: observers)
        }
        try ledger.recordCommand(
            envelope,
            handlerName: handler.name,
            outcome: outcome,
            emitted: emitted,
            observers: observers,
            logger: logger,
            takeID: { self.takeMessageID() }
        )
    }

    /// Runs one handler in the current task with a context of its own.
    ///
    /// - Parameters:
    ///   - handlerName: The handler's name, for its context.
    ///   - envelope: The message it handles.
    ///   - run: Runs the handler with the context it is given.
    /// - Returns: What the handler returned or threw, and what it emitted.
    /// - Throws: A ``CascadeAbortingError`` the handler threw, unchanged, or
    ///   `CancellationError`: the run is then not to be recorded.
    private func runInCurrentTask(
        _ handlerName: String,
        for envelope: Envelope,
        _ run: (AsyncHandlerContext<Context>) async -> Result<(any Sendable)?, any Error>
    ) async throws -> (outcome: Result<(any Sendable)?, any Error>, emitted: EmittedMessages) {
        let handling = AsyncHandlerContext(bus: self, envelope: envelope, handlerName: handlerName)
        let outcome = await run(handling)
        let emitted = handling.close()
        if let error = outcome.abortingError {
            throw error
        }
        try Task.checkCancellation()
        return (outcome, emitted)
    }

    /// Runs the handlers of an event concurrently, outside the actor, then
    /// records them in registration order.
    ///
    /// - Throws: A ``CascadeAbortingError`` unchanged, or `CancellationError`;
    ///   the dispatch is then not recorded.
    private func dispatchEvent(_ envelope: Envelope, ledger: inout CascadeLedger) async throws {
        let handlers = eventHandlerTable[envelope.message.messageName] ?? []
        let observers = self.observers
        CascadeLedger.announce(envelope, handlerCount: handlers.count, to: observers)
        guard !handlers.isEmpty else { return }

        ledger.handlerRunCount += handlers.count
        // One handler runs in the current task and is recorded directly: no
        // task group and no array of runs (issue 7: W2's allocations).
        if handlers.count == 1, let handler = handlers.first {
            let (outcome, emitted) = try await runInCurrentTask(handler.name, for: envelope) {
                await handler.run(envelope, handling: $0, observers: observers)
            }
            try ledger.recordEventHandler(
                envelope,
                handlerName: handler.name,
                outcome: outcome,
                emitted: emitted,
                observers: observers,
                logger: logger,
                takeID: { self.takeMessageID() }
            )
            return
        }

        let runs = await runEventHandlersConcurrently(handlers, for: envelope, observers: observers)
        if let error = runs.lazy.compactMap({ $0?.outcome.abortingError }).first {
            throw error
        }
        try Task.checkCancellation()
        for case let run? in runs {
            try ledger.recordEventHandler(
                envelope,
                handlerName: run.handlerName,
                outcome: run.outcome,
                emitted: run.emitted,
                observers: observers,
                logger: logger,
                takeID: { self.takeMessageID() }
            )
        }
    }

    /// Runs `handlers` for `envelope`, each in a child task, and waits for
    /// all of them.
    ///
    /// When one throws a ``CascadeAbortingError``, the others are cancelled.
    ///
    /// - Returns: One run per handler, in registration order (every entry is
    ///   set: each child task returns its run).
    private func runEventHandlersConcurrently(
        _ handlers: [AsyncRegisteredEventHandler<Context>],
        for envelope: Envelope,
        observers: [any MessageBusObserver & Sendable]
    ) async -> [EventHandlerRun?] {
        await withTaskGroup(of: EventHandlerRun.self) { group in
            for (index, handler) in handlers.enumerated() {
                let handling = AsyncHandlerContext(bus: self, envelope: envelope, handlerName: handler.name)
                group.addTask {
                    let outcome = await handler.run(envelope, handling: handling, observers: observers)
                    return EventHandlerRun(index: index, handlerName: handler.name, outcome: outcome, emitted: handling.close())
                }
            }
            var runs = [EventHandlerRun?](repeating: nil, count: handlers.count)
            while let run = await group.next() {
                if run.outcome.abortingError != nil {
                    group.cancelAll()
                }
                runs[run.index] = run
            }
            return runs
        }
    }
}

// The child tasks of `batchHandle` and `runEventHandlers` return these named
// structs, not tuples: with Swift 6.3.1, an optimised build read a
// `(Int, Result<[HandlerResult], any Error>)` child result back with a
// garbage index (and trapped on it), while the same code worked in debug
// builds; the structs avoid that miscompilation.

/// The outcome of the cascade of `messages[index]` in a batch.
private struct BatchEntry: Sendable {
    var index: Int
    var outcome: Result<[HandlerResult], any Error>
}

/// What one event handler did in a dispatch: its outcome and, if it
/// succeeded, what it emitted.
private struct EventHandlerRun: Sendable {
    /// The handler's position in registration order.
    var index: Int
    var handlerName: String
    var outcome: Result<(any Sendable)?, any Error>
    var emitted: EmittedMessages
}
