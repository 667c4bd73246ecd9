#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `read(2)`, under a name that does not clash with methods called `read`.
func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// `write(2)`, under a name that does not clash with methods called `write`.
func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}

/// True when `fd` is a terminal.
func isTerminal(_ fd: Int32) -> Bool {
    isatty(fd) != 0
}

/// Ends the process with `status` (the C `exit`, which flushes nothing of
/// busctl's own: flush the output channels first).
func terminateProcess(_ status: Int32) -> Never {
    exit(status)
}
