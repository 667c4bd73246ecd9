/// The messages one handler call emitted, in emit order.
///
/// Most handlers emit nothing or one message, so the first one is kept
/// inline and an array is only made for the second: a handler call that
/// emits one message allocates nothing here (W1's handlers; issue 7).
@usableFromInline
struct EmittedMessages: Sendable {
    private var first: (any Message)?
    private var rest: [any Message] = []

    /// Appends `message` after those already emitted.
    mutating func append(_ message: any Message) {
        if first == nil {
            first = message
        } else {
            rest.append(message)
        }
    }

    /// The messages as an array (for the public `emitted` properties).
    var array: [any Message] {
        guard let first else { return [] }
        return [first] + rest
    }

    /// Calls `body` on each message, in emit order. (A method rather than a
    /// `Sequence` conformance: the generic iterator cost more than it saved.)
    func forEach(_ body: (any Message) -> Void) {
        guard let first else { return }
        body(first)
        for message in rest { body(message) }
    }
}
