#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How wide the output is, for tables: `COLUMNS` when it is set to a
/// number, else the terminal's width, else no limit (a pipe or a file gets
/// every cell whole).
enum TerminalWidth {
    /// The width for output on `fileDescriptor`; nil for no limit.
    static func columns(of fileDescriptor: Int32, environment: [String: String]) -> Int? {
        if let text = environment["COLUMNS"], let columns = Int(text), columns > 0 {
            return columns
        }
        guard isatty(fileDescriptor) == 1 else { return nil }
        var size = winsize()
        guard ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
