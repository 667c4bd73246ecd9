import BusScript

/// Presenter mode (`busctl --present FILE`, LANGUAGE.md §14): walks a room
/// through a script one top-level statement at a time.
///
/// For each statement it shows the comment block before it and the
/// statement as it would be typed at the prompt, then waits:
///
/// - Enter runs the statement in the session and shows its result (trace,
///   errors, echoed values), then the next statement is shown;
/// - `c` runs it and, without waiting, the statements after it that have no
///   comment of their own (the asserts after a `send`, a run of
///   definitions), up to the next statement with a comment block;
/// - `s` skips the statement without running it;
/// - `q` (or Ctrl-C) leaves presenter mode; the session stays open, with
///   everything defined so far, and the REPL takes over;
/// - `?` shows the keys;
/// - anything else is a statement typed live, run as at the `bus>` prompt
///   (`ctx`, `outbox`, `queue` to answer a question); then the statement
///   is shown again and waits for its key;
/// - Ctrl-D (or the end of piped input) ends busctl, as at the prompt.
///
/// A statement that fails is reported and the presentation goes on, as in
/// the REPL; an `assert` that holds (silent at the prompt) shows `✓ holds`. Each statement runs at its place in the file, so errors point
/// at the lesson's own lines. Statements that ran are added to the REPL's
/// history, so Up recalls them after `q`.
final class Presenter {
    /// How the presentation ended.
    enum Outcome: Equatable {
        /// Every statement was shown; the session goes on.
        case finished
        /// `q` or Ctrl-C: the session goes on.
        case left
        /// Ctrl-D or the end of the input.
        case endOfInput
        /// `quit` / `exit N` ran (in the file or typed live).
        case exit(Int32)
    }

    /// What the trainer asked for at the prompt.
    private enum Choice {
        case run, runToNextComment, skip, leave, endOfInput, exit(Int32)
    }

    private let script: ScriptFile
    private let outline: ProgramOutline
    private let runner: ScriptRunner
    private let session: Session
    private let output: TerminalOutput
    private let reader: LineReader
    private let erasesPrompt: Bool
    /// Statements typed live: `<stdin>` lines, counted across entries.
    private var live = StatementAccumulator(countsBlankLines: false)

    /// The file's statements, or nil when the file has a syntax error.
    ///
    /// - Parameter erasesPrompt: at a terminal, remove the prompt line once
    ///   a key has run the statement, so that the screen reads like a
    ///   session at the `bus>` prompt.
    init?(script: ScriptFile, runner: ScriptRunner, session: Session, output: TerminalOutput, reader: LineReader, erasesPrompt: Bool) {
        guard let outline = try? Parser.outline(script.text, file: script.path) else { return nil }
        self.script = script
        self.outline = outline
        self.runner = runner
        self.session = session
        self.output = output
        self.reader = reader
        self.erasesPrompt = erasesPrompt
    }

    /// The prompt before statement `number` of `count`.
    static func prompt(_ number: Int, of count: Int) -> String {
        "present \(number)/\(count) (Enter, c, s, q)> "
    }

    /// The line that explains the keys.
    static let keys = "Enter runs the statement shown; c runs it and the statements after it up to the next comment; "
        + "s skips it; q leaves presenter mode (the session stays open); ? shows this. Anything else runs as at the bus> prompt."

