/// The static chain of message types and handlers: which handlers each type
/// has, and which types each handler emits, read from the `emit` and
/// `outbox add` statements of the handler bodies. Nothing runs to build it.
///
/// `graph` shows it as an indented tree (``treeText(from:)``), as Mermaid
/// (``mermaidText``) or as Graphviz DOT (``dotText``); `graph TYPE` first
/// keeps only what TYPE leads to (``reachable(from:)``).
struct HandlerGraph {
    /// What a type node is.
    enum TypeKind: Equatable {
        case command, event
        /// Emitted by a handler but not defined (after a `reset` of types,
        /// say): shown so that the edge is not lost.
        case undefined
    }

    /// A message type and its handlers in dispatch order.
    struct TypeNode: Equatable {
        var name: String
        var kind: TypeKind
        var handlers: [String]
    }

    /// A type a handler emits: with `emit`, or with `outbox add` (delivered
    /// later by the outbox handlers).
    struct Edge: Equatable {
        var target: String
        var viaOutbox: Bool
    }

    /// A handler and what it emits, in the order the body says it.
    struct HandlerNode: Equatable {
        var name: String
        var kind: HandlerDeclaration.Kind
        /// The handled type; nil for an outbox handler.
        var typeName: String?
        var edges: [Edge]
    }

    /// Types in definition order, undefined targets last.
    private(set) var types: [TypeNode] = []
    /// Command and event handlers in dispatch order.
    private(set) var handlers: [HandlerNode] = []
    /// Outbox handlers, in order (they `dispatch` whatever was stored).
    private(set) var outboxHandlers: [String] = []

    /// The graph of the session's definitions.
    init(definitions: Definitions) {
        for type in definitions.types.values {
            let names: [String]
            switch type.kind {
            case .command: names = definitions.commandHandlers[type.name].map { [$0.name] } ?? []
            case .event: names = (definitions.eventHandlers[type.name] ?? []).map(\.name)
            }
            types.append(TypeNode(name: type.name, kind: type.kind == .command ? .command : .event, handlers: names))
        }
        for handler in definitions.allHandlers {
            if handler.kind == .outbox {
                outboxHandlers.append(handler.name)
                continue
            }
            var edges: [Edge] = []
            HandlerGraph.collectEdges(in: handler.declaration.body, into: &edges)
            handlers.append(HandlerNode(name: handler.name, kind: handler.kind, typeName: handler.typeName, edges: edges))
        }
        let known = Set(types.map(\.name))
        var missing: [String] = []
        for handler in handlers {
            for edge in handler.edges where !known.contains(edge.target) && !missing.contains(edge.target) {
                missing.append(edge.target)
            }
        }
        types += missing.map { TypeNode(name: $0, kind: .undefined, handlers: []) }
    }

    private init(types: [TypeNode], handlers: [HandlerNode], outboxHandlers: [String]) {
        self.types = types
        self.handlers = handlers
        self.outboxHandlers = outboxHandlers
    }

    func type(named name: String) -> TypeNode? {
        types.first { $0.name == name }
    }

    func handler(named name: String) -> HandlerNode? {
        handlers.first { $0.name == name }
    }

    /// The types no handler emits: where cascades start.
    var entryTypes: [String] {
        let emitted = Set(handlers.flatMap { $0.edges.map(\.target) })
        return types.filter { !emitted.contains($0.name) }.map(\.name)
    }

    /// Only the types and handlers that `root` leads to.
    func reachable(from root: String) -> HandlerGraph {
        var seenTypes: Set<String> = [root]
        var seenHandlers: Set<String> = []
        var queue = [root]
        while let name = queue.popLast() {
            for handlerName in type(named: name)?.handlers ?? [] where seenHandlers.insert(handlerName).inserted {
                for edge in handler(named: handlerName)?.edges ?? [] where seenTypes.insert(edge.target).inserted {
                    queue.append(edge.target)
                }
            }
        }
        return HandlerGraph(types: types.filter { seenTypes.contains($0.name) },
                            handlers: handlers.filter { seenHandlers.contains($0.name) },
                            outboxHandlers: [])
    }

    /// The `emit` and `outbox add` statements of a block, nested blocks
    /// included, each target once per kind of edge.
    private static func collectEdges(in block: Block, into edges: inout [Edge]) {
        for statement in block.statements {
            collectEdges(in: statement, into: &edges)
        }
    }

    private static func collectEdges(in statement: Stmt, into edges: inout [Edge]) {
        func add(_ edge: Edge) {
            if !edges.contains(edge) { edges.append(edge) }
        }
        switch statement.kind {
        case .emit(let literal):
            add(Edge(target: literal.typeName, viaOutbox: false))
        case .outboxAdd(let literal, _):
            add(Edge(target: literal.typeName, viaOutbox: true))
        case .if_(let branches, let elseBlock):
            for branch in branches { collectEdges(in: branch.body, into: &edges) }
            if let elseBlock { collectEdges(in: elseBlock, into: &edges) }
        case .for_(_, _, let body), .while_(_, let body):
            collectEdges(in: body, into: &edges)
        case .expectError(_, let inner):
            collectEdges(in: inner, into: &edges)
        default:
            break
        }
    }
}
