import MessageBus

/// `PlaceOrder(order_id, sku, qty)`: the command of every workload.
public struct PlaceOrder: Command, Equatable {
    public var orderID: Int
    public var sku: String
    public var qty: Int

    public init(orderID: Int, sku: String, qty: Int) {
        self.orderID = orderID
        self.sku = sku
        self.qty = qty
    }

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id"
        case sku
        case qty
    }
}

/// `OrderPlaced(order_id, sku, qty)`, copied from the command.
public struct OrderPlaced: Event, Equatable {
    public var orderID: Int
    public var sku: String
    public var qty: Int

    public init(orderID: Int, sku: String, qty: Int) {
        self.orderID = orderID
        self.sku = sku
        self.qty = qty
    }

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id"
        case sku
        case qty
    }
}

/// `StockReserved(order_id)`.
public struct StockReserved: Event, Equatable {
    public var orderID: Int

    public init(orderID: Int) {
        self.orderID = orderID
    }

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id"
    }
}

/// The inputs of WORKLOADS.md: `PlaceOrder(i, SKUS[i % 1000], 1 + i % 10)`.
public enum WorkloadInputs {
    /// `SKUS[k] = "SKU-%05d"`.
    public static let skus: [String] = (0..<1000).map(sku)

    static func sku(_ k: Int) -> String {
        let digits = String(k)
        return "SKU-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    /// Input `i`.
    public static func command(_ i: Int) -> PlaceOrder {
        PlaceOrder(orderID: i, sku: skus[i % skus.count], qty: 1 + i % 10)
    }

    /// Inputs `0..<count`.
    public static func commands(_ count: Int) -> [PlaceOrder] {
        (0..<count).map(command)
    }

    /// The handler names one command's cascade reports, in order.
    public static let cascadeHandlers = ["place_order", "reserve_stock", "audit", "stock_reserved"]
}

/// A correctness check of a workload that did not hold.
public struct WorkloadCheckFailure: Error, CustomStringConvertible {
    public var workload: String
    public var message: String

    public init(_ workload: String, _ message: String) {
        self.workload = workload
        self.message = message
    }

    public var description: String { "\(workload): check failed: \(message)" }
}

/// One timed run of a workload.
public struct WorkloadTiming: Sendable {
    /// Seconds of the timed part only.
    public var seconds: Double

    public init(seconds: Double) {
        self.seconds = seconds
    }
}

/// A monotonic stopwatch.
public struct Stopwatch {
    private let start = ContinuousClock.now

    public init() {}

    public var seconds: Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

func expect(_ condition: Bool, _ workload: String, _ message: @autoclosure () -> String) throws {
    if !condition {
        throw WorkloadCheckFailure(workload, message())
    }
}
