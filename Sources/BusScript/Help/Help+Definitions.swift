extension Help {
    /// Message types, handlers and the statements that list them.
    static let definitionTopics: [Topic] = [
        Topic(names: ["command", "event", "types", "messages"], syntax: """
        command NAME(field: Type [= default], ...)
        event   NAME(field: Type [= default], ...)
        types
        """, details: """
        A command asks for something to be done and has exactly one handler; an
        event says something happened and has any number of handlers, none too.
        Field types: Int Double String Bool UUID Date Any, [T], [String: T], T?
        (a T? field defaults to nil). Defaults are literals. Defining a type
        again replaces it. `types` lists the types with their fields and handlers.
        """, example: """
        command PlaceOrder(order_id: Int, sku: String, qty: Int = 1)
        event   OrderPlaced(order_id: Int, sku: String, qty: Int)
        types
        """),
        Topic(names: ["handle", "handler", "msg"], syntax: """
        handle COMMAND [as NAME] { BODY }
        """, details: """
        Sets the one handler of a command; a new one replaces the old. In the
        body `msg.FIELD` is the command, `ctx` the shared context; `emit` queues
        messages, `return` gives the result, `fail` fails the handler and with it
        the whole send. Without `as`, the name is the type in snake_case.
        """, example: """
        command PlaceOrder(order_id: Int, sku: String)
        event   OrderPlaced(order_id: Int)
        handle PlaceOrder as place_order {
          emit OrderPlaced(order_id: msg.order_id)
          return "accepted"
        }
        send PlaceOrder(order_id: 1, sku: "LAMP")
        """),
        Topic(names: ["on"], syntax: """
        on EVENT [as NAME] { BODY }
        """, details: """
        Adds a handler to an event; an event's handlers run in the order they
        were added. A failing event handler is reported and counted, the others
        still run and the cascade goes on. Defining a handler again under the
        same name replaces its body and keeps its place.
        """, example: """
        event OrderPlaced(order_id: Int)
        on OrderPlaced as send_email { print "mail for order \\(msg.order_id)" }
        on OrderPlaced as bill { return "billed" }
        send OrderPlaced(order_id: 7)
        """),
        Topic(names: ["handlers", "remove"], syntax: """
        handlers
        remove NAME
        """, details: """
        `handlers` lists every handler in dispatch order: per type, the command's
        handler or the event's handlers in order; outbox handlers last.
        `remove NAME` deletes a handler or a function.
        """, example: """
        event Ping()
        on Ping as pong { print "pong" }
        handlers
        remove pong
        """),
        Topic(names: ["show"], syntax: """
        show NAME
        """, details: """
        Prints a type, a handler or a function as it was defined (a handler with
        its `as NAME`), so that it can be copied and changed.
        """, example: """
        command Greet(name: String)
        handle Greet { print "hello, \\(msg.name)" }
        show Greet
        show greet
        """),
        Topic(names: ["vars"], syntax: """
        vars
        """, details: """
        Lists the top-level variables with their values, and the functions.
        """, example: """
        let answer = 42
        fn twice(x) { return x * 2 }
        vars
        """),
        Topic(names: ["graph", "chain"], syntax: """
        graph [TYPE] [--mermaid | --dot]
        """, details: """
        The static chain of types and handlers, read from the `emit` statements in
        handler bodies (nothing runs): each type with the handlers it has, each
        handler with the types it emits. `outbox add` is shown as a dashed edge
        (⇢), a type that is already on the path as ↻ (a cycle). A tree by default;
        `--mermaid` and `--dot` print diagrams for Mermaid and Graphviz. With
        TYPE, only what TYPE leads to. `busctl graph FILE` does the same for a
        script without running it.
        """, example: """
        command PlaceOrder(order_id: Int)
        event   OrderPlaced(order_id: Int)
        handle PlaceOrder { emit OrderPlaced(order_id: msg.order_id) }
        on OrderPlaced as mailer { print "mail" }
        graph
        graph PlaceOrder --mermaid
        """),
    ]
}
