#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One output stream of busctl (standard output or standard error), buffered
/// so that a long trace costs a few large `write` calls instead of one per
/// line.
///
/// Text is collected as UTF-8 bytes and written when the buffer grows past
/// `capacity`, or on `flush()` (busctl flushes at the end of each run and
/// before it reads input). A channel made with `init(capturing:)` keeps the
/// bytes in memory instead, for tests.
final class OutputChannel {
    /// The file descriptor written to; nil for a capturing channel.
    let fileDescriptor: Int32?
    /// True when the descriptor is a terminal (colours, prompts).
    let isTerminal: Bool
    private var buffer: [UInt8] = []
    private let capacity: Int
    /// Everything written so far, for a capturing channel.
    private(set) var captured: [UInt8] = []
    /// True once a write failed (a closed pipe): later output is dropped.
    private var broken = false

    /// A channel that writes to `fileDescriptor`.
    init(fileDescriptor: Int32, capacity: Int = 1 << 16) {
        self.fileDescriptor = fileDescriptor
        self.isTerminal = busctl.isTerminal(fileDescriptor)
        self.capacity = capacity
        buffer.reserveCapacity(capacity)
    }

    /// A channel that keeps what is written in `captured`.
    init(capturing isTerminal: Bool = false) {
        self.fileDescriptor = nil
        self.isTerminal = isTerminal
        self.capacity = 1 << 16
    }

    /// The captured bytes as text.
    var capturedText: String { String(decoding: captured, as: UTF8.self) }

    /// Flushes, then returns the captured text and forgets it (for a
    /// capturing channel whose text is passed on, as `busctl relay` does).
    func takeCaptured() -> String {
        flush()
        defer { captured.removeAll() }
        return capturedText
    }

    /// Appends `text`.
    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { flush() }
    }

    /// Appends `text` and a newline.
    func writeLine(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0A)
        if buffer.count >= capacity { flush() }
    }

    /// Writes out everything buffered.
    func flush() {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        guard let fileDescriptor else {
            captured.append(contentsOf: buffer)
            return
        }
        guard !broken else { return }
        buffer.withUnsafeBytes { bytes in
            guard var base = bytes.baseAddress else { return }
            var remaining = bytes.count
            while remaining > 0 {
                let written = systemWrite(fileDescriptor, base, remaining)
                if written < 0 {
                    if errno == EINTR { continue }
                    broken = true
                    return
                }
                remaining -= written
                base += written
            }
        }
    }
}

