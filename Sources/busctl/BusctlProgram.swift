import BusScript
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run of busctl, from a parsed command line to an exit status
/// (LANGUAGE.md §14):
///
/// 1. every file named on the command line is read first; one that cannot
///    be read stops busctl with status 2 before anything runs;
/// 2. the `-e` texts run, then the files, then the `-i` file; the first
///    failing statement stops the run with status 1 (`--keep-going`: every
///    error is reported and the status is 1 at the end);
/// 3. with no source, or with `-i`, standard input follows: the REPL at a
///    terminal, otherwise a script read statement by statement; with
///    `--present FILE`, presenter mode (`Presenter`) reads its keys from
///    standard input first, then the same follows.
///
/// `quit`/`exit N` ends busctl with that status; Ctrl-C in a script, 130.
struct BusctlProgram {
    let invocation: Invocation

    /// Runs busctl; returns the exit status.
    func run() -> Int32 {
        let scripts: [ScriptFile]
        let interactiveScript: ScriptFile?
        let presentedScript: ScriptFile?
        do {
            scripts = try invocation.files.map { path throws(ScriptFile.ReadError) in try ScriptFile.read(path: path) }
            interactiveScript = try invocation.interactiveFile.map { path throws(ScriptFile.ReadError) in try ScriptFile.read(path: path) }
            presentedScript = try invocation.presentFile.map { path throws(ScriptFile.ReadError) in try ScriptFile.read(path: path) }
        } catch {
            let channel = OutputChannel(fileDescriptor: 2)
            channel.writeLine(error.message)
            channel.flush()
            return 2
        }

        if setlocale(LC_CTYPE, "") == nil {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
        let console = Console(
            standardOutput: OutputChannel(fileDescriptor: 1),
            standardError: OutputChannel(fileDescriptor: 2),
            color: invocation.options.color,
            environment: invocation.environment
        )
        let output = TerminalOutput(console: console)
        let store: OpenedStore
        let session: Session
        do {
            store = try invocation.openStore()
        } catch {
            console.note("busctl: error: \(error)")
            output.flush()
            return 2
        }
        defer { store.close() }
        do {
            session = try Session(options: invocation.options, output: output, interruptFlag: InterruptSignal.flag, store: store.store)
        } catch {
            console.note("busctl: error: \((error as? Diagnostic)?.message ?? String(describing: error))")
            output.flush()
            return 2
        }
        let sources = SourceRegistry()
        console.sourceLine = { [weak session] file, line in
            session?.sourceLine(file: file, line: line) ?? sources.line(file: file, line: line)
        }
        output.colorSetting = { [weak session] in session?.colorMode ?? .auto }
        InterruptSignal.install(atTerminal: isTerminal(0))
        // Ctrl-C also cuts short a wait for PostgreSQL (`--postgres`), which
        // a database that does not answer could keep going for minutes.
        BlockingBridge.interruption.withLock { $0 = { InterruptSignal.flag.isRaised ? .now : .none } }
        let runner = ScriptRunner(
            session: session,
            output: output,
            sources: sources,
            keepGoing: invocation.options.keepGoing,
            workingDirectory: currentDirectory()
        )

        let status = run(scripts: scripts, interactiveScript: interactiveScript, presentedScript: presentedScript, runner: runner, session: session, output: output)
        session.finish()
        output.flush()
        return status
    }

    private func run(scripts: [ScriptFile], interactiveScript: ScriptFile?, presentedScript: ScriptFile?, runner: ScriptRunner, session: Session, output: TerminalOutput) -> Int32 {
        var sourcesFailed = false
        var steps: [() -> ScriptRunner.Step] = invocation.expressions.map { text in { runner.run(expression: text) } }
        steps += scripts.map { script in { runner.run(file: script) } }
        if let interactiveScript {
            steps.append { runner.run(file: interactiveScript) }
        }
        sourceLoop: for step in steps {
            switch step() {
            case .proceed:
                continue
            case .exit(let status):
                return status
            case .interrupted:
                guard invocation.interactiveFile != nil || presentedScript != nil else { return 130 }
                break sourceLoop
            case .failed:
                sourcesFailed = true
                break sourceLoop
            }
        }
        guard invocation.readsStandardInput else {
            return sourcesFailed || runner.hadFailure ? 1 : 0
        }

        if isTerminal(0) {
            let input = makePromptInput(session: session, output: output)
            if let presentedScript {
                let erasesPrompt = input.reader is EditLineReader
                switch present(presentedScript, reader: input.reader, erasesPrompt: erasesPrompt, runner: runner, session: session, output: output) {
                case .exit(let status): return status
                case .endOfInput:
                    input.promptChannel.write("\n")
                    input.promptChannel.flush()
                    return 0
                case .finished, .left: break
                }
            }
            return REPL(runner: runner, output: output, reader: input.reader, promptChannel: input.promptChannel, echoesInterrupt: input.echoesInterrupt).run()
        }
        let reader = PlainLineReader()
        if let presentedScript {
            switch present(presentedScript, reader: reader, erasesPrompt: false, runner: runner, session: session, output: output) {
            case .exit(let status): return status
            case .endOfInput: return runner.hadFailure ? 1 : 0
            case .finished, .left: break
            }
        }
        switch runner.run(standardInput: reader) {
        case .exit(let status): return status
        case .interrupted: return 130
        case .failed: return 1
        case .proceed: return sourcesFailed || runner.hadFailure ? 1 : 0
        }
    }

    /// Presenter mode over `script`; a file with a syntax error is run as a
    /// script instead (which reports the error and runs nothing).
    private func present(_ script: ScriptFile, reader: LineReader, erasesPrompt: Bool, runner: ScriptRunner, session: Session, output: TerminalOutput) -> Presenter.Outcome {
        guard let presenter = Presenter(script: script, runner: runner, session: session, output: output, reader: reader, erasesPrompt: erasesPrompt) else {
            if case .exit(let status) = runner.run(file: script) { return .exit(status) }
            return .left
        }
        return presenter.run()
    }

    /// Where the REPL (and presenter mode) read lines at a terminal.
    private struct PromptInput {
        var reader: LineReader
        var promptChannel: OutputChannel
        var echoesInterrupt: Bool
    }

    /// The REPL's input, with libedit when standard input and output are both
    /// terminals, plain lines (prompts on standard error) otherwise.
    private func makePromptInput(session: Session, output: TerminalOutput) -> PromptInput {
        let console = output.console
        if isTerminal(1) {
            if session.traceMode != .json {
                console.line(console.outputPalette.paint("busctl \(BusctlVersion.current): type help to start, Ctrl-D to quit", .dim))
            }
            var historyPath = HistoryLocation.path(environment: invocation.environment)
            if let path = historyPath, !HistoryLocation.prepareFolder(for: path) {
                console.note("busctl: cannot create the folder for \(path); history is not saved")
                historyPath = nil
            }
            output.flush()
            if let reader = EditLineReader(programName: "busctl", historyPath: historyPath) {
                return PromptInput(reader: reader, promptChannel: console.standardOutput, echoesInterrupt: true)
            }
        }
        let reader = PlainLineReader(fileDescriptor: 0, promptChannel: console.standardError)
        return PromptInput(reader: reader, promptChannel: console.standardError, echoesInterrupt: false)
    }

    private func currentDirectory() -> String {
        guard let path = getcwd(nil, 0) else { return "." }
        defer { free(path) }
        return String(cString: path)
    }
}
