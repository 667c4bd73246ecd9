import MessageBus
import OrderedCollections

/// A message type defined in the session.
final class MessageTypeDefinition {
    struct Field {
        var name: String
        var type: TypeReference
        /// The checked default, or nil when the field is required.
        var defaultValue: Value?
    }

    let kind: TypeDeclaration.Kind
    let name: String
    let fields: [Field]
    /// The fields' names in order, shared by every message built with all
    /// of them (its keys then cost no allocation).
    let fieldNames: OrderedSet<String>
    let declaration: TypeDeclaration
    let location: SourceLocation

    /// - Precondition: field names are unique (`defineType` refuses duplicates).
    init(kind: TypeDeclaration.Kind, name: String, fields: [Field], declaration: TypeDeclaration, location: SourceLocation) {
        self.kind = kind
        self.name = name
        self.fields = fields
        self.fieldNames = OrderedSet(fields.map(\.name))
        self.declaration = declaration
        self.location = location
    }

    var messageKind: MessageKind { kind == .command ? .command : .event }

    func field(named name: String) -> Field? { fields.first { $0.name == name } }

    /// True when `arguments` give every field, in declaration order.
    func takesInOrder(_ arguments: [MessageLiteral.Argument]) -> Bool {
        guard arguments.count == fields.count, fieldNames.count == fields.count else { return false }
        for index in fields.indices where arguments[index].label != fields[index].name { return false }
        return true
    }
}

/// A handler defined in the session (command, event or outbox).
struct HandlerDefinition {
    var kind: HandlerDeclaration.Kind
    /// The handled type; nil for outbox handlers.
    var typeName: String?
    var name: String
    var declaration: HandlerDeclaration
    var location: SourceLocation

    /// The definition with its `as NAME` written out, as `save` stores it.
    var savedText: String {
        let source = declaration.sourceText
        guard let brace = source.firstIndex(of: "{") else { return source }
        let body = source[brace...]
        switch kind {
        case .command: return "handle \(typeName ?? "") as \(name) \(body)"
        case .event: return "on \(typeName ?? "") as \(name) \(body)"
        case .outbox: return "outbox handler \(name) \(body)"
        }
    }

    var kindDescription: String {
        switch kind {
        case .command: "command handler"
        case .event: "event handler"
        case .outbox: "outbox handler"
        }
    }
}

/// A `fn` defined in the session.
struct FunctionDefinition {
    var name: String
    var declaration: FunctionDeclaration
    var location: SourceLocation
}

/// Everything the session has defined: types, handlers in dispatch order,
/// functions. The bus's registrations mirror it.
struct Definitions {
    var types: OrderedDictionary<String, MessageTypeDefinition> = [:]
    var commandHandlers: [String: HandlerDefinition] = [:]
    var eventHandlers: [String: [HandlerDefinition]] = [:]
    var outboxHandlers: [HandlerDefinition] = []
    var functions: OrderedDictionary<String, FunctionDefinition> = [:]

    /// All handlers in dispatch order: per type in definition order, the
    /// command handler or the event handlers in their order; outbox handlers
    /// last.
    var allHandlers: [HandlerDefinition] {
        var result: [HandlerDefinition] = []
        for name in types.keys {
            if let handler = commandHandlers[name] { result.append(handler) }
            result.append(contentsOf: eventHandlers[name] ?? [])
        }
        // Handlers whose type was removed stay visible until removed.
        for (name, handler) in commandHandlers where types[name] == nil { result.append(handler) }
        for (name, list) in eventHandlers where types[name] == nil { result.append(contentsOf: list) }
        result.append(contentsOf: outboxHandlers)
        return result
    }

    func handler(named name: String) -> HandlerDefinition? {
        allHandlers.first { $0.name == name }
    }
}
