import MessageBusPostgres
import Synchronization

/// What SIGINT and SIGTERM do in `busctl relay`, from the moment the process
/// starts: a signal that comes while the relay is still being set up
/// (connecting, reading the handlers file) is kept, and cuts short the
/// connection under way; the relay, once made, stops at once. Later ones
/// call `PostgresOutboxRelay.stop()`, which finishes the message in hand.
///
/// It is also what the relay's waits for PostgreSQL ask
/// (``BlockingBridge/interruption``): once a stop is asked for, a wait
/// still going on after ``grace`` is cut short, so that a database that
/// does not answer does not hold the stop.
final class RelayStopSwitch: Sendable {
    /// How long a wait for the database may go on after the stop.
    static let grace = Duration.seconds(2)

    private struct State {
        var requestedAt: ContinuousClock.Instant?
        var relay: PostgresOutboxRelay?
    }

    private let state = Mutex(State())

    /// Asks for the stop (from a signal's dispatch source).
    func requestStop() {
        let relay = state.withLock { state in
            if state.requestedAt == nil { state.requestedAt = .now }
            return state.relay
        }
        relay?.stop()
    }

    /// Whether a stop was asked for.
    var isStopRequested: Bool {
        state.withLock { $0.requestedAt != nil }
    }

    /// What a wait for the database does now: go on; end at once while the
    /// relay is being set up (nothing is in hand); end after ``grace`` once
    /// it runs.
    func interruption() -> BlockingBridge.Interruption {
        state.withLock { state in
            guard let requestedAt = state.requestedAt else { return .none }
            return state.relay == nil ? .now : .after(Self.grace, since: requestedAt)
        }
    }

    /// From now on a stop request stops `relay`; one that came before stops it now.
    func attach(_ relay: PostgresOutboxRelay) {
        let requested = state.withLock { state in
            state.relay = relay
            return state.requestedAt != nil
        }
        if requested {
            relay.stop()
        }
    }
}
