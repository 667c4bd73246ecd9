/// The syntax tree of the busctl language (LANGUAGE.md).
///
/// The parser builds it, the checker validates names in it, the interpreter
/// walks it. Every node carries the location of its first token so that each
/// error can point at the source.

// MARK: - Expressions

/// An expression with the location of its first token.
public struct Expr: Sendable {
    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    public indirect enum Kind: Sendable {
        /// `42`, `3.5`, `"text"` (no interpolation), `true`, `false`, `nil`.
        case literal(Value)
        /// `"order \(msg.order_id) done"`.
        case interpolated([InterpolationPart])
        /// `[a, b, c]`.
        case list([Expr])
        /// `["k": v]`, `[:]`. Entries keep their source order.
        case map([MapEntry])
        /// A bare name: a local, `ctx`, `msg`, `message`, `last`, `outbox`.
        case name(String)
        /// `base.name`. Any word, reserved ones included, may be the member.
        case member(Expr, String)
        /// `base[index]`.
        case index(Expr, Expr)
        /// `name(args)`: a built-in or a user function (looked up when called).
        case call(String, [Expr])
        /// `-x`, `not x`.
        case unary(UnaryOperator, Expr)
        /// `a + b`, `a == b`, `a ?? b`, ...
        case binary(BinaryOperator, Expr, Expr)
        /// `a and b`, `a or b` (short-circuit).
        case logical(LogicalOperator, Expr, Expr)
    }
}

/// A piece of an interpolated string.
public enum InterpolationPart: Sendable {
    case text(String)
    case expression(Expr)
}

/// One `key: value` of a map literal.
public struct MapEntry: Sendable {
    public var key: Expr
    public var value: Expr

    public init(key: Expr, value: Expr) {
        self.key = key
        self.value = value
    }
}

public enum UnaryOperator: String, Sendable {
    case negate = "-"
    case not = "not"
}

public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case coalesce = "??"
}

public enum LogicalOperator: String, Sendable {
    case and, or
}

// MARK: - Message literals

/// `T(label: expr, ...)`: valid only after `send`, `step`, `emit`,
/// `outbox add` and inside `batch [...]` (message values are syntax, not values).
public struct MessageLiteral: Sendable {
    public var typeName: String
    public var location: SourceLocation
    public var arguments: [Argument]

    public init(typeName: String, location: SourceLocation, arguments: [Argument]) {
        self.typeName = typeName
        self.location = location
        self.arguments = arguments
    }

    public struct Argument: Sendable {
        public var label: String
        public var labelLocation: SourceLocation
        public var value: Expr

        public init(label: String, labelLocation: SourceLocation, value: Expr) {
            self.label = label
            self.labelLocation = labelLocation
            self.value = value
        }
    }
}

// MARK: - Types

/// A field type as written: `Int`, `[String]`, `[String: Int]`, `Date?`, `Any`.
public indirect enum TypeReference: Sendable, Equatable, CustomStringConvertible {
    case int, double, string, bool, uuid, date, any
    case list(TypeReference)
    case map(TypeReference)
    case optional(TypeReference)

    public var description: String {
        switch self {
        case .int: "Int"
        case .double: "Double"
        case .string: "String"
        case .bool: "Bool"
        case .uuid: "UUID"
        case .date: "Date"
        case .any: "Any"
        case .list(let element): "[\(element)]"
        case .map(let value): "[String: \(value)]"
        case .optional(let wrapped): "\(wrapped)?"
        }
    }
}

/// `command PlaceOrder(order_id: Int, sku: String, qty: Int = 1)`.
public struct TypeDeclaration: Sendable {
    public enum Kind: String, Sendable { case command, event }

    public struct Field: Sendable {
        public var name: String
        public var type: TypeReference
        /// A constant literal expression, checked against `type` when the
        /// type is defined.
        public var defaultValue: Expr?
        public var location: SourceLocation

        public init(name: String, type: TypeReference, defaultValue: Expr?, location: SourceLocation) {
            self.name = name
            self.type = type
            self.defaultValue = defaultValue
            self.location = location
        }
    }

    public var kind: Kind
    public var name: String
    public var fields: [Field]
    /// The definition's text exactly as written (for `show` and `save`).
    public var sourceText: String

    public init(kind: Kind, name: String, fields: [Field], sourceText: String) {
        self.kind = kind
        self.name = name
        self.fields = fields
        self.sourceText = sourceText
    }
}

/// `handle C [as NAME] { … }`, `on E [as NAME] { … }`,
/// `outbox handler NAME { … }`.
public struct HandlerDeclaration: Sendable {
    public enum Kind: String, Sendable { case command, event, outbox }

