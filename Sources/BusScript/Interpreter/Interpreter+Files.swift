import Foundation

extension Interpreter {
    /// Parses a text in full, then checks and runs its statements in turn
    /// (LANGUAGE.md §13). Errors are reported through the output.
    ///
    /// - Parameter run: runs one statement; by default every statement
    ///   (`busctl graph` passes one that runs definitions only).
    func runSource(_ source: String, file: String, firstLine: Int, directory: String?,
                   running run: ((Stmt) throws -> Void)? = nil) -> RunResult {
        sources.add(source, file: file, firstLine: firstLine)
        let program: Program
        do {
            program = try Parser.parse(source, file: file, firstLine: firstLine)
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
                if let run { try run(statement) } else { try runStatement(statement) }
            } catch let exit as ExitRequest {
                result.exitStatus = exit.status
                return result
            } catch let interrupted as Interrupted {
                report(ScriptFailure("interrupted", at: interrupted.location ?? statement.location), statement: statement.location)
                result.failures += 1
                result.interrupted = true
                return result
            } catch let failure as ScriptFailure where interruptFlag.isRaised {
                // Ctrl-C cut short a wait for the store (a database that does
                // not answer): the store's error says so; report it as the
                // interruption it is.
                report(ScriptFailure("interrupted", at: failure.location ?? statement.location, notes: failure.noteIfInterrupted.map { [$0] } ?? []), statement: statement.location)
                result.failures += 1
                result.interrupted = true
                return result
            } catch let failure as ScriptFailure {
                report(failure, statement: statement.location)
                result.failures += 1
                if !options.keepGoing { return result }
            } catch where interruptFlag.isRaised {
                report(ScriptFailure("interrupted", at: statement.location), statement: statement.location)
                result.failures += 1
                result.interrupted = true
                return result
            } catch {
                report(ScriptFailure(String(describing: error), at: statement.location), statement: statement.location)
                result.failures += 1
                if !options.keepGoing { return result }
            }
        }
        return result
    }

    /// Shows a failed statement's error, then what follows it (a failed
    /// cascade's summary).
    func report(_ failure: ScriptFailure, statement: SourceLocation) {
        let location = failure.location ?? statement
        let statementLocation = failure.statementLocation ?? (location == statement ? nil : statement)
        emit(.error(Diagnostic(failure.message, at: location, statementLocation: statementLocation, notes: failure.notes)))
        for event in failure.trailingEvents { emit(event) }
    }

    // MARK: load / save

    /// The path as shown in locations: relative paths joined to the folder
    /// of the file that says `load` (or the working directory).
    func resolve(_ path: String) -> (display: String, url: URL) {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return (expanded, URL(fileURLWithPath: expanded)) }
        let cwd = FileManager.default.currentDirectoryPath
        let directory = directories.last ?? cwd
        let display = directory == cwd ? expanded : (directory as NSString).appendingPathComponent(expanded)
        let absolute = display.hasPrefix("/") ? display : (cwd as NSString).appendingPathComponent(display)
        return (display, URL(fileURLWithPath: absolute).standardizedFileURL)
    }

    /// `load "path"`: parses the whole file, then runs each statement with
    /// `run` (every statement; `busctl graph` passes one that runs
    /// definitions only).
    func load(_ path: String, at location: SourceLocation, running run: ((Stmt) throws -> Void)? = nil) throws {
        guard !path.isEmpty else { throw ScriptFailure("`load` needs a file name, as in `load \"lesson.bus\"`", at: location) }
        let (display, url) = resolve(path)
        if loading.contains(url.path) {
            throw ScriptFailure("\(display) is already being loaded (a file cannot load itself, directly or through another file)", at: location)
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ScriptFailure("cannot read \(display): it is a folder", at: location)
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
                if let run { try run(statement) } else { try runStatement(statement) }
            } catch var failure as ScriptFailure {
                if failure.statementLocation == nil, failure.location != statement.location {
                    failure.statementLocation = statement.location
                }
                failure.notes.append("in \(display), loaded at \(location)")
                throw failure
            }
        }
    }

    func save(to path: String, at location: SourceLocation) throws {
        guard !path.isEmpty else { throw ScriptFailure("`save` needs a file name, as in `save \"session.bus\"`", at: location) }
        let (display, url) = resolve(path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ScriptFailure("cannot write \(display): it is a folder", at: location)
        }
        var parts: [String] = []
        parts += definitions.types.values.map(\.declaration.sourceText)
        parts += definitions.functions.values.map(\.declaration.sourceText)
        parts += definitions.allHandlers.map(\.savedText)
        let header = "# Saved by busctl: types, functions and handlers (no context, outbox, variables or settings).\n\n"
        do {
            try (header + parts.joined(separator: "\n\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        } catch {
            throw ScriptFailure("cannot write \(display): \(Interpreter.reason(error))", at: location)
        }
        note("saved \(Interpreter.count(definitions.types.count, "type")), \(Interpreter.count(definitions.functions.count, "function")) and \(Interpreter.count(definitions.allHandlers.count, "handler")) to \(display)")
    }

    /// "1 type", "2 types".
    static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }

    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        if nsError.domain == NSCocoaErrorDomain {
            switch nsError.code {
            case NSFileReadNoSuchFileError: return "no such file"
            case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return "permission denied"
            case NSFileReadInapplicableStringEncodingError: return "not UTF-8 text"
            default: break
            }
        }
        return nsError.localizedDescription
    }
}
