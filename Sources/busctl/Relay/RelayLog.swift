import Foundation
import Logging
import MessageBus
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where `busctl relay` writes what it does: one line per message on
/// standard output, the relay's own notes and errors on standard error.
/// With `--trace json` standard output is the trace's JSON lines only, so
/// the message lines go to standard error too.
///
/// Lines come from several threads (the relay's tasks, the session's
/// queue, signal handlers); each line is written whole, under a lock, and
/// at once, so that a process reading the relay's output sees every
/// message as soon as it is done.
final class RelayLog: Sendable {
    /// The relay's name, at the start of each line.
    let relayName: String
    private let messageDescriptor: Int32
    private let lock = Mutex(())

    /// - Parameters:
    ///   - relayName: The relay's name, at the start of each line.
    ///   - messagesOnStandardError: Write the message lines to standard
    ///     error (`--trace json`, whose lines own standard output).
    init(relayName: String, messagesOnStandardError: Bool = false) {
        self.relayName = relayName
        messageDescriptor = messagesOnStandardError ? 2 : 1
    }

    /// `TIME RELAY TEXT` on standard output (standard error with `--trace json`).
    func message(_ text: String) {
        write("\(Self.timestamp()) \(relayName) \(text)\n", to: messageDescriptor)
    }

    /// `TIME RELAY TEXT` on standard error.
    func note(_ text: String) {
        write("\(Self.timestamp()) \(relayName) \(text)\n", to: 2)
    }

    private func write(_ line: String, to fileDescriptor: Int32) {
        lock.withLock { _ in
            var bytes = Array(line.utf8)[...]
            while !bytes.isEmpty {
                let written = bytes.withUnsafeBytes { systemWrite(fileDescriptor, $0.baseAddress, $0.count) }
                if written <= 0 {
                    if written < 0, errno == EINTR { continue }
                    return
                }
                bytes = bytes.dropFirst(written)
            }
        }
    }

    /// The time in UTC to the millisecond: `2026-11-30T01:02:03.456Z`.
    static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}

/// Writes one line per outbox message whose outcome the relay stored:
/// `ID NAME attempt N: processed`, `…: failed: REASON` or `…: dead: REASON`.
///
/// An observer of the relay (`MessageBusObserver`), so that a line is
/// written exactly when the outcome was recorded (not when another relay
/// took the message over after this one's lease expired).
final class RelayMessageLogger: MessageBusObserver, Sendable {
    let log: RelayLog

    init(log: RelayLog) {
        self.log = log
    }

    func messageBus(didFinishOutboxRecord record: OutboxRecord, outcome: OutboxOutcome) {
        let prefix = "\(record.id.uuidString.lowercased()) \(record.name) attempt \(record.attempts)"
        switch outcome {
        case .processed:
            log.message("\(prefix): processed")
        case .failed(let reason):
            log.message("\(prefix): failed: \(Self.oneLine(reason))")
        case .dead(let reason):
            log.message("\(prefix): dead: \(Self.oneLine(reason))")
        }
    }

    /// A reason on one line, so that each message stays one line.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

/// The relay library's own log lines (stopping, messages given back, lost
/// or expired leases, database errors) on standard error, through ``RelayLog``.
///
/// The library also logs each failed or dead message; those lines are
/// dropped here, because ``RelayMessageLogger`` writes one line per message
/// on standard output already.
struct RelayLogHandler: LogHandler {
    let log: RelayLog
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var text = "\(event.message)"
        if text.hasPrefix("outbox message ") || text.hasPrefix("processed outbox message ") {
            return
        }
        // Every line starts with the relay's name already.
        for prefix in ["outbox relay \(log.relayName): ", "outbox relay \(log.relayName) "] where text.hasPrefix(prefix) {
            text.removeFirst(prefix.count)
            break
        }
        // busctl writes its own start and stop lines (``RelayProgram``); at
        // a terminal these would show each twice.
        if text == "starting" || text == "stopped" {
            return
        }
        let level = event.level >= .error ? "error: " : event.level >= .warning ? "warning: " : ""
        log.note(level + text)
    }
}
