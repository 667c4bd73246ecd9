import MessageBusPostgres
import Synchronization

/// What SIGINT and SIGTERM do in `busctl relay`, from the moment the process
/// starts: a signal that comes while the relay is still being set up
/// (connecting, reading the handlers file) is kept, and the relay, once
/// made, stops at once; later ones call `PostgresOutboxRelay.stop()`, which
/// finishes the message in hand.
final class RelayStopSwitch: Sendable {
    private struct State {
        var requested = false
        var relay: PostgresOutboxRelay?
    }

    private let state = Mutex(State())

    /// Asks for the stop (from a signal's dispatch source).
    func requestStop() {
        let relay = state.withLock { state in
            state.requested = true
            return state.relay
        }
        relay?.stop()
    }

    /// Whether a stop was asked for.
    var isStopRequested: Bool {
        state.withLock { $0.requested }
    }

    /// From now on a stop request stops `relay`; one that came before stops it now.
    func attach(_ relay: PostgresOutboxRelay) {
        let requested = state.withLock { state in
            state.relay = relay
            return state.requested
        }
        if requested {
            relay.stop()
        }
    }
}
