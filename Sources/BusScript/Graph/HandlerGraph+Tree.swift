extension HandlerGraph {
    /// The graph as an indented tree, the way `graph` shows it at the
    /// prompt: each type with its handlers under it, each handler with the
    /// types it emits under it.
    ///
    /// ```text
    /// PlaceOrder (command)
    /// └─ place_order
    ///    └─ OrderPlaced (event)
    ///       ├─ reserve_stock
    ///       └─ confirm
    ///          └─ NotifyCustomer (command)
    ///             └─ mailer
    /// ```
    ///
    /// A type that is already on the path above is marked `↻ cycle` and not
    /// followed; one already drawn elsewhere says `(see above)`. A type sent
    /// with `outbox add` hangs under a `⇢`. Without `root`, the tree starts at
    /// every type no handler emits, then at any type not drawn yet (types
    /// that are only reached through a cycle).
    func treeText(from root: String? = nil) -> String {
        var lines: [String] = []
        var drawn: Set<String> = []
        let roots = root.map { [$0] } ?? (entryTypes + types.map(\.name))
        for name in roots where !drawn.contains(name) {
            draw(name, drawn: &drawn, into: &lines)
        }
        if root == nil, !outboxHandlers.isEmpty {
            lines.append("outbox handlers (they dispatch stored messages): " + outboxHandlers.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    private enum Item {
        case type(String, viaOutbox: Bool, path: [String])
        case handler(String, path: [String])
    }

    private struct Frame {
        var item: Item
        var prefix: String
        var isLast: Bool
        var isRoot: Bool
    }

    /// Draws the tree under type `root`, without recursion (a long chain
    /// cannot exhaust the stack).
    private func draw(_ root: String, drawn: inout Set<String>, into lines: inout [String]) {
        var stack = [Frame(item: .type(root, viaOutbox: false, path: []), prefix: "", isLast: true, isRoot: true)]
        while let frame = stack.popLast() {
            let connector = frame.isRoot ? "" : (frame.isLast ? "└─ " : "├─ ")
            var children: [Item] = []
            switch frame.item {
            case .type(let name, let viaOutbox, let path):
                var text = (viaOutbox ? "⇢ " : "") + name + " (" + description(of: name, viaOutbox: viaOutbox) + ")"
                if path.contains(name) {
                    text += " ↻ cycle"
                } else if drawn.contains(name) {
                    if type(named: name)?.handlers.isEmpty == false { text += " (see above)" }
                } else {
                    drawn.insert(name)
                    children = (type(named: name)?.handlers ?? []).map { .handler($0, path: path + [name]) }
                }
                lines.append(frame.prefix + connector + text)
            case .handler(let name, let path):
                lines.append(frame.prefix + connector + name)
                children = (handler(named: name)?.edges ?? []).map { .type($0.target, viaOutbox: $0.viaOutbox, path: path) }
            }
            let childPrefix = frame.isRoot ? "" : frame.prefix + (frame.isLast ? "   " : "│  ")
            for (offset, child) in children.enumerated().reversed() {
                stack.append(Frame(item: child, prefix: childPrefix, isLast: offset == children.count - 1, isRoot: false))
            }
        }
    }

    /// `command`, `event, no handlers`, `command, via the outbox`, …
    private func description(of name: String, viaOutbox: Bool) -> String {
        guard let node = type(named: name) else { return "not defined" }
        var parts: [String]
        switch node.kind {
        case .command: parts = ["command"]
        case .event: parts = ["event"]
        case .undefined: parts = ["not defined"]
        }
        if node.handlers.isEmpty, node.kind != .undefined {
            parts.append(node.kind == .command ? "no handler" : "no handlers")
        }
        if viaOutbox { parts.append("via the outbox") }
        return parts.joined(separator: ", ")
    }
}