    public var kind: Kind
    /// The handled type; nil for an outbox handler.
    public var typeName: String?
    public var typeLocation: SourceLocation?
    /// The name after `as` (or after `outbox handler`); nil when derived.
    public var name: String?
    public var body: Block
    /// The definition's text exactly as written (for `show` and `save`).
    public var sourceText: String

    public init(kind: Kind, typeName: String?, typeLocation: SourceLocation?, name: String?, body: Block, sourceText: String) {
        self.kind = kind
        self.typeName = typeName
        self.typeLocation = typeLocation
        self.name = name
        self.body = body
        self.sourceText = sourceText
    }
}

/// `fn NAME(a, b) { … }`.
public struct FunctionDeclaration: Sendable {
    public var name: String
    public var parameters: [String]
    public var body: Block
    public var sourceText: String

    public init(name: String, parameters: [String], body: Block, sourceText: String) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.sourceText = sourceText
    }
}

// MARK: - Statements

/// A `{ … }` block.
public struct Block: Sendable {
    public var statements: [Stmt]
    /// Location of the closing `}`.
    public var end: SourceLocation

    public init(statements: [Stmt], end: SourceLocation) {
        self.statements = statements
        self.end = end
    }
}

/// An assignment target: a local or `ctx`, then any chain of `.name` and
/// `[expr]` (`ctx.a.b[0]`).
public struct AssignmentTarget: Sendable {
    public enum Step: Sendable {
        case member(String, SourceLocation)
        case index(Expr)
    }

    public var root: String
    public var rootLocation: SourceLocation
    public var path: [Step]

    public init(root: String, rootLocation: SourceLocation, path: [Step]) {
        self.root = root
        self.rootLocation = rootLocation
        self.path = path
    }
}

public enum AssignmentOperator: String, Sendable {
    case assign = "=", add = "+=", subtract = "-="
}

/// How an outbox id is given to `outbox show` / `outbox retry`: a raw word of
/// hex digits and dashes (a prefix), or a String expression.
public enum OutboxIdentifier: Sendable {
    case prefix(String)
    case expression(Expr)
}

/// A statement with the location of its first token.
public struct Stmt: Sendable {
    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    public indirect enum Kind: Sendable {
        // Code (top level and bodies)
        case let_(String, Expr)
        case assign(AssignmentTarget, AssignmentOperator, Expr)
        /// A bare expression; at the top level its value is echoed.
        case expression(Expr)
        /// `if c { } else if c { } else { }`.
        case if_([(condition: Expr, body: Block)], else: Block?)
        case for_(String, Expr, Block)
        case while_(Expr, Block)
        case break_
        case continue_
        case return_(Expr?)
        case fail(Expr)
        case print(Expr)
        /// `assert EXPR [, EXPR]`.
        case assert(Expr, message: Expr?)
        case emit(MessageLiteral)
        /// `outbox add T(…) [meta EXPR]`.
        case outboxAdd(MessageLiteral, meta: Expr?)
        /// `dispatch` in an outbox handler.
        case dispatch
        case crash

        // Definitions (top level only)
        case defineType(TypeDeclaration)
        case defineHandler(HandlerDeclaration)
        case defineFunction(FunctionDeclaration)

        // Command words (top level only)
        case send(MessageLiteral)
        case batch([MessageLiteral])
        case step(MessageLiteral)
        case next
        case run
        case queue
        case types
        case show(String)
        case handlers
        case vars
        case remove(String)
        /// `set` alone (nil name) lists the settings; the value is a literal
        /// or a bare word, kept as written.
        case set(name: String?, value: SettingValue?)
        /// `reset` or `reset data`.
        case reset(data: Bool)
        case load(Expr)
        case save(Expr)
        case help(String?)
        /// `quit` / `exit [N]`.
        case quit(Expr?)
        /// `expect error ["TEXT"] STATEMENT`.
        case expectError(String?, Stmt)
        case begin
        case commit
        case rollback
        /// `outbox` alone: the table.
        case outboxTable
        case outboxShow(OutboxIdentifier)
        case outboxStep
        case outboxRun
        case outboxRetry(OutboxIdentifier?)
        case outboxPurge
        /// `graph [TYPE] [--mermaid|--dot]` (issue 5).
        case graph(String?, format: String?)
    }
}

/// The value of `set NAME VALUE`: a literal or a bare word.
public enum SettingValue: Sendable, Equatable {
    case word(String)
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)
}

/// A parsed source text: its top-level statements.
public struct Program: Sendable {
    public var statements: [Stmt]

    public init(statements: [Stmt]) {
        self.statements = statements
    }
}
