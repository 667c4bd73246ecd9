@testable import BusScript
import XCTest

/// The example scripts of the workshop parse without error.
final class ExampleScriptParserTests: XCTestCase {
    func testShopExampleParses() throws {
        let program = try Parser.parse(Self.shop, file: "shop.bus")
        let statements = program.statements.map(Render.stmt)
        XCTAssertEqual(statements.count, 28)
        XCTAssertEqual(statements.first, "command PlaceOrder(order_id: Int, sku: String, qty: Int = 1)")
        XCTAssertEqual(statements[6], "ctx.mails = 0")
        XCTAssertEqual(statements[19], "on StockLow as flaky_alert {fail \"pager is down\"}")
        XCTAssertEqual(statements[20], "on StockLow as log_alert {ctx.alerts = (+ (?? ctx.alerts 0) 1)}")
        XCTAssertEqual(
            statements.last,
            "expect error \"unknown field\" <send PlaceOrder(order_id: 5, sku: \"LAMP\", qtty: 1)>")
        XCTAssertEqual(program.statements.last?.location, SourceLocation(file: "shop.bus", line: 66, column: 1))
    }

    func testOutboxExampleParses() throws {
        let program = try Parser.parse(Self.outbox, file: "outbox.bus")
        let statements = program.statements.map(Render.stmt)
        XCTAssertEqual(statements.count, 39)
        XCTAssertEqual(statements[7], "begin")
        XCTAssertEqual(statements[9], "outbox add ShipOrder(order_id: 10) meta [\"source\": \"workshop\"]")
        XCTAssertEqual(statements[11], "assert (== outbox.pending 1)")
        XCTAssertEqual(statements[18], "outbox step")
        XCTAssertEqual(statements[23], "set max_attempts int(3)")
        XCTAssertEqual(statements[31], "remove relay")
        XCTAssertEqual(statements.last, "assert (>= ctx.deliveries 2)")
    }

    /// /work/shared/examples/shop.bus
    static let shop = #"""
# A small shop: one command, a cascade of events, shared stock in the context.
# Run: busctl shop.bus

command PlaceOrder(order_id: Int, sku: String, qty: Int = 1)
event   OrderPlaced(order_id: Int, sku: String, qty: Int)
event   StockReserved(order_id: Int, sku: String, left: Int)
event   StockLow(sku: String, left: Int)
command NotifyCustomer(order_id: Int, text: String)

ctx.stock = ["LAMP": 5, "DESK": 1]
ctx.mails = 0

handle PlaceOrder as place_order {
  let have = ctx.stock[msg.sku]
  if have == nil {
    fail "unknown sku \(msg.sku)"
  }
  if have < msg.qty {
    fail "out of stock: \(msg.sku) has \(have), order wants \(msg.qty)"
  }
  emit OrderPlaced(order_id: msg.order_id, sku: msg.sku, qty: msg.qty)
  return "accepted"
}

on OrderPlaced as reserve_stock {
  ctx.stock[msg.sku] = ctx.stock[msg.sku] - msg.qty
  emit StockReserved(order_id: msg.order_id, sku: msg.sku, left: ctx.stock[msg.sku])
}

on OrderPlaced as confirm {
  emit NotifyCustomer(order_id: msg.order_id, text: "order \(msg.order_id) placed")
}

on StockReserved as watch_stock {
  if msg.left < 2 {
    emit StockLow(sku: msg.sku, left: msg.left)
  }
}

handle NotifyCustomer as mailer {
  ctx.mails = ctx.mails + 1
  print "mail: \(msg.text)"
}

send PlaceOrder(order_id: 1, sku: "LAMP", qty: 2)
assert last.result == "accepted"
assert ctx.stock["LAMP"] == 3
assert ctx.mails == 1

send PlaceOrder(order_id: 2, sku: "LAMP", qty: 2)
assert ctx.stock["LAMP"] == 1, "the second order leaves one lamp"
assert ctx.mails == 2

# StockLow has no handler: it is reported as unhandled, not an error.
# A failing event handler does not stop its siblings.
on StockLow as flaky_alert { fail "pager is down" }
on StockLow as log_alert   { ctx.alerts = (ctx.alerts ?? 0) + 1 }
send PlaceOrder(order_id: 3, sku: "DESK")
assert ctx.stock["DESK"] == 0
assert ctx.alerts == 1
assert last.errors == 1

# A failing command handler fails the send; nothing it would have emitted runs.
expect error "out of stock" send PlaceOrder(order_id: 4, sku: "LAMP", qty: 9)
assert ctx.stock["LAMP"] == 1
expect error "unknown field" send PlaceOrder(order_id: 5, sku: "LAMP", qtty: 1)
"""#

    /// /work/shared/examples/outbox.bus
    static let outbox = #"""
# The transactional outbox, step by step.
# Run: busctl outbox.bus   (or busctl --db NEW_FILE outbox.bus, then reopen NEW_FILE
# with busctl --db to look at what was committed; the asserts assume a fresh store)

command ShipOrder(order_id: Int)
event   OrderShipped(order_id: Int)

ctx.shipped = []
ctx.deliveries = 0

handle ShipOrder as ship {
  ctx.shipped = ctx.shipped + [msg.order_id]
  emit OrderShipped(order_id: msg.order_id)
}
on OrderShipped as count_delivery { ctx.deliveries = ctx.deliveries + 1 }

# The relay hands stored messages back to the bus. It fails on the first try
# of every message, to show retries.
outbox handler relay {
  if message.attempts < 2 {
    fail "broker unavailable"
  }
  dispatch
}

# 1. Business change and outbox message commit together.
begin
ctx.orders = [10]
outbox add ShipOrder(order_id: 10) meta ["source": "workshop"]
commit
assert outbox.pending == 1

# 2. A rolled-back transaction leaves no message behind.
begin
ctx.orders = [10, 11]
outbox add ShipOrder(order_id: 11)
rollback
assert outbox.total == 1
assert len(ctx.orders) == 1

# 3. Processing: the first attempt fails, the second delivers.
outbox step
assert outbox.pending == 1
outbox step
assert outbox.processed == 1
assert ctx.shipped == [10]

# 4. Poison message: a message the relay can never handle ends up dead.
set max_attempts 3
outbox handler relay {              # same name: replaces the relay in place
  if message.payload.order_id == 13 {
    fail "malformed order"
  }
  if message.attempts < 2 {
    fail "broker unavailable"
  }
  dispatch
}
outbox add ShipOrder(order_id: 13)
outbox run
outbox run
outbox run
assert outbox.dead == 1
assert not contains(ctx.shipped, 13)

# 5. Crash after the side effect but before the mark: delivered twice.
remove relay
outbox handler relay_once {
  dispatch
  if ctx.crashed == nil {
    ctx.crashed = true
    crash
  }
}
outbox add ShipOrder(order_id: 12)
outbox run
assert outbox.pending == 1
outbox run
assert outbox.pending == 0
assert ctx.deliveries >= 2
"""#
}
