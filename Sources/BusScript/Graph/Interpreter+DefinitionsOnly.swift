import Foundation

extension Interpreter {
    /// Runs only the definitions of a text (`command`, `event`, `handle`,
    /// `on`, `outbox handler`, `fn`), and follows `load "FILE"` with a
    /// literal path the same way; every other statement is skipped, so no
    /// message is sent and ctx and the outbox stay as they are. This is how
    /// `busctl graph FILE` reads a script.
    func runDefinitionsOnly(_ source: String, file: String, directory: String?) -> RunResult {
        runSource(source, file: file, firstLine: 1, directory: directory, running: runDefinition)
    }

    /// A definition runs as usual; `load` of a literal path reads that
    /// file's definitions; anything else is skipped.
    private func runDefinition(_ statement: Stmt) throws {
        switch statement.kind {
        case .defineType, .defineHandler, .defineFunction:
            try runTopLevel(statement)
        case .load(let expr):
            guard case .literal(.string(let path)) = expr.kind else { return }
            try loadDefinitions(path, at: statement.location)
        default:
            return
        }
    }

    private func loadDefinitions(_ path: String, at location: SourceLocation) throws {
        try load(path, at: location, running: runDefinition)
    }
}

extension Session {
    /// Runs only the definitions of `source`: types, handlers, functions,
    /// and the definitions of files it `load`s by a literal path. Sends,
    /// batches, steps, ctx changes and outbox statements are skipped
    /// (`busctl graph FILE`).
    ///
    /// - Returns: failures (a syntax error, a definition that does not
    ///   check); errors are reported through `output`.
    public func runDefinitions(source: String, file: String, directory: String? = nil) -> RunResult {
        interpreter.runDefinitionsOnly(source, file: file, directory: directory)
    }
}
