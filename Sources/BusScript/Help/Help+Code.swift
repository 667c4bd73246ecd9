extension Help {
    /// Variables, control flow, functions and checks.
    static let codeTopics: [Topic] = [
        Topic(names: ["let", "values", "variables", "operators", "and", "or", "not"], syntax: """
        let NAME = EXPR
        NAME = EXPR · NAME += EXPR · NAME -= EXPR
        """, details: """
        Values: 42, 3.5, "text \\(x)", true, false, nil, [1, 2], ["k": 1], [:],
        date("2026-11-29"), uuid(). Operators: + - * / % == != < <= > >= and or
        not, a ?? b (b when a is nil). Lists and maps are copied on assignment;
        `xs += [x]` appends. Top-level variables live for the session.
        """, example: """
        let stock = ["LAMP": 3]
        stock["LAMP"] += 1
        print stock
        """),
        Topic(names: ["if", "else"], syntax: """
        if COND { ... } else if COND { ... } else { ... }
        """, details: """
        Conditions must be true or false (`if 1` is an error). `else` stands on
        the same line as the `}` before it.
        """, example: """
        let n = 3
        if n > 2 { print "big" } else if n > 0 { print "small" } else { print "none" }
        """),
        Topic(names: ["for", "in", "break", "continue"], syntax: """
        for NAME in EXPR { ... }
        break · continue
        """, details: """
        Goes through a list, a map's keys (in insertion order) or range(n).
        `break` leaves the loop, `continue` goes on with the next element.
        """, example: """
        for i in range(5) {
          if i == 1 { continue }
          if i == 3 { break }
          print i
        }
        """),
        Topic(names: ["while"], syntax: """
        while COND { ... }
        """, details: """
        Runs the block while COND is true. A loop that never ends is stopped by
        the step limit (`set step_limit`) or by Ctrl-C.
        """, example: """
        let n = 0
        while n < 3 { n += 1 }
        print n
        """),
        Topic(names: ["fn", "function"], syntax: """
        fn NAME(a, b) { ... return X }
        """, details: """
        A function sees its parameters, its locals and ctx (not msg). `fail` in a
        function fails its caller. Calls are looked up when made, so functions
        can be defined in any order; defining one again replaces it.
        """, example: """
        fn available(sku) { return ctx.stock[sku] ?? 0 }
        ctx.stock = ["LAMP": 2]
        available("LAMP")
        """),
        Topic(names: ["assert"], syntax: """
        assert COND [, MESSAGE]
        """, details: """
        Fails the statement (or the handler) when COND is false. For a comparison
        the error shows both sides; MESSAGE is evaluated only when it fails.
        """, example: """
        let total = 2 + 2
        assert total == 4, "arithmetic works"
        """),
        Topic(names: ["expect"], syntax: """
        expect error ["TEXT"] STATEMENT
        """, details: """
        Runs STATEMENT and succeeds only if it fails, with TEXT in its error when
        TEXT is given. The caught error is shown as a note; scripts use it to
        check their failure cases.
        """, example: """
        command PlaceOrder(order_id: Int)
        expect error "unknown field" send PlaceOrder(order_id: 1, qtty: 2)
        """),
        Topic(names: ["ctx", "context"], syntax: """
        ctx · ctx.KEY · ctx.KEY = EXPR
        """, details: """
        The context, shared by every handler and the top level for the whole
        session. Reading a missing key gives nil. `ctx` alone shows all of it.
        """, example: """
        ctx.stock = ["LAMP": 5]
        ctx.stock["LAMP"] -= 1
        ctx
        """),
        Topic(names: ["builtins", "functions"], syntax: """
        len(x) str(x) int(x) double(x) type(x) keys(m) values(m)
        contains(list|map|string, x) without(list, i) without(map, k)
        range(n) range(a, b) sum(xs) min(xs) max(xs) sort(xs) join(xs, sep) split(s, sep)
        lower(s) upper(s) abs(x) round(x) date("2026-11-29") uuid() uuid("...") now()
        """, details: """
        A built-in given a value it cannot handle (`int("x")`, `min([])`) fails
        with an error.
        """, example: """
        len("café")
        sort([3, 1, 2])
        join(split("a,b", ","), " and ")
        """),
    ]
}
