import MessageBus
import OrderedCollections

/// The steps a top-level statement or a handler run may take (LANGUAGE.md
/// §4 "Limits"), shared by the functions it calls.
final class StepBudget {
    var steps = 0
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }
}

/// What a handler run knows about the message it handles.
final class HandlerRun {
    let handlerName: String
    let messageID: Int
    let message: ScriptMessage
    /// `msg` as a map of the message's fields.
    let messageValue: Value
    let handling: HandlerContext<ContextStore>

    init(handlerName: String, messageID: Int, message: ScriptMessage, handling: HandlerContext<ContextStore>) {
        self.handlerName = handlerName
        self.messageID = messageID
        self.message = message
        // `msg` is a map, and a map never holds nil.
        self.messageValue = .map(message.fields.filter { !$0.value.isNil })
        self.handling = handling
    }
}

/// One activation: the top level, a handler run or a function call.
final class Frame {
    enum Role {
        case topLevel
        case handler(HandlerRun)
        case outbox(OutboxRun)
        case function(String)
    }

    let role: Role
    let budget: StepBudget
    /// Call depth of user functions (LANGUAGE.md §4: at most 200).
    let depth: Int
    /// Block scopes, innermost last. The top level's outermost names live in
    /// the session's globals instead.
    var scopes: [[String: Value]]

    init(role: Role, budget: StepBudget, depth: Int = 0, scopes: [[String: Value]] = [[:]]) {
        self.role = role
        self.budget = budget
        self.depth = depth
        self.scopes = scopes
    }

    var isTopLevel: Bool {
        if case .topLevel = role { return true }
        return false
    }

    var handlerRun: HandlerRun? {
        if case .handler(let run) = role { return run }
        return nil
    }

    /// The innermost scope that binds `name`, if any.
    func scopeIndex(of name: String) -> Int? {
        var index = scopes.count - 1
        while index >= 0 {
            if scopes[index][name] != nil { return index }
            index -= 1
        }
        return nil
    }
}

/// The context shared by every handler and the top level (`ctx`): the
/// bus's `context`.
final class ContextStore {
    var values: OrderedDictionary<String, Value> = [:]
}
