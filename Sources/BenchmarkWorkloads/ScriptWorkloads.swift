import BusScript

/// S1–S3: busctl's workloads. The script defines the W1 types and handlers in
/// busctl's language, then has one `send` line per command.
public enum ScriptWorkloads {
    /// The definitions: the W1 types and handlers.
    public static let prelude = """
        command PlaceOrder(order_id: Int, sku: String, qty: Int)
        event OrderPlaced(order_id: Int, sku: String, qty: Int)
        event StockReserved(order_id: Int)

        handle PlaceOrder as place_order {
          emit OrderPlaced(order_id: msg.order_id, sku: msg.sku, qty: msg.qty)
        }
        on OrderPlaced as reserve_stock {
          emit StockReserved(order_id: msg.order_id)
        }
        on OrderPlaced as audit {
        }
        on StockReserved as stock_reserved {
        }

        """

    /// The script of `count` commands: the prelude and one `send` per input.
    public static func script(count: Int) -> String {
        var text = prelude
        text.reserveCapacity(prelude.utf8.count + count * 60)
        for i in 0..<count {
            let command = WorkloadInputs.command(i)
            text += "send PlaceOrder(order_id: \(command.orderID), sku: \"\(command.sku)\", qty: \(command.qty))\n"
        }
        return text
    }

    /// Runs the script of `count` commands in a session with the tree trace and
    /// checks every cascade: 3 messages, 4 handlers, no error, and the first
    /// cascade's handlers in FIFO order. busbench runs the same script through
    /// the busctl binary; this is its check without a process.
    public static func checkInSession(count: Int) throws {
        let output = CountingOutput()
        var options = SessionOptions()
        options.trace = .tree
        options.deterministic = true
        let session = Session(options: options, output: output)
        let result = session.run(source: script(count: count), file: "bench.bus")
        session.finish()
        try expect(result.failures == 0, "S1", "\(result.failures) failures; first error: \(output.firstError ?? "none")")
        try expect(output.summaries == count, "S1", "\(output.summaries) cascades for \(count) sends")
        try expect(output.wrongSummaries == 0, "S1", "\(output.wrongSummaries) cascades were not 3 messages, 4 handlers, 0 errors")
        if count > 0 {
            try expect(Array(output.handlers.prefix(4)) == WorkloadInputs.cascadeHandlers, "S1", "handlers \(output.handlers.prefix(4))")
        }
    }
}

/// Counts what a session shows.
final class CountingOutput: SessionOutput {
    var summaries = 0
    var wrongSummaries = 0
    var handlers: [String] = []
    var firstError: String?

    func receive(_ event: TraceEvent, mode: TraceMode) {
        switch event {
        case .summary(let messages, let handlerCount, let errors, _):
            summaries += 1
            if messages != 3 || handlerCount != 4 || errors != 0 {
                wrongSummaries += 1
            }
        case .handler(let trace):
            if handlers.count < 4 {
                handlers.append(trace.handler)
            }
        case .error(let diagnostic):
            if firstError == nil {
                firstError = diagnostic.description
            }
        default:
            break
        }
    }
}
