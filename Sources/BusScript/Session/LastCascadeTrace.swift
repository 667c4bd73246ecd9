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
struct LastCascadeTrace {
    /// Events kept per cascade; a longer one keeps its first events and its
    /// summary.
    static let maximumEvents = 50_000

    private struct Recording {
        var generation: Int
        var events: [TraceEvent] = []
        var isClosed = false
        var isFromOutbox = false
        var dropped = 0
    }

    private var generation = 0
    private var recordings: [Recording] = []

    /// Sees one event of the session.
    mutating func record(_ event: TraceEvent) {
        switch event {
        case .cascadeStarted:
            if let last = recordings.last, !last.isClosed { recordings.removeLast() }
            recordings.removeAll { $0.generation < generation - 1 }
            recordings.append(Recording(generation: generation))
        case .crash:
            if let last = recordings.last, !last.isClosed { recordings.removeLast() }
        case .dispatch(let trace):
            guard let open = openIndex else { return }
            if recordings[open].events.isEmpty, trace.outboxID != nil { recordings[open].isFromOutbox = true }
            append(event, at: open)
        case .handler, .emit, .unhandled, .error, .outbox:
            guard let open = openIndex else { return }
            append(event, at: open)
        case .print(let message, _, _):
            guard message != nil, let open = openIndex else { return }
            append(event, at: open)
        case .summary:
            guard let open = openIndex else { return }
            recordings[open].events.append(event)
            recordings[open].isClosed = true
            if recordings[open].isFromOutbox { recordings.remove(at: open) }
        case .note, .value, .text, .table:
            break
        }
    }

    /// `last` changed (a cascade finished, or `reset`).
    mutating func lastDidChange() {
        generation += 1
    }

    /// The events of the cascades behind `last`, in order, ready to be shown
    /// again: errors left out (the statement does not fail again), each
    /// cascade opened as a cascade that is not stepped.
    var replay: [TraceEvent] {
        var events: [TraceEvent] = []
        for recording in recordings where recording.generation == generation - 1 && recording.isClosed && !recording.isFromOutbox {
            events.append(.cascadeStarted(stepping: false))
            for event in recording.events {
                if case .error = event { continue }
                if case .summary = event, recording.dropped > 0 {
                    events.append(.note("\(recording.dropped) more events of this cascade were not kept"))
                }
                events.append(event)
            }
        }
        return events
    }

    /// The recording still collecting events.
    private var openIndex: Int? {
        guard let last = recordings.indices.last, !recordings[last].isClosed else { return nil }
        return last
    }

    private mutating func append(_ event: TraceEvent, at index: Int) {
        if recordings[index].events.count < LastCascadeTrace.maximumEvents {
            recordings[index].events.append(event)
        } else {
            recordings[index].dropped += 1
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