    /// Shows and runs the statements until the end, `q`, or the end of input.
    func run() -> Outcome {
        let statements = outline.statements
        let count = statements.count
        show(dim("presenter mode: \(script.path), \(count) statement\(count == 1 ? "" : "s").\n\(Presenter.keys)"))
        /// True while `c` runs statements without waiting.
        var continuing = false
        for (index, statement) in statements.enumerated() {
            if continuing && !statement.comments.isEmpty { continuing = false }
            show(block(for: statement, number: index + 1, of: count))
            if !continuing {
                switch choose(at: statement, number: index + 1, of: count) {
                case .run:
                    break
                case .runToNextComment:
                    continuing = true
                case .skip:
                    session.output.receive(.note("skipped"), mode: session.traceMode)
                    show("")
                    continue
                case .leave:
                    leave(before: index + 1, of: count)
                    return .left
                case .endOfInput:
                    return .endOfInput
                case .exit(let status):
                    return .exit(status)
                }
            }
            let result = runner.run(
                statement: statement.text,
                file: script.path,
                line: statement.location.line,
                column: statement.location.column,
                directory: script.directory)
            reader.remember(statement.text)
            if let status = result.exitStatus { return .exit(status) }
            if result.failures == 0, statement.text.hasPrefix("assert ") {
                // A passing assert prints nothing; the room should see it held.
                show(dim("✓ holds"))
            }
            show("")
        }
        var closing = outline.closingComments.map { comment($0) }
        closing.append(dim("end of \(script.path): presenter mode is over; the session stays open."))
        show(closing.joined(separator: "\n"))
        output.flush()
        return .finished
    }

    /// Reads keys (and live statements) until one decides what happens to
    /// the statement shown.
    private func choose(at statement: StatementOutline, number: Int, of count: Int) -> Choice {
        while true {
            output.flush()
            let prompt = live.isEmpty ? Presenter.prompt(number, of: count) : REPL.continuationPrompt
            switch reader.readLine(prompt: prompt) {
            case .endOfInput:
                return .endOfInput
            case .interrupted:
                // Ctrl-C drops a live statement being typed, or leaves.
                if live.isEmpty { return .leave }
                live.discard()
            case .line(let line):
                if live.isEmpty {
                    switch line.trimmingSpaces().lowercased() {
                    case "":
                        erasePrompt()
                        return .run
                    case "c":
                        erasePrompt()
                        return .runToNextComment
                    case "s":
                        return .skip
                    case "q":
                        return .leave
                    case "?":
                        show(dim(Presenter.keys))
                        continue
                    default:
                        break
                    }
                }
                guard let entry = live.add(line) else { continue }
                reader.remember(entry.text)
                let result = runner.run(replEntry: entry)
                if let status = result.exitStatus { return .exit(status) }
                show(typed(statement).joined(separator: "\n"))
            }
        }
    }

    /// The header, the comments and the statement, as typed at the prompt.
    private func block(for statement: StatementOutline, number: Int, of count: Int) -> String {
        var lines = [dim("── \(number)/\(count) · \(statement.location.file):\(statement.location.line) ──")]
        lines += statement.comments.map { comment($0) }
        lines += typed(statement)
        return lines.joined(separator: "\n")
    }

    /// The statement's lines after the `bus>` and `...>` prompts, with its
    /// trailing comment.
    private func typed(_ statement: StatementOutline) -> [String] {
        let lines = statement.text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.enumerated().map { index, line in
            var shown = (index == 0 ? REPL.prompt : REPL.continuationPrompt) + bold(String(line))
            if index == lines.count - 1, let trailing = statement.trailingComment {
                shown += "  " + comment(trailing)
            }
            return shown
        }
    }

    /// At a terminal, moves the cursor up to the prompt line that Enter
    /// left behind and clears it, so that the statement's output follows
    /// the statement.
    private func erasePrompt() {
        guard erasesPrompt else { return }
        output.flush()
        output.console.standardOutput.write("\u{1B}[1A\u{1B}[2K\r")
        output.console.standardOutput.flush()
    }

    private func leave(before number: Int, of count: Int) {
        session.output.receive(
            .note("left presenter mode before statement \(number) of \(count); the session stays open with everything defined so far"),
            mode: session.traceMode)
    }

    /// Writes `text` as output (a JSON `text` line in json mode).
    private func show(_ text: String) {
        session.output.receive(.text(text), mode: session.traceMode)
    }

    private var palette: Palette? {
        session.traceMode == .json ? nil : output.console.outputPalette
    }

    private func dim(_ text: String) -> String { palette?.paint(text, .dim) ?? text }
    private func bold(_ text: String) -> String { palette?.paint(text, .bold) ?? text }
    private func comment(_ text: String) -> String { palette?.paint(text, .cyan) ?? text }
}

private extension String {
    func trimmingSpaces() -> String {
        var scalars = unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" || last == "\r" { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
