extension Interpreter {
    /// What `last` holds: a value (nil, or what `reset` left), or the outcome
    /// of the last finished cascade, made a map only when read.
    enum LastOutcome {
        case value(Value)
        case cascade(CascadeOutcome)

        var value: Value {
            switch self {
            case .value(let value): value
            case .cascade(let outcome): outcome.lastValue
            }
        }
    }
}
