#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A script named on the command line, read in full before anything runs.
struct ScriptFile {
    /// The path as the user wrote it (used in error positions).
    var path: String
    /// The file's text.
    var text: String
    /// The folder that its relative `load`/`save` paths start from.
    var directory: String

    /// Why a file could not be read: the system's own words
    /// ("No such file or directory", "Is a directory", …).
    struct ReadError: Error {
        var path: String
        var reason: String

        /// `busctl: error: cannot read PATH: REASON`.
        var message: String { "busctl: error: cannot read \(path): \(reason)" }
    }

    /// Reads the file at `path`.
    ///
    /// - Throws: `ReadError` when the file cannot be opened or read, is a
    ///   folder, or is not UTF-8 text.
    static func read(path: String) throws(ReadError) -> ScriptFile {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ReadError(path: path, reason: systemReason(errno)) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            throw ReadError(path: path, reason: systemReason(EISDIR))
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                bytes.append(contentsOf: chunk[0..<count])
            } else if count == 0 {
                break
            } else if errno != EINTR {
                throw ReadError(path: path, reason: systemReason(errno))
            }
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes.removeFirst(3)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ReadError(path: path, reason: "not UTF-8 text")
        }
        return ScriptFile(path: path, text: text, directory: folder(of: path))
    }

    /// The folder part of `path`: `.` for a bare name.
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    private static func systemReason(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
