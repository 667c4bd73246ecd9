import ArgumentParser

extension ParsableCommand {
    /// Parses the arguments of a busctl subcommand (`graph`, `relay`).
    ///
    /// - Returns: The command, or the exit status when it must not run:
    ///   0 after printing `--help` on standard output, 2 after printing a
    ///   usage error on standard error (busctl's status for bad usage,
    ///   LANGUAGE.md §14, rather than ArgumentParser's 64).
    static func parseSubcommand(_ arguments: [String]) -> Result<Self, SubcommandExit> {
        do {
            return .success(try parse(arguments))
        } catch {
            let message = fullMessage(for: error)
            let success = exitCode(for: error) == .success
            let channel = OutputChannel(fileDescriptor: success ? 1 : 2)
            if !message.isEmpty { channel.writeLine(message) }
            channel.flush()
            return .failure(SubcommandExit(status: success ? 0 : 2))
        }
    }
}

/// The exit status of a subcommand that printed its help or a usage error.
struct SubcommandExit: Error {
    var status: Int32
}
