/// Decides what Tab offers: from the statement around the cursor (read by
/// ``CompletionScan``) and what the session has defined
/// (``CompletionVocabulary``).
///
/// - at the start of a statement: the statement words (in a handler body,
///   the words a body can use);
/// - after `send`, `step`, `emit`, `outbox add` and in `batch [`: message
///   types, with their `(`; after `handle` commands, after `on` events;
/// - inside `T(`: the fields of T not given yet, as `field: `;
/// - after `remove`: handlers and functions; after `show`: those and types;
///   after `graph`: types; after `help`: topics; after `set`: settings and
///   their values; after `outbox`: its sub-commands, after `outbox show` and
///   `outbox retry` the ids;
/// - in the string after `load`/`save`: files and folders;
/// - after `msg.`, `ctx.`, `last.`, `outbox.`, `message.`: their members;
/// - elsewhere in an expression: variables, functions and built-ins.
struct Completer {
    let vocabulary: CompletionVocabulary

    /// Statement words at the top level (and in top-level blocks).
    static let topLevelWords = Words.commands.union(["let", "if", "for", "while", "print", "assert", "fail", "fn", "crash", "ctx", "last"])
    /// Statement words in a handler body (`outbox add` included).
    static let bodyWords: Set<String> = ["let", "if", "for", "while", "return", "fail", "emit", "print", "assert", "crash", "ctx", "outbox"]
    /// Words that are complete statements or are usually followed by `.`:
    /// no space is added after them.
    static let closedWords: Set<String> = ["next", "run", "queue", "types", "handlers", "vars", "begin", "commit", "rollback",
                                           "ctx", "last", "msg", "message", "break", "continue", "crash", "dispatch", "quit", "exit", "reset"]
    static let settings = ["trace", "color", "cascade_limit", "step_limit", "max_attempts"]
    static let outboxWords = ["add", "show", "step", "run", "retry", "purge", "handler"]
    static let members: [String: [String]] = [
        "last": ["result", "ok", "error", "errors", "messages", "handlers"],
        "outbox": ["pending", "processed", "dead", "total", "messages"],
        "message": ["id", "type", "name", "payload", "meta", "attempts"],
    ]

    /// The completion of `text`, the text before the cursor.
    func complete(_ text: String) -> Completion {
        let scan = CompletionScan(text)
        if scan.isOpaque { return Completion.none }
        if let open = scan.openString {
            return completeInString(open, scan)
        }
        let word = scan.word
        if let opener = scan.openers.last, opener.scalar != "{" {
            if let completion = completeInBrackets(opener, scan) { return completion }
        }
        if let last = scan.tokens.last, last.isPunctuation("."), scan.tokens.count >= 2 {
            return members(of: scan.tokens[scan.tokens.count - 2], scan)
        }
        var statement = scan.statement
        // `expect error ["TEXT"] STATEMENT`: complete the inner statement.
        if statement.first?.isWord("expect") == true {
            if statement.count == 1 { return offer(["error "], for: word) }
            if statement.dropFirst().first?.isWord("error") == true {
                statement = statement.dropFirst(2)
                if statement.first?.kind == .string { statement = statement.dropFirst() }
            }
        }
        guard let first = statement.first else {
            return statementWords(scan)
        }
        if scan.body == nil || first.isWord("outbox") {
            if let completion = completeArguments(of: Array(statement), scan) { return completion }
        }
        if statement.count == 1, scan.body != nil, ["emit"].contains(first.text) {
            return messageTypes(for: word)
        }
        return expressionNames(scan)
    }

    // MARK: - Places

    private func statementWords(_ scan: CompletionScan) -> Completion {
        var words: Set<String>
        if let body = scan.body {
            words = Completer.bodyWords
            switch body.keyword {
            case "handle", "on": words.insert("msg")
            case "outbox": words.formUnion(["dispatch", "message"])
            default: words.subtract(["emit", "crash", "outbox"])
            }
        } else {
            words = Completer.topLevelWords
        }
        if scan.openers.contains(where: { $0.scalar == "{" }) {
            words.formUnion(["break", "continue"])
        }
        let candidates = words.map { word in
            Completion.Candidate(text: Completer.closedWords.contains(word) ? word : word + " ", label: word)
        }
        return filter(candidates, by: scan.word)
    }

