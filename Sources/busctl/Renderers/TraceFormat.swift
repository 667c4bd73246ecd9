import BusScript

/// The pieces of text the human-readable traces (`tree`, `flat`, stepping)
/// share: how a message, a handler outcome, a summary and a duration read.
///
/// The layout of these traces is not part of the contract (LANGUAGE.md §7);
/// the JSON trace is.
enum TraceFormat {
    /// The longest field list shown in full; longer ones end in `…`.
    static let maximumFieldsLength = 160

    /// `PlaceOrder #1 (order_id: 1, sku: "LAMP")`.
    static func message(_ trace: DispatchTrace, palette: Palette) -> String {
        var text = palette.paint(trace.name, .bold)
        text += palette.paint(" #\(trace.id)", .dim)
        text += " "
        text += fields(trace.fields)
        if let outbox = trace.outboxID {
            text += palette.paint(" from outbox \(shortID(outbox))", .dim)
        }
        return text
    }

    /// `(order_id: 1, sku: "LAMP")`, shortened past `maximumFieldsLength`.
    static func fields(_ fields: [(name: String, value: Value)]) -> String {
        var text = "("
        var first = true
        for field in fields {
            if !first { text += ", " }
            first = false
            text += field.name
            text += ": "
            text += field.value.literalDescription
            if text.unicodeScalars.count > maximumFieldsLength {
                return shortened(text) + ")"
            }
        }
        return text + ")"
    }

    /// `place_order ✓ "accepted"` or `flaky_alert ✗ pager is down`.
    static func handler(_ trace: HandlerTrace, palette: Palette, showDuration: Bool) -> String {
        var text = trace.handler
        if trace.ok {
            text += " " + palette.paint("✓", .green)
            if !trace.result.isNil {
                text += " " + shortened(trace.result.literalDescription)
            }
        } else {
            text += " " + palette.paint("✗", .red)
            text += " " + palette.paint(trace.error ?? "failed", .red)
            if let location = trace.location {
                text += palette.paint(" (\(location))", .dim)
            }
        }
        if showDuration, trace.milliseconds > 0 {
            text += palette.paint("  \(duration(milliseconds: trace.milliseconds))", .dim)
        }
        return text
    }

    /// `✓ 4 messages, 5 handlers, 0 errors in 0.31 ms`.
    static func summary(messages: Int, handlers: Int, errors: Int, milliseconds: Double, palette: Palette) -> String {
        let mark = errors == 0 ? palette.paint("✓", .green) : palette.paint("✗", .red)
        var text = mark + " "
        text += counted(messages, "message") + ", "
        text += counted(handlers, "handler") + ", "
        let errorText = counted(errors, "error")
        text += errors == 0 ? errorText : palette.paint(errorText, .red)
        text += " in " + duration(milliseconds: milliseconds)
        return palette.paint(text, .dim)
    }

    /// An outbox stage: `outbox claimed 1f3c09ab ShipOrder (attempt 1)`.
    static func outbox(_ trace: OutboxTrace, palette: Palette) -> String {
        var text = palette.paint("outbox \(trace.operation)", .magenta)
        text += " " + palette.paint(shortID(trace.id), .dim)
        text += " " + trace.name
        if trace.attempts > 0 {
            text += " (attempt \(trace.attempts))"
        }
        if let error = trace.error {
            text += ": " + palette.paint(error, .red)
        }
        return text
    }

    /// The first 8 characters of an outbox id: enough to tell messages
    /// apart, and a prefix `outbox show` accepts. Deterministic ids
    /// (`00000000-0000-0000-0000-00000000000N`) differ only at the end, so
    /// they are shown whole.
    static func shortID(_ id: String) -> String {
        if id.hasPrefix("00000000-") { return id }
        return id.count > 8 ? String(id.prefix(8)) : id
    }

    /// A duration for people: `0.31 ms`, `12.4 ms`, `1.52 s`, `2 min 5 s`.
    static func duration(milliseconds: Double) -> String {
        guard milliseconds.isFinite, milliseconds > 0 else { return "0 ms" }
        if milliseconds < 0.01 {
            return "< 0.01 ms"
        }
        if milliseconds < 1 {
            return "\(rounded(milliseconds, places: 2)) ms"
        }
        if milliseconds < 100 {
            return "\(rounded(milliseconds, places: 1)) ms"
        }
        if milliseconds < 1000 {
            return "\(Int(milliseconds.rounded())) ms"
        }
        let seconds = milliseconds / 1000
        if seconds < 60 {
            return "\(rounded(seconds, places: 2)) s"
        }
        let whole = Int(seconds.rounded())
        return "\(whole / 60) min \(whole % 60) s"
    }

    /// "1 message", "3 messages".
    static func counted(_ count: Int, _ noun: String) -> String {
        count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
    }

    /// `value` with at most `places` decimals, without trailing zeros.
    static func rounded(_ value: Double, places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (value * scale).rounded() / scale
        var text = "\(scaled)"
        if text.contains("."), !text.contains("e") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// `text` cut to `maximumFieldsLength` scalars with `…`.
    static func shortened(_ text: String) -> String {
        guard text.unicodeScalars.count > maximumFieldsLength else { return text }
        var cut = String.UnicodeScalarView(text.unicodeScalars.prefix(maximumFieldsLength - 1))
        cut.append("…")
        return String(cut)
    }
}
