/// The text of `help` and `help TOPIC`: one screen of statements by group,
/// then syntax and a runnable example per topic.
enum Help {
    struct Topic {
        var names: [String]
        var summary: String
        var body: String
    }

    static let overview = """
    busctl: define messages, write handlers, send commands, watch the cascade.

    Messages     command NAME(field: Type, ...)   event NAME(...)   types   show NAME
    Handlers     handle CMD [as NAME] { ... }   on EVENT [as NAME] { ... }
                 handlers   remove NAME   fn NAME(a, b) { ... }
    Dispatch     send CMD(field: value)   batch [M(...), M(...)]
                 step M(...)   next   run   queue   last
    In handlers  msg.FIELD   ctx.KEY   emit M(...)   return X   fail "why"   print X
    Code         let x = 1   x += 1   if/else   for x in xs   while   assert   fn
    Checks       assert COND[, "message"]   expect error ["TEXT"] STATEMENT
    Session      ctx   vars   set [NAME VALUE]   reset   load "f.bus"   save "f.bus"
                 help TOPIC   quit / exit [N]

    Try:  command Hello(name: String)
          handle Hello { print "hello, \\(msg.name)" }
          send Hello(name: "world")

    `help TOPIC` explains a statement (help send, help on, help builtins, help values).
    """