    /// The arguments of command words at the top level; nil when the
    /// position is an ordinary expression.
    private func completeArguments(of statement: [CompletionScan.Token], _ scan: CompletionScan) -> Completion? {
        let word = scan.word
        guard let keyword = statement.first, keyword.kind == .word else { return nil }
        let count = statement.count
        if keyword.isWord("load") || keyword.isWord("save"), !statement.contains(where: { $0.kind == .string }),
           let index = scan.tokens.lastIndex(where: { $0.start == keyword.start }) {
            // A path typed without its quote yet: the quote is added.
            let typed = scan.text(after: index).drop { $0 == " " || $0 == "\t" }
            return files(matching: String(typed), quoted: false)
        }
        switch (keyword.text, count) {
        case ("send", 1), ("step", 1):
            return messageTypes(for: word)
        case ("handle", 1):
            return offer(vocabulary.types.filter(\.isCommand).map { $0.name + " " }, for: word)
        case ("on", 1):
            return offer(vocabulary.types.filter { !$0.isCommand }.map { $0.name + " " }, for: word)
        case ("handle", 2), ("on", 2):
            return offer(["as "], for: word)
        case ("remove", 1):
            return offer(vocabulary.handlers + vocabulary.functions, for: word)
        case ("show", 1):
            return offer(vocabulary.types.map(\.name) + vocabulary.handlers + vocabulary.functions, for: word)
        case ("graph", 1):
            return offer(vocabulary.types.map { $0.name + " " }, for: word)
        case ("help", 1):
            return offer(Help.topicNames, for: word)
        case ("set", 1):
            return offer(Completer.settings.map { $0 + " " }, for: word)
        case ("set", 2):
            switch statement[1].text {
            case "trace": return offer(TraceMode.allCases.map(\.rawValue), for: word)
            case "color": return offer(ColorMode.allCases.map(\.rawValue), for: word)
            default: return Completion.none
            }
        case ("reset", 1):
            return offer(["data"], for: word)
        case ("outbox", 1):
            return offer(Completer.outboxWords.map { $0 + " " }, for: word)
        case ("outbox", 2) where statement[1].isWord("add"):
            return messageTypes(for: word)
        case ("outbox", _) where count >= 2 && (statement[1].isWord("show") || statement[1].isWord("retry")):
            return outboxIDs(after: statement[1], scan)
        default:
            if Words.commands.contains(keyword.text), scan.body == nil, count >= 1,
               !["outbox", "send", "step", "batch", "expect", "load", "save", "exit", "quit"].contains(keyword.text) {
                return Completion.none
            }
            return nil
        }
    }

    /// Inside `( )` or `[ ]`: fields of a message literal, types in a
    /// `batch` list; nil for an ordinary expression.
    private func completeInBrackets(_ opener: CompletionScan.Opener, _ scan: CompletionScan) -> Completion? {
        let tokens = scan.tokens
        let after = tokens[(opener.index + 1)...]
        let atElementStart = after.last.map { $0.isPunctuation(",") } ?? true
        let before = opener.index > 0 ? tokens[opener.index - 1] : nil
        if opener.scalar == "[" {
            if before?.isWord("batch") == true, atElementStart {
                return messageTypes(for: scan.word)
            }
            return nil
        }
        guard let name = before, name.kind == .word, let type = vocabulary.type(named: name.text) else { return nil }
        let beforeName = opener.index > 1 ? tokens[opener.index - 2] : nil
        if beforeName?.isPunctuation(".") == true { return nil }
        guard atElementStart else { return nil }
        // Labels given already, at this level of the parentheses.
        var given: Set<String> = []
        var depth = 0
        var previous: CompletionScan.Token?
        for token in after {
            switch token.kind {
            case .punctuation("("), .punctuation("["), .punctuation("{"): depth += 1
            case .punctuation(")"), .punctuation("]"), .punctuation("}"): depth -= 1
            case .punctuation(":") where depth == 0:
                if let label = previous, label.kind == .word { given.insert(label.text) }
            default: break
            }
            previous = token
        }
        let fields = type.fields.filter { !given.contains($0) }
        let candidates = fields.map { Completion.Candidate(text: $0 + ": ", label: $0) }
        return filter(candidates, by: scan.word)
    }

    private func completeInString(_ text: String, _ scan: CompletionScan) -> Completion {
        let statement = scan.statement
        guard statement.count == 1, let keyword = statement.first, keyword.isWord("load") || keyword.isWord("save") else {
            return Completion.none
        }
        return files(matching: text, quoted: true)
    }

    // MARK: - Candidates

