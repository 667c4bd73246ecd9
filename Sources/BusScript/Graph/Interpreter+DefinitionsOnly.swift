import Foundation

extension Interpreter {
    /// Runs only the definitions of a text (`command`, `event`, `handle`,
    /// `on`, `outbox handler`, `fn`), and follows `load "FILE"` with a
    /// literal path the same way; every other statement is skipped, so no
    /// message is sent and ctx and the outbox stay as they are. This is how
    /// `busctl graph FILE` reads a script.
    func runDefinitionsOnly(_ source: String, file: String, directory: String?) -> RunResult {
        sources.add(source, file: file, firstLine: 1)
        let program: Program
        do {
            program = try Parser.parse(source, file: file, firstLine: 1)
        } catch {
            emit(.error(error))
            return RunResult(failures: 1)
        }
        directories.append(directory ?? FileManager.default.currentDirectoryPath)
        defer { directories.removeLast() }
        var result = RunResult()
        for statement in program.statements {
            currentStatement = statement.location
            do {
                try runDefinition(statement)
            } catch let failure as ScriptFailure {
                report(failure, statement: statement.location)
                result.failures += 1
                if !options.keepGoing { return result }
            } catch {
                report(ScriptFailure(String(describing: error), at: statement.location), statement: statement.location)
                result.failures += 1
                if !options.keepGoing { return result }
            }
        }
        return result
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
        let (display, url) = resolve(path)
        if loading.contains(url.path) {
            throw ScriptFailure("\(display) is already being loaded (a file cannot load itself, directly or through another file)", at: location)
        }
        let source: String
        do {
            source = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ScriptFailure("cannot read \(display): \(Interpreter.reason(error))", at: location)
        }
        sources.add(source, file: display, firstLine: 1)
        let program: Program
        do {
            program = try Parser.parse(source, file: display, firstLine: 1)
        } catch {
            throw ScriptFailure(error.message, at: error.location, notes: error.notes + ["in \(display), loaded at \(location)"])
        }
        loading.append(url.path)
        let folder = (display as NSString).deletingLastPathComponent
        directories.append(folder.isEmpty ? FileManager.default.currentDirectoryPath : folder)
        defer {
            loading.removeLast()
            directories.removeLast()
        }
        for statement in program.statements {
            do {
                try runDefinition(statement)
            } catch var failure as ScriptFailure {
                if failure.statementLocation == nil, failure.location != statement.location {
                    failure.statementLocation = statement.location
                }
                failure.notes.append("in \(display), loaded at \(location)")
                throw failure
            }
        }
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
