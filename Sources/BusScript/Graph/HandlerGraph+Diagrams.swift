extension HandlerGraph {
    /// The graph as a Mermaid flowchart (`graph --mermaid`): commands as
    /// rectangles, events as stadiums, handlers as rounded boxes; an
    /// `outbox add` edge is dotted and labelled `outbox`.
    ///
    /// Node ids are `t_` plus the type's name and `h_` plus the handler's, so
    /// a handler may share a type's name.
    var mermaidText: String {
        var lines = ["flowchart LR"]
        for type in types {
            let id = HandlerGraph.typeID(type.name)
            switch type.kind {
            case .command: lines.append("  \(id)[\"\(type.name)\"]")
            case .event: lines.append("  \(id)([\"\(type.name)\"])")
            case .undefined: lines.append("  \(id)[\"\(type.name) (not defined)\"]")
            }
        }
        for handler in handlers {
            lines.append("  \(HandlerGraph.handlerID(handler.name))(\"\(handler.name)\")")
        }
        for (from, to, viaOutbox) in edges {
            lines.append(viaOutbox ? "  \(from) -. outbox .-> \(to)" : "  \(from) --> \(to)")
        }
        return lines.joined(separator: "\n")
    }

    /// The graph as Graphviz DOT (`graph --dot`): commands as boxes, events
    /// as rounded boxes, handlers as ellipses; an `outbox add` edge is
    /// dashed and labelled `outbox`.
    var dotText: String {
        var lines = [
            "digraph busctl {",
            "  rankdir=LR;",
            "  node [fontname=\"Helvetica\"];",
        ]
        for type in types {
            let id = HandlerGraph.typeID(type.name)
            switch type.kind {
            case .command: lines.append("  \"\(id)\" [label=\"\(type.name)\", shape=box];")
            case .event: lines.append("  \"\(id)\" [label=\"\(type.name)\", shape=box, style=rounded];")
            case .undefined: lines.append("  \"\(id)\" [label=\"\(type.name) (not defined)\", shape=box, style=dashed];")
            }
        }
        for handler in handlers {
            lines.append("  \"\(HandlerGraph.handlerID(handler.name))\" [label=\"\(handler.name)\", shape=ellipse];")
        }
        for (from, to, viaOutbox) in edges {
            lines.append(viaOutbox ? "  \"\(from)\" -> \"\(to)\" [style=dashed, label=\"outbox\"];" : "  \"\(from)\" -> \"\(to)\";")
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    /// Every edge as node ids: type to handler, handler to emitted type.
    private var edges: [(from: String, to: String, viaOutbox: Bool)] {
        var result: [(String, String, Bool)] = []
        for type in types {
            for handler in type.handlers where self.handler(named: handler) != nil {
                result.append((HandlerGraph.typeID(type.name), HandlerGraph.handlerID(handler), false))
            }
        }
        for handler in handlers {
            for edge in handler.edges {
                result.append((HandlerGraph.handlerID(handler.name), HandlerGraph.typeID(edge.target), edge.viaOutbox))
            }
        }
        return result
    }

    static func typeID(_ name: String) -> String { "t_" + name }
    static func handlerID(_ name: String) -> String { "h_" + name }
}
