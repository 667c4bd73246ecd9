import ArgumentParser
import Foundation

/// The checks of `busctl relay`'s flags: each value out of range is bad
/// usage (status 2) with a message saying what is allowed.
extension RelayCommand {
    /// `--lease`: from 1 second to one day.
    static let leaseRange: ClosedRange<Double> = 1...86_400
    /// `--poll-interval`: from 10 milliseconds to one hour.
    static let pollIntervalRange: ClosedRange<Double> = 0.01...3_600
    /// `--backoff`: from 0 to 300 seconds, the most a retry waits (the
    /// doubling stops there, so a longer first wait would be cut anyway).
    static let backoffRange: ClosedRange<Double> = 0...300

    func validate() throws {
        guard postgresURL != nil else {
            throw ValidationError("busctl relay needs --postgres URL: the database whose outbox it processes")
        }
        guard !handlersFiles.isEmpty else {
            throw ValidationError("busctl relay needs --handlers FILE: a script whose `outbox handler` definitions process each message (a relay without handlers would only claim messages)")
        }
        guard handlersFiles.count == 1 else {
            throw ValidationError("--handlers is given \(handlersFiles.count) times; give one file, which may `load` the others")
        }
        if let name { try Self.check(name: name) }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be a whole number of at least 1, not \(batchSize)") }
        guard maxAttempts >= 1 else { throw ValidationError("--max-attempts must be a whole number of at least 1, not \(maxAttempts)") }
        guard stepLimit >= 1 else { throw ValidationError("--step-limit must be a whole number of at least 1, not \(stepLimit)") }
        try Self.check(lease, flag: "--lease", in: Self.leaseRange, "1 to 86400 seconds (one day)")
        try Self.check(pollInterval, flag: "--poll-interval", in: Self.pollIntervalRange, "0.01 to 3600 seconds (one hour)")
        try Self.check(backoff, flag: "--backoff", in: Self.backoffRange, "0 to 300 seconds (the longest wait before a retry)")
    }

    /// A relay's name starts each of its log lines and is written to
    /// `claimed_by`: not empty, and without line breaks, tabs or other
    /// control or format characters (which could forge or hide log lines).
    /// Plain spaces are allowed.
    static func check(name: String) throws {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("--name must not be empty: it is written to claimed_by of the messages the relay holds (leave it out for relay-HOST-PID-RANDOM)")
        }
        let refused = name.unicodeScalars.contains { scalar in
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator: return true
            case .spaceSeparator: return scalar != " "
            default: return false
            }
        }
        if refused {
            throw ValidationError("--name must be printable: no line breaks, tabs or other control characters, and no spaces but plain ones (it starts every log line), not \(name.debugDescription)")
        }
    }

    /// `seconds` within `range`: a finite number; `allowed` says the range in words.
    private static func check(_ seconds: Double, flag: String, in range: ClosedRange<Double>, _ allowed: String) throws {
        guard seconds.isFinite, range.contains(seconds) else {
            throw ValidationError("\(flag) must be from \(allowed), not \(text(seconds))")
        }
    }

    /// A number of seconds as typed: `60`, `0.5`, `-1`, `inf`.
    static func text(_ seconds: Double) -> String {
        seconds == seconds.rounded() && abs(seconds) < 1e15 ? String(Int64(seconds)) : String(seconds)
    }
}
