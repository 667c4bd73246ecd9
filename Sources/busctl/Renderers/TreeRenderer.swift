import BusScript

/// The `tree` trace (the default): a cascade is collected from
/// `.cascadeStarted(stepping: false)` to its `.summary`, then shown as a
/// causal tree, with a one-line summary under it.
///
/// ```text
/// PlaceOrder #1 (order_id: 1, sku: "LAMP", qty: 2)
/// └─ place_order ✓ "accepted"
///    └─ OrderPlaced #2 (order_id: 1, sku: "LAMP", qty: 2)
///       ├─ reserve_stock ✓
///       └─ confirm ✓
///          └─ NotifyCustomer #3 (order_id: 1, text: "order 1 placed")
///             └─ mailer ✓
///                └─ » mail: order 1 placed
/// ✓ 3 messages, 3 handlers, 0 errors in 0.31 ms
/// ```
///
/// A stepped cascade (`step`, `next`, `run`) is shown as it runs, one line
/// per event, as are events outside any cascade. When a cascade fails, the
/// tree so far is shown before the error, and the summary after it.
final class TreeRenderer {
    /// Messages shown per cascade; the rest are counted in one line.
    static let maximumMessages = 1000
    /// Nesting beyond which the tree is not indented further.
    static let maximumIndentation = 40

    private let console: Console
    private let flat: FlatRenderer
    private var tree = CascadeTree()
    /// Open cascades (nested ones included); 0 when not collecting.
    private var depth = 0
    /// True while a stepped cascade is shown event by event.
    private var isStepping = false

    /// A renderer writing to `console`; `flat` shows single events.
    init(console: Console, flat: FlatRenderer) {
        self.console = console
        self.flat = flat
    }

    /// Collects or shows `event`.
    func receive(_ event: TraceEvent) {
        if case .cascadeStarted(let stepping) = event {
            if depth == 0 {
                isStepping = stepping
                if stepping { return }
                tree = CascadeTree()
            }
            depth += 1
            return
        }
        if isStepping && depth == 0 {
            flat.receive(event)
            if case .summary = event { isStepping = false }
            return
        }
        guard depth > 0 else {
            flat.receive(event)
            return
        }
        switch event {
        case .cascadeStarted:
            break
        case .dispatch(let trace):
            tree.dispatch(trace)
        case .handler(let trace):
            if !tree.finish(trace) { tree.line("  " + TraceFormat.handler(trace, palette: console.outputPalette, showDuration: false)) }
        case .emit(let from, let handler, let id, let name):
            if !tree.emit(from: from, handler: handler, id: id, name: name) { tree.line("  + #\(id) \(name) by \(handler)") }
        case .unhandled(let message, let name):
            if !tree.unhandled(message: message) { tree.line("#\(message) \(name) has no handlers (unhandled)") }
        case .print(let message, let handler, let text):
            if let message, let handler, tree.print(message: message, handler: handler, text: text) { break }
            tree.line(text)
        case .outbox(let trace):
            tree.line(TraceFormat.outbox(trace, palette: console.outputPalette))
        case .summary:
            depth -= 1
            if depth == 0 {
                render()
                flat.receive(event)
            }
        case .error(let diagnostic):
            render()
            console.diagnostic(diagnostic)
        case .crash:
            render()
            depth = 0
            flat.receive(event)
        case .note, .value, .text, .table:
            flat.receive(event)
        }
    }

    /// Shows a cascade that is still being collected (at the end of a run,
    /// when no summary came).
    func flushPending() {
        if depth > 0 {
            render()
            depth = 0
        }
    }

    // MARK: - Rendering

    /// One line to draw and what hangs under it.
    private enum Item {
        case message(Int)
        case run(message: Int, run: Int)
        case printed(String)
        case dropped(id: Int, name: String)
        case line(String)
    }

    private struct Frame {
        var item: Item
        /// The text before this line's connector.
        var prefix: String
        var isLast: Bool
        var isRoot: Bool
        var depth: Int
    }

    /// Writes the collected tree and starts a new one.
    private func render() {
        guard !tree.isEmpty else { return }
        let palette = console.outputPalette
        let branch = palette.paint("├─ ", .dim)
        let corner = palette.paint("└─ ", .dim)
        let pipe = palette.paint("│  ", .dim)
        var shownMessages = 0
        var stack: [Frame] = []
        for (offset, root) in tree.roots.enumerated().reversed() {
            let item: Item
            switch root {
            case .message(let id): item = .message(id)
            case .line(let text): item = .line(text)
            }
            stack.append(Frame(item: item, prefix: "", isLast: offset == tree.roots.count - 1, isRoot: true, depth: 0))
        }
        while let frame = stack.popLast() {
            if case .message = frame.item, shownMessages >= TreeRenderer.maximumMessages {
                let hidden = tree.nodes.count - shownMessages
                console.line(palette.paint("… \(TraceFormat.counted(hidden, "more message")) not shown (set trace flat or json to see every one)", .dim))
                break
            }
            let connector = frame.isRoot ? "" : (frame.isLast ? corner : branch)
            var children: [Item] = []
            switch frame.item {
            case .message(let id):
                shownMessages += 1
                guard let node = tree.node(id: id) else { continue }
                var text = TraceFormat.message(node.trace, palette: palette)
                if node.isUnhandled {
                    text += " " + palette.paint("· unhandled", .yellow)
                }
                console.line(frame.prefix + connector + text)
                children = node.runs.indices.map { .run(message: id, run: $0) }
            case .run(let id, let runIndex):
                guard let run = tree.node(id: id)?.runs[runIndex] else { continue }
                let text: String
                if let outcome = run.outcome {
                    text = TraceFormat.handler(outcome, palette: palette, showDuration: false)
                } else {
                    text = run.handler + " " + palette.paint("(did not finish)", .yellow)
                }
                console.line(frame.prefix + connector + text)
                children = run.prints.map { .printed($0) }
                for emitted in run.emitted {
                    if tree.node(id: emitted) != nil {
                        children.append(.message(emitted))
                    } else {
                        children.append(.dropped(id: emitted, name: tree.emittedNames[emitted] ?? "?"))
                    }
                }
            case .printed(let text):
                console.line(frame.prefix + connector + palette.paint("»", .dim) + " " + text)
            case .dropped(let id, let name):
                console.line(frame.prefix + connector + palette.paint("\(name) #\(id) (dropped: the cascade stopped)", .dim))
            case .line(let text):
                console.line(frame.prefix + connector + text)
            }
            guard !children.isEmpty else { continue }
            var childPrefix = frame.prefix
            if !frame.isRoot && frame.depth < TreeRenderer.maximumIndentation {
                childPrefix += frame.isLast ? "   " : pipe
            }
            for (offset, child) in children.enumerated().reversed() {
                stack.append(Frame(item: child, prefix: childPrefix, isLast: offset == children.count - 1, isRoot: false, depth: frame.depth + 1))
            }
        }
        tree = CascadeTree()
    }
}
