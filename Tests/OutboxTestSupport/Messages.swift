import Foundation
import Logging
import MessageBus

/// A command the outbox tests store and relay.
public struct ShipOrder: Command, Equatable {
    public var orderID: Int

    public init(orderID: Int) {
        self.orderID = orderID
    }
}

/// An event the outbox tests store.
public struct OrderShipped: Event, Equatable {
    public var orderID: Int

    public init(orderID: Int) {
        self.orderID = orderID
    }
}

/// An error a handler throws on purpose.
public struct Boom: Error, CustomStringConvertible, Equatable {
    public var text: String
    public var description: String { text }

    public init(text: String) {
        self.text = text
    }
}

/// A simulated crash: never caught or recorded by outbox processing.
public struct Crash: CascadeAbortingError, Equatable {
    public init() {}
}

/// Fixed times, so that records compare with exact values.
public enum Clock {
    /// 2026-11-29T10:15:00Z.
    public static let start = Date(timeIntervalSince1970: 1_795_947_300)

    /// `seconds` after ``start``.
    public static func at(_ seconds: TimeInterval) -> Date {
        start.addingTimeInterval(seconds)
    }
}

extension Logger {
    /// A logger that drops everything, for tests whose handlers fail on purpose.
    public static var quiet: Logger {
        Logger(label: "quiet") { _ in SwiftLogNoOpLogHandler() }
    }
}

extension OutboxRecord {
    /// The stored order id of a ``ShipOrder`` record, or -1.
    public var orderID: Int {
        (try? decodePayload(as: ShipOrder.self).orderID) ?? -1
    }
}

/// A bus whose context is a log of what the outbox handlers did.
public func makeBus(maxAttempts: Int = 5) -> MessageBus<[String]> {
    let bus = MessageBus(context: [String](), logger: .quiet)
    bus.maxAttempts = maxAttempts
    return bus
}
