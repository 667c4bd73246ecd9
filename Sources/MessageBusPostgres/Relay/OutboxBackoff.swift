import Foundation

/// How long a relay waits before the next attempt at a message whose attempt
/// failed: exponential, with a cap.
///
/// After failed attempt *n* (1 for the first), the next attempt waits
/// `initialDelay × multiplier^(n−1)`, at most ``maximumDelay``. With the
/// defaults: 1 s, 2 s, 4 s, 8 s, … up to 5 minutes. The wait is measured on
/// the database server's clock, so relays on several machines agree on it.
///
/// ```swift
/// var configuration = PostgresOutboxRelay.Configuration()
/// configuration.backoff = OutboxBackoff(initialDelay: .milliseconds(500), multiplier: 3, maximumDelay: .seconds(60))
/// ```
public struct OutboxBackoff: Sendable, Equatable {
    /// The wait after the first failed attempt. Negative values count as zero.
    public var initialDelay: Duration

    /// What each further failure multiplies the wait by. Values below 1 count as 1.
    public var multiplier: Double

    /// The longest wait.
    public var maximumDelay: Duration

    /// Creates a backoff.
    ///
    /// - Parameters:
    ///   - initialDelay: The wait after the first failed attempt. Default: 1 second.
    ///   - multiplier: The growth factor per failed attempt. Default: 2.
    ///   - maximumDelay: The cap. Default: 5 minutes.
    public init(initialDelay: Duration = .seconds(1), multiplier: Double = 2, maximumDelay: Duration = .seconds(300)) {
        self.initialDelay = initialDelay
        self.multiplier = multiplier
        self.maximumDelay = maximumDelay
    }

    /// No wait: a failed message is due again at once (as with
    /// `processOutbox`, where the next pass tries it again).
    public static let none = OutboxBackoff(initialDelay: .zero, multiplier: 1, maximumDelay: .zero)

    /// The wait after failed attempt number `attempt` (1 for the first).
    ///
    /// - Parameter attempt: The number of the attempt that failed; values
    ///   below 1 count as 1.
    /// - Returns: A duration between zero and ``maximumDelay``.
    public func delay(afterAttempt attempt: Int) -> Duration {
        let initial = max(initialDelay.seconds, 0)
        let cap = max(maximumDelay.seconds, 0)
        let factor = max(multiplier.isFinite ? multiplier : 1, 1)
        let exponent = Double(max(attempt, 1) - 1)
        var seconds = initial * pow(factor, exponent)
        if !seconds.isFinite || seconds > cap {
            seconds = cap
        }
        return .seconds(seconds)
    }
}

