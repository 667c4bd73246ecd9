import BusScript

/// The events of one cascade, arranged by cause: each message with its
/// handler runs, and under each run the lines it printed and the messages it
/// emitted.
///
/// Built from the event stream in the order LANGUAGE.md §7 gives (a
/// message's `dispatch`, then per handler its `print` lines, its `handler`
/// event and one `emit` per message it queued), it tolerates any other
/// order: an event it cannot place becomes a line of its own at the root.
struct CascadeTree {
    /// A top-level entry: a message sent from the top level, or a line that
    /// belongs to no message.
    enum Root {
        case message(Int)
        case line(String)
    }

    /// One run of one handler for one message.
    struct Run {
        var handler: String
        /// Set when the run finished.
        var outcome: HandlerTrace?
        var prints: [String] = []
        /// Ids of the messages it emitted, in order.
        var emitted: [Int] = []
    }

    /// A dispatched message.
    struct Node {
        var trace: DispatchTrace
        var isUnhandled = false
        var runs: [Run] = []
    }

    private(set) var nodes: [Node] = []
    private(set) var roots: [Root] = []
    /// Node index by message id.
    private var index: [Int: Int] = [:]
    /// Names of emitted messages by id (for those never dispatched).
    private(set) var emittedNames: [Int: String] = [:]
    /// Ids that an `emit` placed under a run.
    private var attached: Set<Int> = []

    /// True when nothing has been added.
    var isEmpty: Bool { nodes.isEmpty && roots.isEmpty }

    /// The node of message `id`.
    func node(id: Int) -> Node? {
        index[id].map { nodes[$0] }
    }

    /// Adds a dispatched message.
    mutating func dispatch(_ trace: DispatchTrace) {
        let position = nodes.count
        nodes.append(Node(trace: trace))
        index[trace.id] = position
        if !attached.contains(trace.id) {
            roots.append(.message(trace.id))
        }
    }

    /// Marks message `id` as having no handlers. Returns false when the
    /// message is unknown.
    mutating func unhandled(message id: Int) -> Bool {
        guard let position = index[id] else { return false }
        nodes[position].isUnhandled = true
        return true
    }

    /// Adds a line printed by `handler` while handling `message`. Returns
    /// false when the message is unknown.
    mutating func print(message id: Int, handler: String, text: String) -> Bool {
        guard let position = index[id] else { return false }
        let run = openRun(in: position, handler: handler)
        nodes[position].runs[run].prints.append(text)
        return true
    }

    /// Records a finished handler run. Returns false when the message is
    /// unknown.
    mutating func finish(_ trace: HandlerTrace) -> Bool {
        guard let position = index[trace.message] else { return false }
        let run = openRun(in: position, handler: trace.handler)
        nodes[position].runs[run].outcome = trace
        return true
    }

    /// Records that `handler`, handling `from`, emitted message `id`.
    /// Returns false when the message is unknown.
    mutating func emit(from: Int, handler: String, id: Int, name: String) -> Bool {
        guard let position = index[from] else { return false }
        let run = nodes[position].runs.lastIndex { $0.handler == handler } ?? openRun(in: position, handler: handler)
        nodes[position].runs[run].emitted.append(id)
        emittedNames[id] = name
        attached.insert(id)
        return true
    }

    /// Adds a line at the root (a top-level `print`, an outbox stage).
    mutating func line(_ text: String) {
        roots.append(.line(text))
    }

    /// The unfinished run of `handler` for the node at `position`, created
    /// when there is none.
    private mutating func openRun(in position: Int, handler: String) -> Int {
        if let run = nodes[position].runs.lastIndex(where: { $0.handler == handler && $0.outcome == nil }) {
            return run
        }
        nodes[position].runs.append(Run(handler: handler))
        return nodes[position].runs.count - 1
    }
}
