import MessageBus

/// A labelled command that starts cascades.
struct Start: Command, Equatable {
    var label: String
}

/// A labelled event; most cascades of these tests are trees of pings.
struct Ping: Event, Equatable {
    var label: String
}

/// An event that no handler handles.
struct Note: Event, Equatable {
    var label: String
}

/// A command that tests leave without a handler.
struct NotifyCustomer: Command, Equatable {
    var orderID: Int
}

/// An error a handler throws on purpose.
struct Boom: Error, CustomStringConvertible, Equatable {
    var text: String
    var description: String { text }
}

/// A simulated crash: ends the whole cascade.
struct Crash: CascadeAbortingError, Equatable {}

extension Envelope {
    /// `Name(label)`, or the message's name when it has no label.
    var label: String {
        switch message {
        case let start as Start: "Start(\(start.label))"
        case let ping as Ping: "Ping(\(ping.label))"
        case let note as Note: "Note(\(note.label))"
        default: message.messageName
        }
    }
}
