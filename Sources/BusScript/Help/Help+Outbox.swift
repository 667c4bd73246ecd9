extension Help {
    /// Transactions, the outbox and crashes.
    static let outboxTopics: [Topic] = [
        Topic(names: ["begin", "commit", "rollback", "transactions", "transaction"], syntax: """
        begin
        commit
        rollback
        """, details: """
        Between `begin` and `commit`, ctx changes (from the top level and from
        the handlers of sends) and `outbox add`s are one transaction: `commit`
        keeps both, `rollback` drops both. This is the point of the outbox: the
        data and the message to send commit together, or not at all.
        """, example: """
        event OrderPlaced(order_id: Int)
        begin
        ctx.orders = [7]
        outbox add OrderPlaced(order_id: 7)
        rollback
        assert outbox.total == 0
        begin
        ctx.orders = [7]
        outbox add OrderPlaced(order_id: 7)
        commit
        assert outbox.pending == 1
        """),
        Topic(names: ["outbox"], syntax: """
        outbox add TYPE(...) [meta MAP]   store a message (in the open transaction, if any)
        outbox                            the table: id, type, name, status, attempts, error
        outbox show ID                    one message, payload included (an id prefix is enough)
        outbox step                       process the oldest pending message, stage by stage
        outbox run                        one pass over the pending messages
        outbox retry [ID]                 a dead message (no ID: every dead one) back to pending
        outbox purge                      delete the processed messages
        outbox handler NAME { ... }       how stored messages are delivered (help dispatch)
        """, details: """
        Processing a message counts an attempt, then runs every outbox handler in
        order: all succeed, the message is processed; one fails, it stays pending,
        and after `max_attempts` (set max_attempts N) it is dead. outbox.pending,
        .processed, .dead, .total and .messages can be read anywhere.
        """, example: """
        command ShipOrder(order_id: Int)
        handle ShipOrder { print "shipping \\(msg.order_id)" }
        outbox handler relay { dispatch }
        outbox add ShipOrder(order_id: 10) meta ["source": "web"]
        outbox
        outbox show outbox.messages[0].id
        outbox step
        outbox run
        outbox purge
        """),
        Topic(names: ["dispatch", "relay"], syntax: """
        outbox handler NAME { ... dispatch ... }
        """, details: """
        An outbox handler runs for each stored message being processed. In its
        body `message` is the stored record (message.id, .type, .name, .payload,
        .meta, .attempts: 1 on the first try); `dispatch` rebuilds the message
        and sends it through the bus, with its cascade traced.
        """, example: """
        command ShipOrder(order_id: Int)
        handle ShipOrder { print "shipped \\(msg.order_id)" }
        outbox handler relay {
          print "attempt \\(message.attempts) of \\(message.name)"
          dispatch
        }
        outbox add ShipOrder(order_id: 1)
        outbox run
        """),
        Topic(names: ["retry", "purge", "dead"], syntax: """
        outbox retry [ID]
        outbox purge
        """, details: """
        A message whose handlers keep failing becomes dead after `max_attempts`
        attempts. `outbox retry` puts dead messages back to pending with 0
        attempts; `outbox purge` deletes the processed ones.
        """, example: """
        command ShipOrder(order_id: Int)
        outbox handler broken { fail "the broker is down" }
        set max_attempts 1
        outbox add ShipOrder(order_id: 1)
        outbox run
        outbox retry
        """),
        Topic(names: ["crash", "faults"], syntax: """
        crash
        """, details: """
        Simulates the process dying and restarting: the running statement stops
        (not an error), an open transaction is rolled back, ctx and the outbox
        come back as last committed. In an outbox handler it shows at-least-once
        delivery: the side effect happened, the message is still pending.
        """, example: """
        command ShipOrder(order_id: Int)
        handle ShipOrder { print "shipped" }
        outbox handler relay {
          dispatch
          crash
        }
        outbox add ShipOrder(order_id: 1)
        outbox step
        assert outbox.pending == 1
        """),
    ]
}
