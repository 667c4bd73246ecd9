import Logging
import Foundation

extension Logger {
    /// A logger that drops everything, for tests whose handlers fail on purpose.
    static var quiet: Logger {
        Logger(label: "quiet") { _ in SwiftLogNoOpLogHandler() }
    }
}

/// A log handler that keeps what it is given, for assertions.
final class LogRecorder: Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
    }

    private let storage = Locked<[Entry]>([])

    var entries: [Entry] { storage.withLock { $0 } }

    /// A logger that writes to this recorder, at every level.
    func logger() -> Logger {
        var logger = Logger(label: "test") { _ in Handler(recorder: self) }
        logger.logLevel = .trace
        return logger
    }

    fileprivate func append(_ entry: Entry) {
        storage.withLock { $0.append(entry) }
    }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            recorder.append(Entry(level: event.level, message: event.message.description))
        }
    }
}
