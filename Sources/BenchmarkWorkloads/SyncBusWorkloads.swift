import MessageBus

/// W1 (the sync bus) and L2 (the same topology as plain function calls).
public enum SyncBusWorkloads {
    /// A sync bus with the W1 handlers.
    public static func makeBus() -> MessageBus<Void> {
        let bus = MessageBus(context: ())
        bus.setCommandHandler(for: PlaceOrder.self, name: "place_order") { command, handling in
            handling.emit(OrderPlaced(orderID: command.orderID, sku: command.sku, qty: command.qty))
            return nil
        }
        bus.addEventHandler(for: OrderPlaced.self, name: "reserve_stock") { event, handling in
            handling.emit(StockReserved(orderID: event.orderID))
            return nil
        }
        bus.addEventHandler(for: OrderPlaced.self, name: "audit") { _, _ in nil }
        bus.addEventHandler(for: StockReserved.self, name: "stock_reserved") { _, _ in nil }
        return bus
    }

    /// Checks one command's results: 4 handlers of 3 messages, in FIFO order.
    static func checkCascade(_ results: [HandlerResult], workload: String) throws {
        try expect(results.map(\.handlerName) == WorkloadInputs.cascadeHandlers, workload,
                   "handlers \(results.map(\.handlerName))")
        try expect(results.allSatisfy(\.succeeded), workload, "a handler failed")
        try expect(results.map(\.envelope.message.messageName) == ["PlaceOrder", "OrderPlaced", "OrderPlaced", "StockReserved"],
                   workload, "messages \(results.map(\.envelope.message.messageName))")
    }

    /// W1: `handle` each of `count` commands in turn. Checks every cascade's size
    /// and the first one's order in full.
    public static func w1(count: Int) throws -> WorkloadTiming {
        let commands = WorkloadInputs.commands(count)
        let bus = makeBus()
        var handlers = 0
        let clock = Stopwatch()
        for command in commands {
            let results = try bus.handle(command)
            handlers &+= results.count
        }
        let seconds = clock.seconds
        try expect(handlers == 4 * count, "W1", "\(handlers) handler runs for \(count) commands")
        if count > 0 {
            try checkCascade(bus.handle(commands[0]), workload: "W1")
        }
        return WorkloadTiming(seconds: seconds)
    }

    /// W1 without prebuilt inputs (each command made as it is sent), for the
    /// peak-memory runs at 10⁵ and 10⁶: the memory is then the bus's alone.
    public static func w1Streaming(count: Int) throws -> WorkloadTiming {
        let bus = makeBus()
        var handlers = 0
        let clock = Stopwatch()
        for i in 0..<count {
            let results = try bus.handle(WorkloadInputs.command(i))
            handlers &+= results.count
        }
        let seconds = clock.seconds
        try expect(handlers == 4 * count, "W1", "\(handlers) handler runs for \(count) commands")
        return WorkloadTiming(seconds: seconds)
    }

    /// L2: the W1 topology as plain calls, FIFO, without a bus.
    public static func l2(count: Int) throws -> WorkloadTiming {
        let commands = WorkloadInputs.commands(count)
        var sink = PlainSink()
        let clock = Stopwatch()
        for command in commands {
            PlainHandlers.run(command, into: &sink)
        }
        let seconds = clock.seconds
        try expect(sink.handlers == 4 * count, "L2", "\(sink.handlers) handler runs for \(count) commands")
        try expect(sink.orderIDs == (0..<count).reduce(0, &+) &* 2, "L2", "order ids \(sink.orderIDs)")
        return WorkloadTiming(seconds: seconds)
    }
}

/// What L2's handlers leave behind, so that the optimiser keeps them.
struct PlainSink {
    var handlers = 0
    var orderIDs = 0
}

/// L2's handlers: one function each, called in the bus's FIFO order.
enum PlainHandlers {
    @inline(never)
    static func run(_ command: PlaceOrder, into sink: inout PlainSink) {
        let placed = placeOrder(command, &sink)
        let reserved = reserveStock(placed, &sink)
        audit(placed, &sink)
        stockReserved(reserved, &sink)
    }

    @inline(never)
    static func placeOrder(_ command: PlaceOrder, _ sink: inout PlainSink) -> OrderPlaced {
        sink.handlers += 1
        return OrderPlaced(orderID: command.orderID, sku: command.sku, qty: command.qty)
    }

    @inline(never)
    static func reserveStock(_ event: OrderPlaced, _ sink: inout PlainSink) -> StockReserved {
        sink.handlers += 1
        return StockReserved(orderID: event.orderID)
    }

    @inline(never)
    static func audit(_ event: OrderPlaced, _ sink: inout PlainSink) {
        sink.handlers += 1
        sink.orderIDs &+= event.orderID
    }

    @inline(never)
    static func stockReserved(_ event: StockReserved, _ sink: inout PlainSink) {
        sink.handlers += 1
        sink.orderIDs &+= event.orderID
    }
}
