import MessageBus
import XCTest

/// Swift-typed and runtime-defined messages share one bus: routing is by name.
final class RuntimeMessageTests: XCTestCase {
    func testRuntimeCommandWithRuntimeHandler() throws {
        let bus = MessageBus(context: [String]())
        bus.setCommandHandler(
            RegisteredCommandHandler(name: "greeter") { message, handling in
                guard let named = message as? NamedMessage, case .string(let who)? = named.fields["who"] else {
                    throw Boom(text: "bad message")
                }
                handling.emit(NamedMessage("Greeted", .event, ["who": .string(who)]))
                return "hello \(who)"
            },
            forMessageNamed: "Greet"
        )
        bus.addEventHandler(
            RegisteredEventHandler(name: "guestbook") { message, handling in
                handling.context.append(message.messageName)
                return nil
            },
            forMessageNamed: "Greeted"
        )

        let results = try bus.handle(NamedMessage("Greet", .command, ["who": .string("Ada")]))

        XCTAssertEqual(results.map(\.handlerName), ["greeter", "guestbook"])
        XCTAssertEqual(results.first?.value as? String, "hello Ada")
        XCTAssertEqual(bus.context, ["Greeted"])
    }

    func testRuntimeMessageIsRoutedToATypedHandlerByJSONRoundTrip() throws {
        let bus = MessageBus(context: [PlaceOrder]())
        bus.setCommandHandler(for: PlaceOrder.self) { order, handling in
            handling.context.append(order)
            return order.qty * 10
        }

        let runtime = NamedMessage("PlaceOrder", .command, ["orderID": .int(9), "sku": .string("DESK"), "qty": .int(2)])
        let results = try bus.handle(runtime)

        XCTAssertEqual(bus.context, [PlaceOrder(orderID: 9, sku: "DESK", qty: 2)])
        XCTAssertEqual(results.first?.value as? Int, 20)
        XCTAssertTrue(results.first?.envelope.message is NamedMessage)
    }

    func testTypedAndRuntimeMessagesInOneCascade() throws {
        let bus = MessageBus(context: [String]())
        // Typed command handler emits a runtime event; a runtime handler emits a
        // runtime event that a typed event handler (with hooks) reads.
        bus.setCommandHandler(for: PlaceOrder.self) { order, handling in
            handling.emit(NamedMessage("Invoiced", .event, ["orderID": .int(order.orderID)]))
            return nil
        }
        bus.addEventHandler(
            RegisteredEventHandler(name: "invoicer") { message, handling in
                handling.context.append("invoiced \(message.messageName)")
                handling.emit(NamedMessage("StockReserved", .event, ["orderID": .int(4)]))
                return nil
            },
            forMessageNamed: "Invoiced"
        )
        struct Reserved: EventHandler {
            func before(_ event: StockReserved, in handling: HandlerContext<[String]>) throws {
                handling.context.append("before \(event.orderID)")
            }
            func handle(_ event: StockReserved, in handling: HandlerContext<[String]>) throws -> (any Sendable)? {
                handling.context.append("reserved \(event.orderID)")
                return nil
            }
            func after(_ event: StockReserved, in handling: HandlerContext<[String]>) {
                handling.context.append("after \(event.orderID)")
            }
        }
        bus.addEventHandler(Reserved())

        let results = try bus.handle(PlaceOrder(orderID: 4, sku: "LAMP", qty: 1))

        XCTAssertEqual(results.map(\.handlerName), ["PlaceOrderHandler", "invoicer", "Reserved"])
        XCTAssertEqual(results.map(\.envelope.message.messageName), ["PlaceOrder", "Invoiced", "StockReserved"])
        XCTAssertEqual(results.map(\.envelope.message.messageKind), [.command, .event, .event])
        XCTAssertEqual(bus.context, ["invoiced Invoiced", "before 4", "reserved 4", "after 4"])
    }

    func testSwiftMessageReachesARuntimeHandlerAsItself() throws {
        let bus = MessageBus(context: 0)
        bus.setCommandHandler(
            RegisteredCommandHandler(name: "script") { message, _ in
                (message as? PlaceOrder)?.sku
            },
            forMessageNamed: "PlaceOrder"
        )
        let results = try bus.handle(PlaceOrder(orderID: 1, sku: "LAMP", qty: 1))
        XCTAssertEqual(results.first?.value as? String, "LAMP")
    }

    func testUnconvertibleRuntimeMessageIsATypeMismatch() {
        let bus = MessageBus(context: 0)
        bus.setCommandHandler(for: PlaceOrder.self) { _, _ in nil }
        let runtime = NamedMessage("PlaceOrder", .command, ["orderID": .string("nine")])

        XCTAssertThrowsError(try bus.handle(runtime)) { error in
            guard case MessageBusError.commandHandlerFailed(_, let handlerName, let underlying) = error,
                case MessageBusError.messageTypeMismatch(let expected, let actual) = underlying
            else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(handlerName, "PlaceOrderHandler")
            XCTAssertEqual(expected, "PlaceOrder")
            XCTAssertEqual(actual, "PlaceOrder (NamedMessage)")
            XCTAssertEqual("\(error)", "wrong type: a handler of PlaceOrder cannot read message PlaceOrder (NamedMessage)")
        }
    }

    func testUnconvertibleRuntimeEventFailsOnlyItsTypedHandler() throws {
        let bus = MessageBus(context: [String](), logger: .quiet)
        bus.addEventHandler(for: StockReserved.self, name: "typed") { _, handling in
            handling.context.append("typed")
            return nil
        }
        bus.addEventHandler(
            RegisteredEventHandler(name: "runtime") { _, handling in
                handling.context.append("runtime")
                return nil
            },
            forMessageNamed: "StockReserved"
        )
        let cascade = bus.startCascade(NamedMessage("StockReserved", .event, ["orderID": .bool(true)]))
        try cascade.run()

        XCTAssertEqual(bus.context, ["runtime"])
        XCTAssertEqual(cascade.errorCount, 1)
        XCTAssertEqual(cascade.results.map(\.succeeded), [false, true])
    }
}
