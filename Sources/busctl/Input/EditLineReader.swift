import CEditLine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines at a terminal with libedit: line editing (emacs keys), the
/// arrow keys through the history, Ctrl-R to search it, a history file
/// kept across runs, and Tab completion (`TabCompletion`).
///
/// Signals stay busctl's: libedit's own handling is off (`EL_SIGNAL` 0), so
/// Ctrl-C interrupts the blocked read (see `InterruptSignal`) and the line is
/// cancelled. A multi-line entry is one history entry; the history file
/// escapes its newlines. Use it only when standard input and output are both
/// terminals (LIBEDIT.md).
final class EditLineReader: LineReader {
    /// Entries kept in memory and in the file.
    static let historySize: Int32 = 1000

    private let editor: OpaquePointer
    private let history: OpaquePointer
    private let historyPath: String?
    /// What Tab does; the REPL gives it the session to ask.
    let tabCompletion = TabCompletion()
    /// The prompt libedit shows, owned by this reader (`strdup`).
    fileprivate var promptText: UnsafeMutablePointer<CChar>?

    /// Starts libedit on the terminal; nil if it cannot.
    ///
    /// - Parameters:
    ///   - programName: the name `~/.editrc` settings are selected by.
    ///   - historyPath: the history file, read now and written after each
    ///     entry; nil for no file.
    init?(programName: String, historyPath: String?) {
        guard let history = history_init() else { return nil }
        guard let editor = busctl_el_init(programName) else {
            history_end(history)
            return nil
        }
        self.editor = editor
        self.history = history
        self.historyPath = historyPath
        promptText = strdup("")

        _ = busctl_history_set_size(history, EditLineReader.historySize)
        _ = busctl_history_set_unique(history, 1)
        if let historyPath {
            _ = busctl_history_load(history, historyPath)
        }
        _ = busctl_el_set_signal(editor, 0)
        _ = busctl_el_set_editor(editor, "emacs")
        _ = busctl_el_set_history(editor, history)
        _ = busctl_el_bind(editor, "^R", "em-inc-search-prev")
        _ = busctl_el_set_clientdata(editor, Unmanaged.passUnretained(self).toOpaque())
        _ = busctl_el_set_prompt(editor, editLinePrompt)
        _ = busctl_el_add_function(editor, "busctl-complete", "complete the word before the cursor", editLineComplete)
        _ = busctl_el_bind(editor, "^I", "busctl-complete")
        // The user's ~/.editrc (or $EDITRC) last, so that it can change any
        // of the above.
        _ = el_source(editor, nil)
    }

    deinit {
        el_end(editor)
        history_end(history)
        free(promptText)
    }

    func readLine(prompt: String) -> LineReadResult {
        free(promptText)
        promptText = strdup(prompt)
        el_resize(editor)
        InterruptSignal.prepareToRead()
        var count: Int32 = 0
        guard let raw = el_gets(editor, &count), count > 0 else {
            if InterruptSignal.wasInputCancelled || (count < 0 && errno == EINTR) {
                return .interrupted
            }
            return .endOfInput
        }
        var line = String(cString: raw).unicodeScalars
        while let last = line.last, last == "\n" || last == "\r" {
            line.removeLast()
        }
        return .line(String(line))
    }

    func remember(_ entry: String) {
        guard !entry.allSatisfy(\.isWhitespace) else { return }
        _ = busctl_history_enter(history, entry)
        guard let historyPath else { return }
        if busctl_history_save(history, historyPath) >= 0 {
            chmod(historyPath, 0o600)
        }
    }
}

/// libedit's prompt callback: the prompt of the reader stored as client
/// data.
private func editLinePrompt(_ editor: OpaquePointer?) -> UnsafeMutablePointer<CChar>? {
    guard let editor, let data = busctl_el_get_clientdata(editor) else { return nil }
    return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().promptText
}

/// libedit's Tab command: the completion of the reader stored as client
/// data.
private func editLineComplete(_ editor: OpaquePointer?, _ key: Int32) -> UInt8 {
    guard let editor, let data = busctl_el_get_clientdata(editor) else { return UInt8(CC_REFRESH_BEEP) }
    return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().tabCompletion.complete(editor)
}
