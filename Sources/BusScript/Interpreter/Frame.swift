import MessageBus
import OrderedCollections

/// What a handler run knows about the message it handles. A value kept in
/// its frame: a handler run makes its frame and no other object.
struct HandlerRun {
    let handlerName: String
    let messageID: Int
    let message: ScriptMessage
    let handling: HandlerContext<ContextStore>
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
    /// Call depth of user functions (LANGUAGE.md §4: at most 200).
    let depth: Int
    /// Block scopes, innermost last. The top level's outermost names live in
    /// the session's globals instead.
    var scopes: [[String: Value]]
    /// The steps the top-level statement, handler run or outbox run this
    /// frame belongs to may take (LANGUAGE.md §4 "Limits").
    let stepLimit: Int
    /// The steps taken, counted in the frame that owns the budget.
    private var steps = 0
    /// The frame that owns this frame's step budget (a function call
    /// shares its caller's); nil when this frame owns it.
    private let budgetOwner: Frame?
    /// `msg` as a map, made the first time it is used whole.
    private var messageMap: Value?

    /// The frame of a top-level statement, a handler run or an outbox run,
    /// with a step budget of its own.
    init(role: Role, stepLimit: Int) {
        self.role = role
        self.depth = 0
        self.stepLimit = stepLimit
        self.budgetOwner = nil
        self.scopes = Frame.scopes(startingWith: [:])
    }

    /// The frame of a call of function `name`: its parameters are the
    /// outermost scope, and its steps count in the caller's budget.
    init(function name: String, calledFrom caller: Frame, parameters scope: [String: Value]) {
        self.role = .function(name)
        self.depth = caller.depth + 1
        self.stepLimit = caller.stepLimit
        self.budgetOwner = caller.budgetOwner ?? caller
        self.scopes = Frame.scopes(startingWith: scope)
    }

    /// Room for a body's block and two nested ones, so that entering them
    /// does not grow the list (a frame is made for every handler run).
    private static func scopes(startingWith scope: [String: Value]) -> [[String: Value]] {
        var scopes: [[String: Value]] = []
        scopes.reserveCapacity(4)
        scopes.append(scope)
        return scopes
    }

    /// Adds `amount` to the steps taken under this frame's budget; returns
    /// the new total.
    func countSteps(_ amount: Int) -> Int {
        if let budgetOwner {
            budgetOwner.steps += amount
            return budgetOwner.steps
        }
        steps += amount
        return steps
    }

    var isTopLevel: Bool {
        if case .topLevel = role { return true }
        return false
    }

    var handlerRun: HandlerRun? {
        if case .handler(let run) = role { return run }
        return nil
    }

    /// The message a handler run handles; nil in other frames.
    var handledMessage: ScriptMessage? {
        if case .handler(let run) = role { return run.message }
        return nil
    }

    /// `msg`: the handled message's fields as a map (a map never holds nil);
    /// nil outside a handler run. `msg.FIELD` reads the message directly,
    /// so the map is made only when a handler uses `msg` whole.
    var messageValue: Value? {
        guard case .handler(let run) = role else { return nil }
        if let messageMap { return messageMap }
        let map = Value.map(run.message.fields.filter { !$0.value.isNil })
        messageMap = map
        return map
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
