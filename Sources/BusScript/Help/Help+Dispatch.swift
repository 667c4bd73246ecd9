extension Help {
    /// Sending, stepping, and the statements of handler bodies.
    static let dispatchTopics: [Topic] = [
        Topic(names: ["send", "cascade"], syntax: """
        send TYPE(field: value, ...)
        """, details: """
        Hands the message to the bus and runs its whole cascade: the oldest queued
        message is dispatched to its handler(s), what they emit joins the end of
        the queue (breadth-first), until the queue is empty. A missing or failing
        command handler fails the send and drops the rest of the queue; a failing
        event handler is counted and the cascade goes on.
        """, example: """
        command Greet(name: String)
        handle Greet { return "hello, \\(msg.name)" }
        send Greet(name: "Ada")
        assert last.result == "hello, Ada"
        """),
        Topic(names: ["batch"], syntax: """
        batch [TYPE(...), TYPE(...), ...]
        """, details: """
        Checks every message first, then runs each cascade to its end before the
        next starts. The first failing cascade fails the statement; the messages
        after it are skipped.
        """, example: """
        command Greet(name: String)
        handle Greet { print "hello, \\(msg.name)" }
        batch [Greet(name: "Ada"), Greet(name: "Grace")]
        """),
        Topic(names: ["step", "next", "run", "queue", "stepping"], syntax: """
        step TYPE(...)   queue the message and stop
        queue            show the waiting messages
        next             dispatch the oldest: its handlers, their results, what joined the queue
        run              finish the cascade
        """, details: """
        Walks through a cascade one message at a time. A `next` that empties the
        queue finishes the cascade. While it is open, `send`, `step`, `batch`,
        outbox processing and `load` are refused; definitions and `ctx` changes
        are allowed, and `reset` drops the cascade.
        """, example: """
        command PlaceOrder(order_id: Int)
        event   OrderPlaced(order_id: Int)
        handle PlaceOrder { emit OrderPlaced(order_id: msg.order_id) }
        on OrderPlaced as mailer { print "mail for \\(msg.order_id)" }
        step PlaceOrder(order_id: 5)
        queue
        next
        run
        """),
        Topic(names: ["last"], syntax: """
        last
        last.result · last.ok · last.error · last.errors · last.messages · last.handlers
        """, details: """
        The last finished `send`, `batch` or stepped cascade (nil before the
        first). `last` alone shows that cascade's trace again, in the current
        trace mode, then its value. `result` is the result of the sent command's
        handler (a list for `batch`), `ok` whether the statement succeeded,
        `error` its error text; `errors`, `messages` and `handlers` are counts.
        """, example: """
        command Greet(name: String)
        handle Greet { return "hi \\(msg.name)" }
        send Greet(name: "Ada")
        last
        assert last.ok and last.result == "hi Ada"
        """),
        Topic(names: ["emit"], syntax: """
        emit TYPE(field: value, ...)
        """, details: """
        Only in handler bodies. The messages a handler emits join the bus queue
        when it returns normally; a failing handler's emissions are dropped.
        """, example: """
        command PlaceOrder(order_id: Int)
        event   OrderPlaced(order_id: Int)
        handle PlaceOrder { emit OrderPlaced(order_id: msg.order_id) }
        send PlaceOrder(order_id: 1)
        """),
        Topic(names: ["return"], syntax: """
        return [EXPR]
        """, details: """
        Ends a handler (its result, shown in the trace and in `last.result`) or a
        function (its value). Without EXPR the result is nil.
        """, example: """
        command Add(a: Int, b: Int)
        handle Add { return msg.a + msg.b }
        send Add(a: 2, b: 3)
        assert last.result == 5
        """),
        Topic(names: ["fail"], syntax: """
        fail EXPR
        """, details: """
        Ends the handler, function or top-level statement with an error whose
        text is str(EXPR). A failing command handler fails its send.
        """, example: """
        command Withdraw(amount: Int)
        handle Withdraw {
          if msg.amount > 100 { fail "the limit is 100, asked for \\(msg.amount)" }
        }
        expect error "limit" send Withdraw(amount: 500)
        """),
        Topic(names: ["print"], syntax: """
        print EXPR
        """, details: """
        Writes a line: in a handler, into the trace under the handler; at the top
        level, on standard output. Strings print as they are, other values in
        literal syntax.
        """, example: """
        print "hello"
        print ["LAMP": 3]
        """),
    ]
}
