extension Help {
    /// Settings, files, the session, the REPL, and a first walk-through.
    static let sessionTopics: [Topic] = [
        Topic(names: ["set", "settings", "color"], syntax: """
        set                      list the settings
        set trace tree|flat|json|off
        set color on|off|auto
        set cascade_limit N      messages one cascade may dispatch (default 10000)
        set step_limit N         steps a statement or handler run may take
        set max_attempts N       outbox attempts before a message is dead (default 5)
        """, details: """
        Settings last for the session; `reset` returns to the command line's.
        """, example: """
        set cascade_limit 100
        set
        """),
        Topic(names: ["trace", "tree", "flat", "json"], syntax: """
        set trace tree|flat|json|off
        """, details: """
        tree (the default): each cascade as a tree of who caused what, when it
        ends. flat: one line per step, as it happens. json: one JSON object per
        line, for tools. off: only errors, print lines and values. A stepped
        cascade (`step`, `next`) is always shown as it runs.
        """, example: """
        command Greet(name: String)
        handle Greet { print "hello, \\(msg.name)" }
        set trace flat
        send Greet(name: "Ada")
        set trace tree
        """),
        Topic(names: ["reset"], syntax: """
        reset
        reset data
        """, details: """
        Forgets types, handlers, functions, variables, settings, `last` and a
        stepped cascade, and empties ctx and the outbox when they are in memory.
        With --db or --postgres, `reset data` empties them in the database too.
        """, example: """
        let x = 1
        reset
        vars
        """),
        Topic(names: ["load", "save", "files"], syntax: """
        load "FILE.bus"
        save "FILE.bus"
        """, details: """
        `load` parses the whole file, then runs it in this session (a relative
        path starts at the folder of the file that says `load`, or the working
        folder at the prompt). `save` writes the types, functions and handlers,
        each with its source, so that `load` brings them back (no ctx, outbox
        or variables).
        """, example: """
        command Greet(name: String)
        handle Greet { print "hello, \\(msg.name)" }
        save "greet.bus"
        reset
        load "greet.bus"
        send Greet(name: "Ada")
        """),
        Topic(names: ["help"], syntax: """
        help
        help TOPIC
        """, details: """
        `help` lists the statements; `help TOPIC` shows one with an example.
        Topics: every statement word, and tour, trace, outbox, transactions,
        crash, builtins, values, keys.
        """, example: """
        help send
        """),
        Topic(names: ["quit", "exit"], syntax: """
        quit
        exit [N]
        """, details: """
        Ends the session (Ctrl-D does too); `exit N` ends a script with status N.
        """, example: """
        exit 0
        """),
        Topic(names: ["keys", "repl", "completion", "history"], syntax: """
        Tab          complete a statement word, type, field, handler, setting or file
        Tab Tab      list the choices
        Up, Down     walk the history (a statement of several lines is one entry)
        Ctrl-R       search the history
        Ctrl-C       drop the line being typed; stop a running statement
        Ctrl-D       end the session (on an empty line)
        """, details: """
        `...>` asks for the rest of an open statement. The history is kept in
        $XDG_STATE_HOME/busctl/history (or ~/.local/state/busctl/history).
        """, example: ""),
        Topic(names: ["tour", "start", "shop", "example"], syntax: """
        A small shop, to type line by line (Tab completes names as you go):
        """, details: """
        Define two messages, a handler for each, and send an order. The trace
        shows each message, the handlers that ran (✓ or ✗) and what they emitted.
        Then step through the next order one message at a time, and look at the
        chain as a picture with `graph`.
        """, example: """
        command PlaceOrder(order_id: Int, sku: String, qty: Int = 1)
        event   OrderPlaced(order_id: Int, sku: String, qty: Int)
        ctx.stock = ["LAMP": 5]
        handle PlaceOrder {
          if ctx.stock[msg.sku] < msg.qty { fail "out of stock" }
          ctx.stock[msg.sku] -= msg.qty
          emit OrderPlaced(order_id: msg.order_id, sku: msg.sku, qty: msg.qty)
          return "accepted"
        }
        on OrderPlaced as mailer { print "mail: order \\(msg.order_id) placed" }
        send PlaceOrder(order_id: 1, sku: "LAMP", qty: 2)
        step PlaceOrder(order_id: 2, sku: "LAMP")
        next
        next
        graph
        ctx
        """),
    ]
}
