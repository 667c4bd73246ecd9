import MessageBus
import XCTest

/// An event handler's `before` runs first, its body only if `before` did not
/// throw, and its `after` always.
final class EventHookTests: XCTestCase {
    /// Records its hook calls in the context and fails where it is told to.
    struct HookedHandler: EventHandler {
        var failIn: String?

        func before(_ event: Ping, in handling: HandlerContext<[String]>) throws {
            handling.context.append("before \(event.label)")
            if failIn == "before" { throw Boom(text: "before failed") }
        }

        func handle(_ event: Ping, in handling: HandlerContext<[String]>) throws -> (any Sendable)? {
            handling.context.append("handle \(event.label)")
            if failIn == "handle" { throw Boom(text: "handle failed") }
            return "handled"
        }

        func after(_ event: Ping, in handling: HandlerContext<[String]>) {
            handling.context.append("after \(event.label)")
        }
    }

    func testHooksRunAroundTheBody() throws {
        let bus = MessageBus(context: [String](), logger: .quiet)
        bus.addEventHandler(HookedHandler())
        let results = try bus.handle(Ping(label: "p"))

        XCTAssertEqual(bus.context, ["before p", "handle p", "after p"])
        XCTAssertEqual(results.map(\.handlerName), ["HookedHandler"])
        XCTAssertEqual(results.first?.value as? String, "handled")
    }

    func testAfterRunsWhenTheBodyThrows() throws {
        let bus = MessageBus(context: [String](), logger: .quiet)
        bus.addEventHandler(HookedHandler(failIn: "handle"))
        let results = try bus.handle(Ping(label: "p"))

        XCTAssertEqual(bus.context, ["before p", "handle p", "after p"])
        XCTAssertEqual(results.first?.error as? Boom, Boom(text: "handle failed"))
    }

    func testBodyIsSkippedAndAfterRunsWhenBeforeThrows() throws {
        let bus = MessageBus(context: [String](), logger: .quiet)
        bus.addEventHandler(HookedHandler(failIn: "before"), name: "hooked")
        bus.addEventHandler(for: Ping.self, name: "sibling") { _, handling in
            handling.context.append("sibling")
            return nil
        }
        let cascade = bus.startCascade(Ping(label: "p"))
        try cascade.run()

        XCTAssertEqual(bus.context, ["before p", "after p", "sibling"])
        XCTAssertEqual(cascade.results.map(\.handlerName), ["hooked", "sibling"])
        XCTAssertEqual(cascade.results.first?.error as? Boom, Boom(text: "before failed"))
        XCTAssertEqual(cascade.errorCount, 1)
    }

    func testDefaultHooksDoNothing() throws {
        struct Plain: EventHandler {
            func handle(_ event: Ping, in handling: HandlerContext<[String]>) throws -> (any Sendable)? {
                handling.context.append(event.label)
                return nil
            }
        }
        let bus = MessageBus(context: [String](), logger: .quiet)
        bus.addEventHandler(Plain())
        try bus.handle(Ping(label: "only the body"))
        XCTAssertEqual(bus.context, ["only the body"])
    }

    func testRegisteredHandlerHooks() throws {
        let bus = MessageBus(context: [String](), logger: .quiet)
        bus.addEventHandler(
            RegisteredEventHandler(
                name: "script",
                before: { _, handling in handling.context.append("before") },
                body: { _, handling in
                    handling.context.append("body")
                    throw Boom(text: "no")
                },
                after: { _, handling in handling.context.append("after") }
            ),
            forMessageNamed: "Ping"
        )
        try bus.handle(Ping(label: ""))
        XCTAssertEqual(bus.context, ["before", "body", "after"])
    }
}