    static let topics: [Topic] = [
        Topic(names: ["command", "event", "types"], summary: "define message types", body: """
        command NAME(field: Type [= default], ...)
        event   NAME(field: Type [= default], ...)

        A command has exactly one handler; an event has any number (zero too).
        Types: Int Double String Bool UUID Date Any, [T], [String: T], T?.
        A T? field without a default defaults to nil. Redefining a type replaces it.
        `types` lists the types, `show NAME` prints one.

          command PlaceOrder(order_id: Int, sku: String, qty: Int = 1)
          event   OrderPlaced(order_id: Int, sku: String, qty: Int)
        """),
        Topic(names: ["handle"], summary: "set a command's handler", body: """
        handle COMMAND [as NAME] { body }

        Sets the one handler of a command; a new one replaces the old. In the body,
        `msg` is the command, `ctx` the shared context; `emit` queues messages,
        `return` gives the result, `fail` fails it (and with it the whole send).

          handle PlaceOrder as place_order {
            if ctx.stock[msg.sku] < msg.qty { fail "out of stock: \\(msg.sku)" }
            emit OrderPlaced(order_id: msg.order_id, sku: msg.sku, qty: msg.qty)
            return "accepted"
          }
        """),
        Topic(names: ["on"], summary: "add an event handler", body: """
        on EVENT [as NAME] { body }

        Appends a handler to an event; the handlers of one event run in the order
        they were added. A failing event handler is reported and counted; the
        others still run and the cascade goes on. Reusing a name replaces that
        handler's body in place.

          on OrderPlaced as send_email { print "mail for order \\(msg.order_id)" }
        """),
        Topic(names: ["send"], summary: "send a message and run its cascade", body: """
        send TYPE(field: value, ...)

        Hands the message to the bus and runs the whole cascade: the oldest queued
        message is dispatched to its handler(s), what they emit joins the end of
        the queue (breadth-first), until the queue is empty. A missing or failing
        command handler fails the send and drops the rest of the queue.

          send PlaceOrder(order_id: 1, sku: "LAMP", qty: 2)
          assert last.result == "accepted"
        """),
        Topic(names: ["batch"], summary: "send several messages in order", body: """
        batch [TYPE(...), TYPE(...), ...]

        Checks every message first, then runs each cascade to its end before the
        next. The first failing cascade fails the statement; the rest are skipped.

          batch [PlaceOrder(order_id: 2, sku: "LAMP"), PlaceOrder(order_id: 3, sku: "DESK")]
        """),
        Topic(names: ["step", "next", "run", "queue"], summary: "step through a cascade", body: """
        step TYPE(...)   queue the message and stop
        queue            show the waiting messages
        next             dispatch the oldest (all its handlers) and show what it emitted
        run              finish the cascade

        While a stepped cascade is open, send, step, batch and load are refused.

          step PlaceOrder(order_id: 5, sku: "LAMP")
          next
          queue
          run
        """),
        Topic(names: ["emit"], summary: "queue a message from a handler", body: """
        emit TYPE(field: value, ...)

        Only in handler bodies. The messages a handler emits join the bus queue
        when it returns normally; a failing handler's emissions are dropped.
        """),
        Topic(names: ["last"], summary: "the last finished cascade", body: """
        last.result    the result of the sent command's handler (nil for events)
        last.ok        true when the statement succeeded
        last.error     the error text, or nil
        last.errors    handler errors (a failed or missing command handler counts 1)
        last.messages  messages dispatched
        last.handlers  handler runs

          send PlaceOrder(order_id: 1, sku: "LAMP")
          assert last.messages == 3
        """),
        Topic(names: ["ctx", "context"], summary: "the shared context", body: """
        ctx is shared by every handler and the top level for the whole session.
        Reading a missing key gives nil. `ctx` alone shows all of it.

          ctx.stock = ["LAMP": 5]
          ctx.stock["LAMP"] -= 1
          ctx
        """),
        Topic(names: ["let", "values", "if", "else", "for", "while", "break", "continue"], summary: "code: values, variables, control flow", body: """
        let x = 1            bind a local (top-level ones live for the session)
        x = 2; x += 1        assign (x -= 1; lists append with xs += [x])
        if c { } else if d { } else { }     conditions must be Bool
        for x in xs { }      a list, a map's keys, or range(n)
        while c { }          break, continue

        Values: 42, 3.5, "text \\(x)", true, false, nil, [1, 2], ["k": 1], [:]
        Operators: + - * / %  == != < <= > >=  and or not  a ?? b
        """),
        Topic(names: ["fn", "return"], summary: "functions", body: """
        fn NAME(a, b) { ... return X }

        A function sees its parameters, its locals and ctx. `fail` in a function
        fails its caller. Calls are looked up when made, so define them in any order.

          fn available(sku) { return ctx.stock[sku] ?? 0 }
          available("LAMP")
        """),
        Topic(names: ["print", "fail"], summary: "print a line, fail a handler", body: """
        print EXPR      writes a line into the trace
        fail EXPR       ends the handler (or the top-level statement) with that error text
        """),
        Topic(names: ["assert", "expect"], summary: "self-checking scripts", body: """
        assert COND [, MESSAGE]          fails the statement when COND is false
        expect error ["TEXT"] STATEMENT  succeeds only if STATEMENT fails (with TEXT in its error)

          assert ctx.mails == 2, "two mails sent"
          expect error "out of stock" send PlaceOrder(order_id: 4, sku: "LAMP", qty: 99)
        """),
        Topic(names: ["handlers", "remove", "show", "vars"], summary: "list and remove definitions", body: """
        handlers      all handlers in dispatch order
        remove NAME   delete a handler or a function
        show NAME     print a type, handler or function as defined
        vars          top-level variables and functions
        """),
        Topic(names: ["set", "trace"], summary: "settings", body: """
        set                    list the settings
        set trace tree|flat|json|off
        set color on|off|auto
        set cascade_limit N    messages one cascade may dispatch (default 10000)
        set step_limit N       steps one statement or handler run may take
        set max_attempts N     outbox attempts before a message is dead
        """),
        Topic(names: ["reset", "load", "save"], summary: "session files", body: """
        load "file.bus"   run a file in this session (relative to the current file)
        save "file.bus"   write the types, functions and handlers (not the context)
        reset             clear everything and start over
        """),
        Topic(names: ["quit", "exit"], summary: "end the session", body: """
        quit        end the session (Ctrl-D too)
        exit N      end it with status N
        """),
        Topic(names: ["builtins", "functions"], summary: "built-in functions", body: """
        len(x) str(x) int(x) double(x) type(x) keys(m) values(m)
        contains(list|map|string, x) without(list, i) without(map, k)
        range(n) range(a, b) sum(xs) min(xs) max(xs) sort(xs) join(xs, sep) split(s, sep)
        lower(s) upper(s) abs(x) round(x) date("2026-11-29") uuid() uuid("...") now()
        """),
    ]

    /// The help text for a topic, or nil when there is none.
    static func text(for topic: String) -> String? {
        topics.first { $0.names.contains(topic) }.map(\.body)
    }

    static var topicNames: [String] { topics.flatMap(\.names) }
}

extension Interpreter {
    func help(_ topic: String?, at location: SourceLocation) throws {
        guard let topic else {
            emit(.text(Help.overview))
            return
        }
        if let text = Help.text(for: topic) {
            emit(.text(text))
            return
        }
        throw ScriptFailure("no help on `\(topic)`\(DidYouMean.hint(for: topic, among: Help.topicNames)); `help` lists the statements", at: location)
    }
}
