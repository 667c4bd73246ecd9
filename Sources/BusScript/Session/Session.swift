/// A busctl session: the definitions, context, settings and locals that
/// statements share, from the first line to `quit`.
///
/// busctl creates one per process. Each source text (a file, a `-e` text, a
/// REPL entry) is parsed in full first, then each top-level statement is
/// checked and run in turn (LANGUAGE.md §13).
///
/// ```swift
/// let session = Session(options: SessionOptions(), output: myOutput)
/// let result = session.run(source: "print 1 + 2", file: "<-e>")
/// ```
public final class Session {
    /// The options the session started with; `reset` returns to them.
    public let options: SessionOptions
    /// Where everything the session shows goes.
    public let output: any SessionOutput
    /// Raise it (from a signal handler) to stop the running statement.
    public let interruptFlag: InterruptFlag
    /// The interpreter behind the facade (the extensions in `Completion/`
    /// and `Graph/` reach it).
    let interpreter: Interpreter

    /// - Parameters:
    ///   - options: the command line's settings.
    ///   - output: receives every trace event, value, note and error.
    ///   - interruptFlag: checked at every step; raising it stops the
    ///     running statement with "interrupted".
    public init(options: SessionOptions, output: any SessionOutput, interruptFlag: InterruptFlag = InterruptFlag()) {
        self.options = options
        self.output = output
        self.interruptFlag = interruptFlag
        self.interpreter = Interpreter(options: options, output: output, interruptFlag: interruptFlag,
                                       store: MemorySessionStore(), context: [:])
    }

    /// A session whose context and outbox live in `store` (busctl's `--db`
    /// file, or SQLite in memory).
    ///
    /// - Throws: a ``Diagnostic`` when the store's committed context cannot
    ///   be read (a damaged file).
    public init(options: SessionOptions, output: any SessionOutput, interruptFlag: InterruptFlag = InterruptFlag(), store: any SessionStore) throws {
        self.options = options
        self.output = output
        self.interruptFlag = interruptFlag
        do {
            let context = try Interpreter.committedContext(of: store)
            self.interpreter = Interpreter(options: options, output: output, interruptFlag: interruptFlag, store: store, context: context)
        } catch let failure as ScriptFailure {
            throw Diagnostic(failure.message, at: nil)
        } catch {
            throw Diagnostic("cannot read the store: \(error)", at: nil)
        }
    }

    /// Parses `source` in full, then runs its statements in order.
    ///
    /// - Parameters:
    ///   - source: the text.
    ///   - file: the name used in locations (`shop.bus`, `<stdin>`, `<-e>`).
    ///   - firstLine: the line number of the text's first line (the REPL
    ///     counts lines across entries).
    ///   - directory: the folder that relative `load`/`save` paths start from
    ///     (the file's folder; nil for the working directory).
    /// - Returns: failures, a requested exit status, interruption. Errors are
    ///   reported through `output` as `.error` events, never thrown. A syntax
    ///   error runs nothing; otherwise the first failing statement stops the
    ///   text unless `options.keepGoing`.
    public func run(source: String, file: String, firstLine: Int = 1, directory: String? = nil) -> RunResult {
        interpreter.runSource(source, file: file, firstLine: firstLine, directory: directory)
    }

    /// True when `source` ends inside an open statement (an unclosed block or
    /// bracket, a line ending in an infix operator, `,`, `=` or `:`), so the
    /// REPL and piped input should read another line before running it.
    public static func needsMoreInput(_ source: String) -> Bool {
        Parser.needsMoreInput(source)
    }

    /// The text of a line of a source this session has run, for the caret
    /// under an error; nil when unknown.
    public func sourceLine(file: String, line: Int) -> String? {
        interpreter.sources.line(file: file, line: line)
    }

    /// The trace mode in force now (`set trace` changes it).
    public var traceMode: TraceMode { interpreter.settings.trace }

    /// The colour setting in force now (`set color` changes it).
    public var colorMode: ColorMode { interpreter.settings.color }

    /// Ends the session: discards a stepped cascade with a note (and, once
    /// transactions exist, rolls back an open one with a warning).
    public func finish() {
        interpreter.discardSteppedCascade()
        interpreter.rollBackAtEnd()
    }
}
