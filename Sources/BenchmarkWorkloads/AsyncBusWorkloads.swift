import MessageBus

/// W2 (`await handle` each) and W3 (one `batchHandle`, max concurrency 5).
public enum AsyncBusWorkloads {
    /// An async bus with the W1 handlers; the handlers of one event run as
    /// concurrent child tasks.
    public static func makeBus() async -> AsyncMessageBus<Int> {
        let bus = AsyncMessageBus(context: 0)
        await bus.setCommandHandler(for: PlaceOrder.self, name: "place_order") { command, handling in
            handling.emit(OrderPlaced(orderID: command.orderID, sku: command.sku, qty: command.qty))
            return nil
        }
        await bus.addEventHandler(for: OrderPlaced.self, name: "reserve_stock") { event, handling in
            handling.emit(StockReserved(orderID: event.orderID))
            return nil
        }
        await bus.addEventHandler(for: OrderPlaced.self, name: "audit") { _, _ in nil }
        await bus.addEventHandler(for: StockReserved.self, name: "stock_reserved") { _, _ in nil }
        return bus
    }

    /// W2: `await bus.handle` each of `count` commands in turn.
    public static func w2(count: Int) async throws -> WorkloadTiming {
        let commands = WorkloadInputs.commands(count)
        let bus = await makeBus()
        var handlers = 0
        let clock = Stopwatch()
        for command in commands {
            let results = try await bus.handle(command)
            handlers &+= results.count
        }
        let seconds = clock.seconds
        try expect(handlers == 4 * count, "W2", "\(handlers) handler runs for \(count) commands")
        if count > 0 {
            let first = try await bus.handle(commands[0])
            try SyncBusWorkloads.checkCascade(first, workload: "W2")
        }
        return WorkloadTiming(seconds: seconds)
    }

    /// W3: one `batchHandle` of `count` commands, max concurrency 5.
    public static func w3(count: Int) async throws -> WorkloadTiming {
        let commands: [any Message] = WorkloadInputs.commands(count)
        let bus = await makeBus()
        let clock = Stopwatch()
        let outcomes = try await bus.batchHandle(commands, maxConcurrency: 5)
        let seconds = clock.seconds
        try expect(outcomes.count == count, "W3", "\(outcomes.count) outcomes for \(count) commands")
        for outcome in outcomes {
            switch outcome {
            case .success(let results):
                try SyncBusWorkloads.checkCascade(results, workload: "W3")
            case .failure(let error):
                throw WorkloadCheckFailure("W3", "a cascade failed: \(error)")
            }
        }
        return WorkloadTiming(seconds: seconds)
    }
}
