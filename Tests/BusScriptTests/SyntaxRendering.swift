@testable import BusScript
import XCTest

/// Renders syntax trees as canonical strings, so that parser tests can say
/// "this input gives this tree" in one line. Operators are written prefix and
/// fully parenthesized: `(+ 1 (* 2 3))`.
enum Render {
    static func expr(_ expr: Expr) -> String {
        switch expr.kind {
        case .literal(let value): return literal(value)
        case .interpolated(let parts):
            let rendered = parts.map { part -> String in
                switch part {
                case .text(let text): String(reflecting: text)
                case .expression(let e): "\\(" + self.expr(e) + ")"
                }
            }
            return "interp[" + rendered.joined(separator: ", ") + "]"
        case .list(let elements): return "[" + elements.map(self.expr).joined(separator: ", ") + "]"
        case .map(let entries):
            if entries.isEmpty { return "[:]" }
            return "[" + entries.map { self.expr($0.key) + ": " + self.expr($0.value) }.joined(separator: ", ") + "]"
        case .name(let name): return name
        case .member(let base, let name): return self.expr(base) + "." + name
        case .index(let base, let index): return self.expr(base) + "[" + self.expr(index) + "]"
        case .call(let name, let arguments): return name + "(" + arguments.map(self.expr).joined(separator: ", ") + ")"
        case .unary(let op, let operand): return "(\(op.rawValue) \(self.expr(operand)))"
        case .binary(let op, let left, let right): return "(\(op.rawValue) \(self.expr(left)) \(self.expr(right)))"
        case .logical(let op, let left, let right): return "(\(op.rawValue) \(self.expr(left)) \(self.expr(right)))"
        }
    }

    static func literal(_ value: Value) -> String {
        switch value {
        case .nil: "nil"
        case .bool(let b): "\(b)"
        case .int(let i): "\(i)"
        case .double(let d): "\(d)d"
        case .string(let s): String(reflecting: s)
        default: "<\(value.typeName)>"
        }
    }

    static func message(_ message: MessageLiteral) -> String {
        message.typeName + "(" + message.arguments.map { "\($0.label): \(expr($0.value))" }.joined(separator: ", ") + ")"
    }

    static func block(_ block: Block) -> String {
        "{" + block.statements.map(stmt).joined(separator: "; ") + "}"
    }

    static func target(_ target: AssignmentTarget) -> String {
        var text = target.root
        for step in target.path {
            switch step {
            case .member(let name, _): text += "." + name
            case .index(let index): text += "[" + expr(index) + "]"
            }
        }
        return text
    }

    static func type(_ declaration: TypeDeclaration) -> String {
        let fields = declaration.fields.map { field in
            "\(field.name): \(field.type)" + (field.defaultValue.map { " = " + expr($0) } ?? "")
        }
        return "\(declaration.kind.rawValue) \(declaration.name)(\(fields.joined(separator: ", ")))"
    }

    static func identifier(_ id: OutboxIdentifier) -> String {
        switch id {
        case .prefix(let word): "prefix(\(word))"
        case .expression(let e): "expr(\(expr(e)))"
        }
    }

