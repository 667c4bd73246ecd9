extension Expr {
    /// The expression written back in canonical syntax, for error messages
    /// (`assertion failed: ctx.mails == 2`, "`ctx.stock` is nil").
    var sourceDescription: String {
        switch kind {
        case .literal(let value):
            return value.literalDescription
        case .interpolated(let parts):
            var text = "\""
            for part in parts {
                switch part {
                case .text(let s):
                    var quoted = ""
                    Value.writeQuoted(s, to: &quoted, json: false)
                    text += quoted.dropFirst().dropLast()
                case .expression(let e):
                    text += "\\(\(e.sourceDescription))"
                }
            }
            return text + "\""
        case .list(let items):
            return "[" + items.map(\.sourceDescription).joined(separator: ", ") + "]"
        case .map(let entries):
            if entries.isEmpty { return "[:]" }
            return "[" + entries.map { "\($0.key.sourceDescription): \($0.value.sourceDescription)" }.joined(separator: ", ") + "]"
        case .name(let name):
            return name
        case .member(let base, let name):
            return "\(base.sourceDescription).\(name)"
        case .index(let base, let index):
            return "\(base.sourceDescription)[\(index.sourceDescription)]"
        case .call(let name, let args):
            return "\(name)(" + args.map(\.sourceDescription).joined(separator: ", ") + ")"
        case .unary(let op, let operand):
            return op == .not ? "not \(operand.parenthesized)" : "-\(operand.parenthesized)"
        case .binary(let op, let lhs, let rhs):
            return "\(lhs.parenthesized) \(op.rawValue) \(rhs.parenthesized)"
        case .logical(let op, let lhs, let rhs):
            return "\(lhs.parenthesized) \(op.rawValue) \(rhs.parenthesized)"
        }
    }

    private var parenthesized: String {
        switch kind {
        case .binary, .logical, .unary: return "(\(sourceDescription))"
        default: return sourceDescription
        }
    }
}
