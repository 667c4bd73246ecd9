#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines from a file descriptor with large `read` calls: piped
/// standard input, or a terminal when standard output is not one.
///
/// Lines end at `\n`; a `\r` before it is dropped; invalid UTF-8 is replaced
/// with U+FFFD. No history is kept. When `promptChannel` is set, the prompt
/// is written there before each line.
final class PlainLineReader: LineReader {
    private let fileDescriptor: Int32
    private let promptChannel: OutputChannel?
    private var buffer: [UInt8] = []
    /// Where the unread bytes of `buffer` start.
    private var start = 0
    private var reachedEnd = false
    private static let chunkSize = 1 << 16

    /// - Parameters:
    ///   - fileDescriptor: where lines come from (0: standard input).
    ///   - promptChannel: where prompts go; nil to show none.
    init(fileDescriptor: Int32 = 0, promptChannel: OutputChannel? = nil) {
        self.fileDescriptor = fileDescriptor
        self.promptChannel = promptChannel
    }

    func readLine(prompt: String) -> LineReadResult {
        if let promptChannel {
            promptChannel.write(prompt)
            promptChannel.flush()
        }
        InterruptSignal.prepareToRead()
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                var end = newline
                if end > start && buffer[end - 1] == 0x0D { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = newline + 1
                compact()
                return .line(line)
            }
            if reachedEnd {
                guard start < buffer.count else { return .endOfInput }
                let line = String(decoding: buffer[start...], as: UTF8.self)
                start = buffer.count
                compact()
                return .line(line)
            }
            switch fill() {
            case .ok: continue
            case .interrupted: return .interrupted
            }
        }
    }

    func remember(_ entry: String) {}

    private enum FillResult { case ok, interrupted }

    /// Reads the next chunk; sets `reachedEnd` at the end or on an error.
    private func fill() -> FillResult {
        var chunk = [UInt8](repeating: 0, count: PlainLineReader.chunkSize)
        while true {
            let count = chunk.withUnsafeMutableBytes { bytes in
                systemRead(fileDescriptor, bytes.baseAddress, bytes.count)
            }
            if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
                return .ok
            }
            if count == 0 {
                reachedEnd = true
                return .ok
            }
            if errno == EINTR {
                if InterruptSignal.wasInputCancelled { return .interrupted }
                continue
            }
            reachedEnd = true
            return .ok
        }
    }

    /// Drops consumed bytes once they make up most of the buffer.
    private func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > PlainLineReader.chunkSize {
            buffer.removeFirst(start)
            start = 0
        }
    }
}