    static func stmt(_ stmt: Stmt) -> String {
        switch stmt.kind {
        case .let_(let name, let value): return "let \(name) = \(expr(value))"
        case .assign(let t, let op, let value): return "\(target(t)) \(op.rawValue) \(expr(value))"
        case .expression(let e): return "expr \(expr(e))"
        case .if_(let clauses, let elseBlock):
            var text = clauses.map { "if \(expr($0.condition)) \(block($0.body))" }.joined(separator: " else ")
            if let elseBlock { text += " else " + block(elseBlock) }
            return text
        case .for_(let name, let sequence, let body): return "for \(name) in \(expr(sequence)) \(block(body))"
        case .while_(let condition, let body): return "while \(expr(condition)) \(block(body))"
        case .break_: return "break"
        case .continue_: return "continue"
        case .return_(let value): return "return" + (value.map { " " + expr($0) } ?? "")
        case .fail(let value): return "fail \(expr(value))"
        case .print(let value): return "print \(expr(value))"
        case .assert(let condition, let message): return "assert \(expr(condition))" + (message.map { ", " + expr($0) } ?? "")
        case .emit(let m): return "emit \(message(m))"
        case .outboxAdd(let m, let meta): return "outbox add \(message(m))" + (meta.map { " meta " + expr($0) } ?? "")
        case .dispatch: return "dispatch"
        case .crash: return "crash"
        case .defineType(let declaration): return type(declaration)
        case .defineHandler(let h):
            let head: String = switch h.kind {
            case .command: "handle \(h.typeName ?? "?")"
            case .event: "on \(h.typeName ?? "?")"
            case .outbox: "outbox handler"
            }
            return head + (h.name.map { " as \($0)" } ?? "") + " " + block(h.body)
        case .defineFunction(let f): return "fn \(f.name)(\(f.parameters.joined(separator: ", "))) \(block(f.body))"
        case .send(let m): return "send \(message(m))"
        case .batch(let ms): return "batch [" + ms.map(message).joined(separator: ", ") + "]"
        case .step(let m): return "step \(message(m))"
        case .next: return "next"
        case .run: return "run"
        case .queue: return "queue"
        case .types: return "types"
        case .show(let name): return "show \(name)"
        case .handlers: return "handlers"
        case .vars: return "vars"
        case .remove(let name): return "remove \(name)"
        case .set(let name, let value):
            guard let name else { return "set" }
            return "set \(name) " + (value.map { "\($0)" } ?? "-")
        case .reset(let data): return data ? "reset data" : "reset"
        case .load(let path): return "load \(expr(path))"
        case .save(let path): return "save \(expr(path))"
        case .help(let topic): return "help" + (topic.map { " " + $0 } ?? "")
        case .quit(let status): return "quit" + (status.map { " " + expr($0) } ?? "")
        case .expectError(let text, let inner): return "expect error " + (text.map { String(reflecting: $0) + " " } ?? "") + "<" + self.stmt(inner) + ">"
        case .begin: return "begin"
        case .commit: return "commit"
        case .rollback: return "rollback"
        case .outboxTable: return "outbox"
        case .outboxShow(let id): return "outbox show \(identifier(id))"
        case .outboxStep: return "outbox step"
        case .outboxRun: return "outbox run"
        case .outboxRetry(let id): return "outbox retry" + (id.map { " " + identifier($0) } ?? "")
        case .outboxPurge: return "outbox purge"
        case .graph(let type, let format): return "graph" + (type.map { " " + $0 } ?? "") + (format.map { " --" + $0 } ?? "")
        }
    }
}

/// Parses `source` as a file named `test.bus`, failing the test on an error.
func parseStatements(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> [Stmt] {
    do {
        return try Parser.parse(source, file: "test.bus").statements
    } catch {
        XCTFail("unexpected error: \(error)", file: file, line: line)
        return []
    }
}

/// The statements of `source`, each rendered.
func rendered(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
    parseStatements(source, file: file, line: line).map(Render.stmt)
}

/// The single expression statement `source`, rendered.
func renderedExpression(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> String {
    let statements = parseStatements(source, file: file, line: line)
    guard statements.count == 1, case .expression(let e) = statements[0].kind else {
        XCTFail("not one expression statement: \(statements.map(Render.stmt))", file: file, line: line)
        return ""
    }
    return Render.expr(e)
}

/// The error `source` gives, failing the test when it parses.
func parseError(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> Diagnostic {
    do {
        let program = try Parser.parse(source, file: "test.bus")
        XCTFail("expected an error, got \(program.statements.map(Render.stmt))", file: file, line: line)
    } catch {
        return error
    }
    return Diagnostic("", at: nil)
}

/// Asserts that `source` fails with a message containing `text` at `line:column`.
func assertParseError(
    _ source: String, _ text: String, at position: (Int, Int)? = nil, incomplete: Bool = false,
    file: StaticString = #filePath, line: UInt = #line
) {
    let diagnostic = parseError(source, file: file, line: line)
    XCTAssertTrue(diagnostic.message.contains(text), "message `\(diagnostic.message)` lacks `\(text)`", file: file, line: line)
    if let position {
        XCTAssertEqual(diagnostic.location?.line, position.0, "line of: \(diagnostic)", file: file, line: line)
        XCTAssertEqual(diagnostic.location?.column, position.1, "column of: \(diagnostic)", file: file, line: line)
    }
    XCTAssertEqual(diagnostic.isIncompleteInput, incomplete, "isIncompleteInput of: \(diagnostic)", file: file, line: line)
}
