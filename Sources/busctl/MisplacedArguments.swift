import Foundation

/// Command lines that parse, but not as meant: a subcommand after a flag
/// (`busctl --postgres URL graph f.bus`, which would run a script file
/// named `graph`) and a store flag given twice (which would silently keep
/// the last). Each gives a usage error (status 2) that says what to type.
extension BusctlCommand {
    /// busctl's options that take a value: the word after them is that
    /// value, never a subcommand or another flag.
    static let optionsWithValues: Set<String> = [
        "-e", "--eval", "-i", "--interactive", "--present", "--trace", "--db", "--postgres",
    ]

    /// The hint for a subcommand (`graph`, `relay`) after other arguments
    /// (`busctl --postgres URL graph f.bus`): there it would be read as a
    /// script file of that name, and `cannot read graph` would follow. Nil
    /// when the word is first, is the value of an option (`-e graph` draws
    /// the session's graph), comes after `--`, or names a file that exists
    /// (a script named graph or relay still runs).
    static func misplacedSubcommandHint(_ arguments: [String], fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) -> String? {
        let hints = [
            "graph": "`graph` is a subcommand: put it first, as in busctl graph FILE... (it reads the files' definitions only, with no --postgres or --db; a script file named graph runs as ./graph)",
            "relay": "`relay` is a subcommand: put it first, as in busctl relay --postgres URL --handlers FILE … (a script file named relay runs as ./relay)",
        ]
        for (index, word) in plainWords(arguments) where index > 0 {
            guard let hint = hints[word] else { continue }
            return fileExists(word) ? nil : hint
        }
        return nil
    }

    /// The error for a store flag given more than once (`--postgres A
    /// --postgres B`), which the parser would resolve by keeping the last.
    static func repeatedStoreFlag(_ arguments: [String], flags: [String] = ["--postgres", "--db"], valueOptions: Set<String> = optionsWithValues) -> String? {
        let words = flagWords(arguments, valueOptions: valueOptions)
        for flag in flags {
            let count = words.filter { $0 == flag || $0.hasPrefix(flag + "=") }.count
            if count > 1 {
                return "\(flag) given \(count == 2 ? "twice" : "\(count) times"); give it once"
            }
        }
        return nil
    }

    /// The words of `arguments` that are flags (not values of the options
    /// `valueOptions`), up to `--`.
    private static func flagWords(_ arguments: [String], valueOptions: Set<String>) -> [String] {
        var words: [String] = []
        var skipNext = false
        for word in arguments {
            if skipNext { skipNext = false; continue }
            if word == "--" { break }
            if word.hasPrefix("-") { words.append(word) }
            skipNext = valueOptions.contains(word)
        }
        return words
    }

    /// The words of `arguments` that are neither flags nor values of
    /// options, with their positions, up to `--`.
    private static func plainWords(_ arguments: [String]) -> [(Int, String)] {
        var words: [(Int, String)] = []
        var skipNext = false
        for (index, word) in arguments.enumerated() {
            if skipNext { skipNext = false; continue }
            if word == "--" { break }
            if !word.hasPrefix("-") { words.append((index, word)) }
            skipNext = optionsWithValues.contains(word)
        }
        return words
    }
}
