import MessageBus

/// The benchmark's order-placing command (bench/WORKLOADS.md).
struct PlaceOrder: Command, Equatable {
    var orderID: Int
    var sku: String
    var qty: Int
}

/// Emitted when an order was accepted.
struct OrderPlaced: Event, Equatable {
    var orderID: Int
    var sku: String
    var qty: Int
}

/// Emitted when stock was set aside for an order.
struct StockReserved: Event, Equatable {
    var orderID: Int
}

/// A command that tests usually leave without a handler.
struct NotifyCustomer: Command, Equatable {
    var orderID: Int
    var text: String
}

/// A labelled event for cascades whose shape a test describes with labels.
struct Ping: Event, Equatable {
    var label: String
}

/// A labelled command.
struct Start: Command, Equatable {
    var label: String
}

/// An error a handler throws on purpose.
struct Boom: Error, CustomStringConvertible, Equatable {
    var text: String
    var description: String { text }
}

/// A simulated crash: ends the whole cascade.
struct Crash: CascadeAbortingError, Equatable {}
