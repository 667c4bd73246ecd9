import BusScript

/// Standard output and standard error as the renderers see them: buffered
/// channels, a palette for each, and the way to find a source line for a
/// caret.
///
/// Writing to standard error first flushes standard output, so that a trace
/// and the error that ends it appear in the order they happened even when
/// both go to one terminal.
final class Console {
    /// Standard output: the trace, `print` lines, echoed values, tables.
    let standardOutput: OutputChannel
    /// Standard error: diagnostics and notes.
    let standardError: OutputChannel
    /// Colours for standard output.
    private(set) var outputPalette: Palette
    /// Colours for standard error.
    private(set) var errorPalette: Palette
    /// Finds the text of `line` in `file` for the caret under an error.
    var sourceLine: (_ file: String, _ line: Int) -> String? = { _, _ in nil }
    private let environment: [String: String]

    /// - Parameters:
    ///   - standardOutput: where the trace goes.
    ///   - standardError: where diagnostics go.
    ///   - color: the colour setting (`--no-color` gives `.off`).
    ///   - environment: read for `NO_COLOR` and `TERM`.
    init(standardOutput: OutputChannel, standardError: OutputChannel, color: ColorMode, environment: [String: String]) {
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.environment = environment
        outputPalette = Palette(isEnabled: Palette.resolve(color, isTerminal: standardOutput.isTerminal, environment: environment))
        errorPalette = Palette(isEnabled: Palette.resolve(color, isTerminal: standardError.isTerminal, environment: environment))
    }

    /// Applies a new colour setting (`set color`).
    func setColor(_ color: ColorMode) {
        outputPalette = Palette(isEnabled: Palette.resolve(color, isTerminal: standardOutput.isTerminal, environment: environment))
        errorPalette = Palette(isEnabled: Palette.resolve(color, isTerminal: standardError.isTerminal, environment: environment))
    }

    /// Writes one line to standard output.
    func line(_ text: String) {
        standardOutput.writeLine(text)
    }

    /// Writes a block of text (a table, `help`) to standard output, ending
    /// it with exactly one newline.
    func text(_ text: String) {
        standardOutput.writeLine(Console.withoutFinalNewline(text))
    }

    /// Writes a table to standard output, its columns fitted to the width
    /// of the output (`TerminalWidth`).
    func table(_ table: TableTrace) {
        // A capturing channel (tests) has no descriptor: only COLUMNS counts.
        let width = TerminalWidth.columns(of: standardOutput.fileDescriptor ?? -1, environment: environment)
        for line in TableLayout.lines(table, width: width, palette: outputPalette) {
            standardOutput.writeLine(line)
        }
    }

    /// `text` without one trailing newline.
    static func withoutFinalNewline(_ text: String) -> String {
        text.hasSuffix("\n") ? String(text.dropLast()) : text
    }

    /// Writes `text` (which ends in a newline, or not) to standard error,
    /// after flushing standard output.
    func error(_ text: String) {
        standardOutput.flush()
        standardError.write(text)
        standardError.flush()
    }

    /// Writes a diagnostic to standard error with its source line and caret.
    func diagnostic(_ diagnostic: Diagnostic) {
        let source = diagnostic.location.flatMap { sourceLine($0.file, $0.line) }
        error(DiagnosticFormatter.format(diagnostic, sourceLine: source, palette: errorPalette))
    }

    /// Writes a note (an informational line) to standard error.
    func note(_ text: String) {
        error(errorPalette.paint(text, .cyan) + "\n")
    }

    /// Flushes both streams.
    func flush() {
        standardOutput.flush()
        standardError.flush()
    }
}
