import Foundation

extension Value {
    /// The text a value is stored as in the context table: its literal
    /// syntax, so a `--db` file is readable and every type comes back as it
    /// was (an Int stays an Int, a Date a Date, a UUID a UUID).
    var storageText: String { literalDescription }

    /// Reads a value back from ``storageText``.
    ///
    /// - Throws: a ``ScriptFailure`` when the text is not a constant literal
    ///   (a damaged store).
    init(storageText text: String) throws {
        let program: Program
        do {
            program = try Parser.parse(text, file: "<store>")
        } catch {
            throw ScriptFailure("a stored context value cannot be read: \(error.message)", at: nil)
        }
        guard program.statements.count == 1, case .expression(let expr) = program.statements[0].kind else {
            throw ScriptFailure("a stored context value is not a single literal: \(text.prefix(60))", at: nil)
        }
        self = try Value.constant(expr)
    }

    /// Evaluates literal syntax: constants, lists, maps, `date("…")`, `uuid("…")`.
    private static func constant(_ expr: Expr) throws -> Value {
        switch expr.kind {
        case .literal(let value):
            return value
        case .unary(.negate, let operand):
            return try Operations.negate(try constant(operand), at: expr.location)
        case .list(let items):
            return .list(try items.map(constant))
        case .map(let entries):
            var map: [(String, Value)] = []
            for entry in entries {
                guard case .string(let key) = try constant(entry.key) else {
                    throw ScriptFailure("a stored map has a key that is not a String", at: nil)
                }
                map.append((key, try constant(entry.value)))
            }
            return .map(.init(map, uniquingKeysWith: { _, last in last }))
        case .call("date", let args) where args.count == 1:
            guard case .string(let text) = try constant(args[0]), let date = Builtins.parseDate(text) else {
                throw ScriptFailure("a stored date cannot be read", at: nil)
            }
            return .date(date)
        case .call("uuid", let args) where args.count == 1:
            guard case .string(let text) = try constant(args[0]), let uuid = UUID(uuidString: text) else {
                throw ScriptFailure("a stored UUID cannot be read", at: nil)
            }
            return .uuid(uuid)
        default:
            throw ScriptFailure("a stored context value is not a literal", at: nil)
        }
    }
}
