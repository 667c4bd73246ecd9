import BusScript
import Logging
import MessageBus
import MessageBusPostgres
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One run of `busctl relay`, from parsed flags to an exit status: reads the
/// handlers file, connects, loads the file's definitions into a session on
/// the PostgreSQL store, and runs a `PostgresOutboxRelay` until a signal
/// stops it (see ``RelayCommand``).
struct RelayProgram {
    let command: RelayCommand
    let environment: [String: String]

    /// Runs the relay; returns the exit status.
    func run() -> Int32 {
        guard let urlText = command.postgresURL, let handlersPath = command.handlersFile else { return 2 }
        let name = command.name ?? PostgresOutboxRelay.uniqueName(prefix: "relay")
        let log = RelayLog(relayName: name, messagesOnStandardError: command.trace == .json)
        let stopSwitch = RelayStopSwitch()
        // Before anything waits for the database: a signal while it
        // connects cuts the connection short.
        let signals = RelaySignals(first: { stopSwitch.requestStop() }, again: { number in
            log.note("\(number == SIGINT ? "SIGINT" : "SIGTERM") again: exiting at once; the messages this relay holds are claimed again when their leases expire")
        })
        defer { signals.cancel() }
        BlockingBridge.interruption.withLock { $0 = { stopSwitch.interruption() } }
        let script: ScriptFile
        do {
            script = try ScriptFile.read(path: handlersPath)
        } catch {
            printError(error.message)
            return 2
        }
        let store: PostgresSessionStore
        do {
            store = try PostgresSessionStore(url: urlText)
        } catch where stopSwitch.isStopRequested {
            log.message("stopped before it connected")
            return 0
        } catch {
            printError("busctl: error: \(error)")
            return 2
        }
        defer { store.close() }

        guard let session = loadSession(script, store: store) else {
            if stopSwitch.isStopRequested {
                log.message("stopped before it started")
                return 0
            }
            return 1
        }
        let handlerNames = session.perform { $0.outboxHandlerNames }
        guard !handlerNames.isEmpty else {
            printError("busctl: error: \(script.path) defines no outbox handler, so the relay would have nothing to run; add one such as `outbox handler relay { dispatch }`")
            return 2
        }
        defer { session.perform { $0.finish() } }

        session.sendErrors(to: log)
        var configuration = command.relayConfiguration
        // A claim that waits longer than a connection may take means the
        // database is unreachable: say so then, not after postgres-nio's minute.
        configuration.unreachableAfter = store.running.url.connectTimeout
        let relay = PostgresOutboxRelay(
            client: store.running.client,
            name: name,
            configuration: configuration,
            observers: [RelayMessageLogger(log: log)],
            logger: Logger(label: "busctl.relay") { _ in RelayLogHandler(log: log) },
            handler: { record in
                let interruptions = BlockingBridge.interruptions
                let attempt = await session.attempt(record)
                if BlockingBridge.interruptions != interruptions {
                    // The stop cut a wait for the database short: the
                    // attempt did not end, so nothing is recorded for it.
                    throw RelayedInterruption(record: record)
                }
                switch attempt {
                case .processed: return
                case .failed(let reason): throw RelayedFailure(description: reason)
                case .crashed: throw RelayedCrash(record: record)
                }
            }
        )
        stopSwitch.attach(relay)
        let searchPath = store.running.url.searchPath.map { " (search_path \($0))" } ?? ""
        log.message("relays the outbox of \(store.running.url)\(searchPath) with the outbox handlers \(handlerNames.joined(separator: ", ")) of \(script.path); SIGINT or SIGTERM stops it")
        return runUntilStopped(relay, log: log)
    }

    /// Runs the relay until it is stopped. A `crash` in an outbox handler
    /// "kills" the relay with its message in hand: the relay starts again at
    /// once, and the message, still leased, is claimed again when its lease
    /// expires (at-least-once, made visible).
    private func runUntilStopped(_ relay: PostgresOutboxRelay, log: RelayLog) -> Int32 {
        while true {
            do {
                // Not cut short by the stop: the relay's run ends on it.
                try BlockingBridge.runToEnd(timeout: nil) { try await relay.run() }
                log.message("stopped")
                return 0
            } catch let interruption as RelayedInterruption {
                let record = interruption.record
                log.message("\(record.id.uuidString.lowercased()) \(record.name) attempt \(record.attempts): interrupted by the stop while it waited for the database; its outcome is not recorded (its context changes may be), so it runs again when its lease expires (at least once)")
                log.message("stopped")
                return 0
            } catch let crash as RelayedCrash {
                let record = crash.record
                log.message("\(record.id.uuidString.lowercased()) \(record.name) attempt \(record.attempts): crashed; the relay restarts, and the message is claimed again when its lease expires")
                if relay.isStopRequested {
                    log.message("stopped")
                    return 0
                }
            } catch {
                log.note("error: \(PostgresErrorText.describe(error))")
                return 1
            }
        }
    }

    /// A session on `store` with the definitions of `script`; nil (after the
    /// errors are shown) when a definition does not check.
    private func loadSession(_ script: ScriptFile, store: PostgresSessionStore) -> RelaySession? {
        var options = SessionOptions()
        options.trace = command.trace.mode
        options.color = command.noColor ? .off : .auto
        options.maxAttempts = command.maxAttempts
        options.stepLimit = command.stepLimit
        // Standard error is captured and passed on by the relay session:
        // as it is while the definitions load, through the relay's log
        // (with time and name) once the relay runs.
        let errors = OutputChannel(capturing: isTerminal(2))
        let console = Console(
            standardOutput: OutputChannel(fileDescriptor: 1),
            standardError: errors,
            color: options.color,
            environment: environment
        )
        let output = TerminalOutput(console: console)
        let session: Session
        do {
            session = try Session(options: options, output: output, store: store)
        } catch {
            printError("busctl: error: \((error as? Diagnostic)?.message ?? String(describing: error))")
            return nil
        }
        console.sourceLine = { [weak session] file, line in session?.sourceLine(file: file, line: line) }
        let relaySession = RelaySession(session: session, output: output, errors: errors)
        let loaded = relaySession.perform { $0.runDefinitions(source: script.text, file: script.path, directory: script.directory) }
        guard loaded.failures == 0 else { return nil }
        return relaySession
    }

    private func printError(_ text: String) {
        let channel = OutputChannel(fileDescriptor: 2)
        channel.writeLine(text)
        channel.flush()
    }
}
