import MessageBus
import XCTest

/// Emissions belong to one handler invocation: they are queued only when it
/// returns normally, and never re-emitted by a later call (the seed's bug).
final class EmissionTests: XCTestCase {
    /// One handler instance for every call, like the seed's registered handler objects.
    final class ConfirmingHandler: CommandHandler {
        private(set) var calls = 0

        func handle(_ command: PlaceOrder, in handling: HandlerContext<[Int]>) throws -> (any Sendable)? {
            calls += 1
            handling.emit(OrderPlaced(orderID: command.orderID, sku: command.sku, qty: command.qty))
            return calls
        }
    }

    func testHandlerInstanceCalledTwiceDoesNotReEmitTheFirstCallsMessages() throws {
        let handler = ConfirmingHandler()
        let bus = MessageBus(context: [Int]())
        bus.setCommandHandler(handler)
        bus.addEventHandler(for: OrderPlaced.self) { order, handling in
            handling.context.append(order.orderID)
            return nil
        }

        let first = try bus.handle(PlaceOrder(orderID: 1, sku: "LAMP", qty: 1))
        let second = try bus.handle(PlaceOrder(orderID: 2, sku: "DESK", qty: 1))

        XCTAssertEqual(handler.calls, 2)
        XCTAssertEqual(bus.context, [1, 2])
        XCTAssertEqual(first.count, 2)
        XCTAssertEqual(second.count, 2)
        XCTAssertEqual(second.map(\.handlerName), ["ConfirmingHandler", "OrderPlacedHandler"])
        XCTAssertEqual(second.last?.envelope.message as? OrderPlaced, OrderPlaced(orderID: 2, sku: "DESK", qty: 1))
        XCTAssertEqual(second.first?.value as? Int, 2)
    }

    func testEventHandlerCalledTwiceInOneCascadeEmitsOnlyItsOwnMessages() throws {
        let bus = MessageBus(context: [String]())
        bus.setCommandHandler(for: Start.self) { _, handling in
            handling.emit(OrderPlaced(orderID: 1, sku: "A", qty: 1))
            handling.emit(OrderPlaced(orderID: 2, sku: "B", qty: 1))
            return nil
        }
        bus.addEventHandler(for: OrderPlaced.self, name: "reserve") { order, handling in
            handling.emit(StockReserved(orderID: order.orderID))
            return nil
        }
        bus.addEventHandler(for: StockReserved.self) { reserved, handling in
            handling.context.append("reserved \(reserved.orderID) by #\(handling.envelope.causationID.map { "\($0)" } ?? "-")")
            return nil
        }

        try bus.handle(Start(label: ""))
        XCTAssertEqual(bus.context, ["reserved 1 by #2", "reserved 2 by #3"])
    }

    func testEmissionsOfAFailingEventHandlerAreDiscarded() throws {
        let bus = MessageBus(context: [String](), logger: .quiet)
        let observer = RecordingObserver()
        bus.addObserver(observer)
        bus.addEventHandler(for: OrderPlaced.self, name: "half_done") { order, handling in
            handling.emit(StockReserved(orderID: order.orderID))
            XCTAssertEqual(handling.emitted.count, 1)
            throw Boom(text: "then failed")
        }
        bus.addEventHandler(for: StockReserved.self) { _, handling in
            handling.context.append("StockReserved ran")
            return nil
        }

        let cascade = bus.startCascade(OrderPlaced(orderID: 5, sku: "LAMP", qty: 1))
        let report = try cascade.dispatchNext()

        XCTAssertEqual(report?.emitted.count, 0)
        XCTAssertTrue(cascade.isFinished)
        XCTAssertEqual(bus.context, [])
        XCTAssertEqual(bus.nextMessageID, 2)
        XCTAssertEqual(observer.lines, [
            "dispatch 1 OrderPlaced cause=nil handlers=1",
            "will half_done 1",
            "did half_done 1 failed then failed",
        ])
    }

    func testEmissionsOfAFailingCommandHandlerAreDiscarded() {
        let bus = MessageBus(context: 0)
        let observer = RecordingObserver()
        bus.addObserver(observer)
        bus.setCommandHandler(for: Start.self) { _, handling in
            handling.emit(Ping(label: "never"))
            throw Boom(text: "refused")
        }

        let cascade = bus.startCascade(Start(label: ""))
        XCTAssertThrowsError(try cascade.dispatchNext())
        XCTAssertTrue(cascade.pending.isEmpty)
        XCTAssertEqual(bus.nextMessageID, 2)
        XCTAssertFalse(observer.lines.contains { $0.hasPrefix("emit") })
    }

    /// The bus reuses a handler context that no handler kept (issue 7); a
    /// kept one must stay the kept invocation's: emitting through it later
    /// queues nothing, and the next handlers get a fresh one.
    func testAHandlerThatKeepsItsContextKeepsItToItself() throws {
        final class Keeper { var kept: HandlerContext<[String]>? }
        let keeper = Keeper()
        let bus = MessageBus(context: [String]())
        bus.setCommandHandler(for: PlaceOrder.self, name: "place") { command, handling in
            keeper.kept = handling
            handling.emit(OrderPlaced(orderID: command.orderID, sku: command.sku, qty: command.qty))
            return nil
        }
        bus.addEventHandler(for: OrderPlaced.self, name: "first") { _, handling in
            XCTAssertTrue(handling !== keeper.kept)
            XCTAssertEqual(handling.handlerName, "first")
            XCTAssertTrue(handling.emitted.isEmpty)
            keeper.kept?.emit(Ping(label: "late"))
            return nil
        }
        bus.addEventHandler(for: OrderPlaced.self, name: "second") { _, handling in
            XCTAssertEqual(handling.handlerName, "second")
            XCTAssertTrue(handling.emitted.isEmpty, "a reused context starts empty")
            handling.context.append(handling.envelope.message.messageName)
            return nil
        }

        let results = try bus.handle(PlaceOrder(orderID: 1, sku: "LAMP", qty: 1))

        XCTAssertEqual(results.map(\.handlerName), ["place", "first", "second"])
        XCTAssertEqual(results.map(\.envelope.id), [1, 2, 2])
        XCTAssertEqual(bus.context, ["OrderPlaced"])
        XCTAssertEqual(keeper.kept?.handlerName, "place")
        XCTAssertEqual(keeper.kept?.envelope.id, 1)
    }
}
