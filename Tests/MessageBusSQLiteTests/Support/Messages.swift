import Foundation
import Logging
import MessageBus

/// A command the outbox tests store and relay.
struct ShipOrder: Command, Equatable {
    var orderID: Int
}

/// An event the outbox tests store.
struct OrderShipped: Event, Equatable {
    var orderID: Int
}

/// An error a handler throws on purpose.
struct Boom: Error, CustomStringConvertible, Equatable {
    var text: String
    var description: String { text }
}

/// A simulated crash: never caught or recorded by outbox processing.
struct Crash: CascadeAbortingError, Equatable {}

/// Fixed times, so that records compare with exact values.
enum Clock {
    /// 2026-11-29T10:15:00Z.
    static let start = Date(timeIntervalSince1970: 1_795_947_300)

    /// `seconds` after ``start``.
    static func at(_ seconds: TimeInterval) -> Date {
        start.addingTimeInterval(seconds)
    }
}

extension Logger {
    /// A logger that drops everything, for tests whose handlers fail on purpose.
    static var quiet: Logger {
        Logger(label: "quiet") { _ in SwiftLogNoOpLogHandler() }
    }
}

extension OutboxRecord {
    /// The stored order id of a ``ShipOrder`` record, or -1.
    var orderID: Int {
        (try? decodePayload(as: ShipOrder.self).orderID) ?? -1
    }
}

/// A bus whose context is a log of what the outbox handlers did.
func makeBus(maxAttempts: Int = 5) -> MessageBus<[String]> {
    let bus = MessageBus(context: [String](), logger: .quiet)
    bus.maxAttempts = maxAttempts
    return bus
}
