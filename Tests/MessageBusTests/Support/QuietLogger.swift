import Logging

extension Logger {
    /// A logger that drops everything, for tests whose handlers fail on purpose.
    static var quiet: Logger {
        Logger(label: "quiet") { _ in SwiftLogNoOpLogHandler() }
    }
}