    /// Message types as they start a message literal: `PlaceOrder(`, or
    /// `Tick()` for a type without fields.
    private func messageTypes(for word: String) -> Completion {
        let candidates = vocabulary.types.map { type in
            Completion.Candidate(text: type.name + (type.fields.isEmpty ? "()" : "("), label: type.name)
        }
        return filter(candidates, by: word)
    }

    private func members(of base: CompletionScan.Token, _ scan: CompletionScan) -> Completion {
        guard base.kind == .word else { return Completion.none }
        let names: [String]
        switch base.text {
        case "msg":
            guard let typeName = scan.body?.typeName, let type = vocabulary.type(named: typeName) else { return Completion.none }
            names = type.fields
        case "ctx":
            names = vocabulary.contextKeys.filter { $0.unicodeScalars.first.map(CompletionScan.isWordStart) == true && $0.unicodeScalars.allSatisfy(CompletionScan.isWordPart) }
        default:
            names = Completer.members[base.text] ?? []
        }
        return offer(names, for: scan.word)
    }

    private func outboxIDs(after keyword: CompletionScan.Token, _ scan: CompletionScan) -> Completion {
        guard let index = scan.tokens.lastIndex(where: { $0.start == keyword.start }) else { return Completion.none }
        let typed = scan.text(after: index).drop { $0 == " " || $0 == "\t" }
        guard typed.unicodeScalars.allSatisfy({ CompletionScan.isWordPart($0) || $0 == "-" }) else { return Completion.none }
        let prefix = typed.lowercased()
        let candidates = vocabulary.outboxIDs
            .filter { $0.hasPrefix(prefix) }
            .map { Completion.Candidate(text: $0, label: $0) }
        return Completion(replacedLength: typed.unicodeScalars.count, candidates: candidates)
    }

    private func expressionNames(_ scan: CompletionScan) -> Completion {
        guard !scan.word.isEmpty else { return Completion.none }
        var candidates: [Completion.Candidate] = []
        let callables = Array(Builtins.arities.keys) + vocabulary.functions
        candidates += callables.map { Completion.Candidate(text: $0 + "(", label: $0) }
        var names = ["ctx", "true", "false", "nil", "not", "and", "or"]
        if let body = scan.body {
            if body.keyword == "handle" || body.keyword == "on" { names.append("msg") }
            if body.keyword == "outbox" { names.append("message") }
        } else {
            names += ["last", "outbox"] + vocabulary.globals
        }
        candidates += names.map { Completion.Candidate(text: $0, label: $0) }
        return filter(candidates, by: scan.word)
    }

    /// Files and folders for `load`/`save`: folders end in `/`, files in
    /// the closing quote. `quoted` is false when the quote is not typed yet
    /// (it is added).
    private func files(matching typed: String, quoted: Bool) -> Completion {
        let slash = typed.lastIndex(of: "/")
        let folderPart = slash.map { String(typed[...$0]) } ?? ""
        let namePart = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        var folder = folderPart.isEmpty ? "." : folderPart
        if !folder.hasPrefix("/") {
            folder = vocabulary.directory + "/" + folder
        }
        let quote = quoted ? "" : "\""
        let candidates = vocabulary.listFolder(folder)
            .filter { $0.name.hasPrefix(namePart) && ($0.name.hasPrefix(".") == namePart.hasPrefix(".")) }
            .map { entry in
                Completion.Candidate(text: quote + folderPart + entry.name + (entry.isFolder ? "/" : "\""),
                                     label: entry.name + (entry.isFolder ? "/" : ""))
            }
        return Completion(replacedLength: typed.unicodeScalars.count, candidates: candidates)
    }

    /// `words` (a trailing space kept in the text, not in the label) that
    /// start with `word`.
    private func offer(_ words: [String], for word: String) -> Completion {
        let candidates = words.map { text in
            Completion.Candidate(text: text, label: text.hasSuffix(" ") ? String(text.dropLast()) : text)
        }
        return filter(candidates, by: word)
    }

    /// The candidates whose label starts with `word`: exact case first,
    /// any case when none match exactly.
    private func filter(_ candidates: [Completion.Candidate], by word: String) -> Completion {
        var matches = candidates.filter { $0.label.hasPrefix(word) }
        if matches.isEmpty, !word.isEmpty {
            let lower = word.lowercased()
            matches = candidates.filter { $0.label.lowercased().hasPrefix(lower) }
        }
        return Completion(replacedLength: word.unicodeScalars.count, candidates: matches)
    }
}
