import Foundation

extension Session {
    /// What Tab offers at `cursor` in `line`, from the session's current
    /// definitions: statement words, type names, field names inside a
    /// type's parentheses, handler names, settings, files, outbox ids.
    ///
    /// - Parameters:
    ///   - line: the line being edited.
    ///   - cursor: the cursor's offset in `line`, in Unicode scalars.
    ///   - entry: the lines of the statement still open before this one
    ///     (the REPL's `...>` lines), so that a field list or a handler body
    ///     that started on an earlier line is understood.
    /// - Returns: the candidates, and how many scalars before the cursor
    ///   they replace.
    public func completions(for line: String, cursor: Int, entry: String = "") -> Completion {
        let scalars = line.unicodeScalars
        let offset = max(0, min(cursor, scalars.count))
        var before = String.UnicodeScalarView()
        before.append(contentsOf: scalars.prefix(offset))
        let text = entry.isEmpty ? String(before) : entry + "\n" + String(before)
        return Completer(vocabulary: interpreter.completionVocabulary()).complete(text)
    }
}

extension Interpreter {
    /// A snapshot of what completion can offer now.
    func completionVocabulary() -> CompletionVocabulary {
        var vocabulary = CompletionVocabulary()
        vocabulary.types = definitions.types.values.map { type in
            CompletionVocabulary.MessageType(name: type.name, isCommand: type.kind == .command, fields: type.fields.map(\.name))
        }
        vocabulary.handlers = definitions.allHandlers.map(\.name)
        vocabulary.functions = Array(definitions.functions.keys)
        vocabulary.globals = Array(globals.keys)
        vocabulary.contextKeys = Array(context.values.keys)
        vocabulary.outboxIDs = ((try? allOutboxRecords()) ?? []).map { $0.id.uuidString.lowercased() }
        vocabulary.directory = directories.last ?? FileManager.default.currentDirectoryPath
        return vocabulary
    }
}
