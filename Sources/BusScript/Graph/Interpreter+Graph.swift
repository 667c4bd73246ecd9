extension Interpreter {
    /// `graph [TYPE] [--mermaid|--dot]`: the static chain of the current
    /// definitions.
    func showGraph(_ typeName: String?, format: String?, at location: SourceLocation) throws {
        let graphFormat = format.flatMap(GraphFormat.init(rawValue:)) ?? .tree
        emit(.text(try graphText(typeName, format: graphFormat, at: location)))
    }

    /// The graph's text; throws for an unknown TYPE.
    func graphText(_ typeName: String?, format: GraphFormat, at location: SourceLocation?) throws -> String {
        var graph = HandlerGraph(definitions: definitions)
        if graph.types.isEmpty {
            return "no types yet; define one with `command PlaceOrder(order_id: Int)`, then handlers that `emit`"
        }
        if let typeName {
            guard graph.type(named: typeName) != nil else {
                throw ScriptFailure("unknown type `\(typeName)`\(DidYouMean.hint(for: typeName, among: graph.types.map(\.name))); `types` lists them", at: location)
            }
            graph = graph.reachable(from: typeName)
        }
        switch format {
        case .tree: return graph.treeText(from: typeName)
        case .mermaid: return graph.mermaidText
        case .dot: return graph.dotText
        }
    }
}

extension Session {
    /// The static chain of types and handlers of the current definitions,
    /// as `graph` shows it.
    ///
    /// - Parameters:
    ///   - typeName: only what this type leads to; nil for everything.
    ///   - format: a tree, Mermaid or DOT.
    /// - Throws: a ``Diagnostic`` when `typeName` is not a defined type.
    public func graph(of typeName: String? = nil, format: GraphFormat = .tree) throws(Diagnostic) -> String {
        do {
            return try interpreter.graphText(typeName, format: format, at: nil)
        } catch let failure as ScriptFailure {
            throw Diagnostic(failure.message, at: failure.location)
        } catch {
            throw Diagnostic(String(describing: error), at: nil)
        }
    }
}
