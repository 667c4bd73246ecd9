/// Keeps the trace of the cascades behind `last`, so that a bare `last` at
/// the prompt can show them again (in the trace mode in force then).
///
/// It watches the session's event stream: each `.cascadeStarted` opens a
/// recording that collects the cascade's events up to its `.summary` (a
/// failed cascade's error comes before its summary). Cascades do not nest
/// at the top level, so a new one closes any that was abandoned (a crash,
/// Ctrl-C). Every time `last` changes, the generation counts up; the
/// cascades behind `last` are those that started in the generation before
/// the current one (one for `send` and `step`, several for `batch`).
/// Cascades run by outbox processing (`dispatch`) never change `last` and
/// are not kept.
///
/// A class: the interpreter and its trace observer share it, so that the
/// observer records a quiet cascade's steps without going through the
/// interpreter.
final class LastCascadeTrace {
    /// Events kept per cascade; a longer one keeps its first events and its
    /// summary.
    static let maximumEvents = 50_000

    /// An event, or a dispatch step whose event is built only on replay.
    private enum Recorded {
        case event(TraceEvent)
        case observed(BusObservation)
    }

    private struct Recording {
        var generation: Int
        var events: [Recorded] = []
        var isFromOutbox = false
        var dropped = 0
    }

    private var generation = 0
    /// Finished cascades, oldest first.
    private var closed: [Recording] = []
    /// The cascade still collecting events.
    private var open: Recording?
    /// The storage of a dropped recording, reused by the next one: a quiet
    /// run records every cascade and keeps only the last.
    private var spare: [Recorded] = []

    /// Sees one event of the session.
    func record(_ event: TraceEvent) {
        switch event {
        case .cascadeStarted:
            if let abandoned = open.take() { drop(abandoned) }
            // Closed recordings are in generation order: the stale ones come first.
            while let first = closed.first, first.generation < generation - 1 { drop(closed.removeFirst()) }
            let events = spare
            spare = []
            open = Recording(generation: generation, events: events)
        case .crash:
            if let abandoned = open.take() { drop(abandoned) }
        case .dispatch(let trace):
            if open?.events.isEmpty == true, trace.outboxID != nil { open?.isFromOutbox = true }
            append(.event(event))
        case .handler, .emit, .unhandled, .error, .outbox:
            append(.event(event))
        case .print(let message, _, _):
            guard message != nil else { return }
            append(.event(event))
        case .summary:
            guard var finished = open.take() else { return }
            finished.events.append(.event(event))
            if finished.isFromOutbox { drop(finished) } else { closed.append(finished) }
        case .note, .value, .text, .table:
            break
        }
    }

    /// Sees a dispatch step that was not shown (the trace is off); its event
    /// is built if it is replayed. Kept as ``record(_:)`` keeps the step's event.
    /// (Taken, not copied: a quiet run records every step of every cascade.)
    func record(_ observation: consuming BusObservation) {
        if observation.isFromOutbox, open?.events.isEmpty == true {
            open?.isFromOutbox = true
        }
        append(.observed(observation))
    }

    /// Keeps a dropped recording's storage for the next one, unless it is large.
    private func drop(_ recording: consuming Recording) {
        guard recording.events.capacity <= 1024 else { return }
        // Moved out, so that the storage is not shared and is emptied in place.
        spare = recording.events
        recording.events = []
        spare.removeAll(keepingCapacity: true)
    }

    /// `last` changed (a cascade finished, or `reset`).
    func lastDidChange() {
        generation += 1
    }

    /// The events of the cascades behind `last`, in order, ready to be shown
    /// again: errors left out (the statement does not fail again), each
    /// cascade opened as a cascade that is not stepped.
    var replay: [TraceEvent] {
        var events: [TraceEvent] = []
        for recording in closed where recording.generation == generation - 1 {
            events.append(.cascadeStarted(stepping: false))
            for recorded in recording.events {
                let event: TraceEvent
                switch recorded {
                case .event(let built): event = built
                case .observed(let observation):
                    guard let built = observation.event else { continue }
                    event = built
                }
                if case .error = event { continue }
                if case .summary = event, recording.dropped > 0 {
                    events.append(.note("\(recording.dropped) more events of this cascade were not kept"))
                }
                events.append(event)
            }
        }
        return events
    }

    private func append(_ event: consuming Recorded) {
        guard open != nil else { return }
        if let count = open?.events.count, count < LastCascadeTrace.maximumEvents {
            open?.events.append(event)
        } else {
            open?.dropped += 1
        }
    }
}

extension Interpreter {
    /// A bare `last` at the top level: the trace of the cascades behind
    /// `last` again, in the trace mode in force, then its value.
    ///
    /// The replayed events go straight to the output, so that they are not
    /// recorded a second time.
    func showLast() {
        if !last.isNil {
            for event in lastTrace.replay {
                output.receive(event, mode: settings.trace)
            }
        }
        emit(.value(last.literalDescription))
    }
}
