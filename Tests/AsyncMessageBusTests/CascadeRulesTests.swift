import MessageBus
import XCTest

/// The cascade rules of the synchronous bus hold on the async bus.
final class CascadeRulesTests: XCTestCase {
    func testCommandFailureFailsTheCallAndDropsTheQueue() async throws {
        let bus = AsyncMessageBus(context: 0, logger: .quiet)
        let observer = RecordingObserver()
        await bus.addObserver(observer)
        await bus.setCommandHandler(for: Start.self) { start, handling in
            if start.label == "bad" {
                handling.emit(Ping(label: "discarded"))
                throw Boom(text: "bad start")
            }
            handling.emit(Start(label: "bad"))
            handling.emit(Ping(label: "after"))
            return nil
        }
        await bus.addEventHandler(for: Ping.self) { _, _ in nil }

        do {
            try await bus.handle(Start(label: "root"))
            XCTFail("the cascade did not fail")
        } catch let MessageBusError.commandHandlerFailed(messageName, handlerName, underlying) {
            XCTAssertEqual(messageName, "Start")
            XCTAssertEqual(handlerName, "StartHandler")
            XCTAssertEqual(underlying as? Boom, Boom(text: "bad start"))
        }
        XCTAssertEqual(observer.dispatched, ["Start(root)", "Start(bad)"])
    }

    func testCommandWithoutHandlerFailsTheCall() async throws {
        let bus = AsyncMessageBus(context: 0, logger: .quiet)
        do {
            try await bus.handle(NotifyCustomer(orderID: 1))
            XCTFail("the cascade did not fail")
        } catch {
            XCTAssertEqual("\(error)", "no handler for NotifyCustomer")
        }
    }

    func testEventHandlerFailureIsIsolatedLoggedAndRecorded() async throws {
        let log = LogRecorder()
        let bus = AsyncMessageBus(context: [String](), logger: log.logger())
        await bus.addEventHandler(for: Ping.self, name: "fails") { ping, handling in
            if ping.label == "root" {
                handling.emit(Note(label: "discarded"))
                throw Boom(text: "no luck")
            }
            return nil
        }
        await bus.addEventHandler(for: Ping.self, name: "works") { ping, handling in
            await handling.withContext { $0.append("works \(ping.label)") }
            if ping.label == "root" {
                handling.emit(Ping(label: "next"))
            }
            return "fine"
        }

        let results = try await bus.handle(Ping(label: "root"))

        XCTAssertEqual(results.map(\.handlerName), ["fails", "works", "fails", "works"])
        XCTAssertEqual(results.map(\.envelope.id), [1, 1, 2, 2])
        XCTAssertEqual(results.first?.error as? Boom, Boom(text: "no luck"))
        XCTAssertEqual(results[1].value as? String, "fine")
        let context = await bus.context
        XCTAssertEqual(context, ["works root", "works next"])
        let errors = log.entries.filter { $0.level == .error }.map(\.message)
        XCTAssertEqual(errors, ["event handler fails failed for Ping: no luck"])
    }

    func testCascadeLimitEndsARunawayCascade() async throws {
        let bus = AsyncMessageBus(context: 0, cascadeLimit: 5)
        let observer = RecordingObserver()
        await bus.addObserver(observer)
        await bus.addEventHandler(for: Ping.self) { ping, handling in
            handling.emit(Ping(label: ping.label + "+"))
            return nil
        }

        do {
            try await bus.handle(Ping(label: "p"))
            XCTFail("the cascade did not fail")
        } catch {
            XCTAssertEqual("\(error)", "cascade limit of 5 messages exceeded")
        }
        XCTAssertEqual(observer.dispatched.count, 5)

        await bus.setCascadeLimit(2)
        let limit = await bus.cascadeLimit
        XCTAssertEqual(limit, 2)
        do {
            try await bus.handle(Ping(label: "q"))
            XCTFail("the cascade did not fail")
        } catch {
            XCTAssertEqual("\(error)", "cascade limit of 2 messages exceeded")
        }
    }

    func testCascadeAbortingErrorFromACommandHandlerPropagatesUnchanged() async throws {
        let bus = AsyncMessageBus(context: 0)
        await bus.setCommandHandler(for: Start.self) { _, _ in throw Crash() }
        do {
            try await bus.handle(Start(label: "s"))
            XCTFail("the cascade did not fail")
        } catch {
            XCTAssertEqual(error as? Crash, Crash())
        }
    }

    /// Handlers written as types, with hooks: `before`, body (skipped when
    /// `before` throws), `after` (always).
    struct Recorder: AsyncEventHandler {
        var failIn: String?

        func before(_ event: Ping, in handling: AsyncHandlerContext<[String]>) async throws {
            await handling.withContext { $0.append("before \(event.label)") }
            if failIn == "before" { throw Boom(text: "before failed") }
        }

        func handle(_ event: Ping, in handling: AsyncHandlerContext<[String]>) async throws -> (any Sendable)? {
            await handling.withContext { $0.append("handle \(event.label)") }
            if failIn == "handle" { throw Boom(text: "handle failed") }
            return "handled"
        }

        func after(_ event: Ping, in handling: AsyncHandlerContext<[String]>) async {
            await handling.withContext { $0.append("after \(event.label)") }
        }
    }

    struct StartHandler: AsyncCommandHandler {
        func handle(_ command: Start, in handling: AsyncHandlerContext<[String]>) async throws -> (any Sendable)? {
            handling.emit(Ping(label: command.label))
            return "started \(command.label)"
        }
    }

    func testTypedHandlersAndHooks() async throws {
        for (failIn, expected) in [
            (nil, ["before p", "handle p", "after p"]),
            ("handle", ["before p", "handle p", "after p"]),
            ("before", ["before p", "after p"]),
        ] as [(String?, [String])] {
            let bus = AsyncMessageBus(context: [String](), logger: .quiet)
            await bus.setCommandHandler(StartHandler())
            await bus.addEventHandler(Recorder(failIn: failIn), name: "recorder")

            let results = try await bus.handle(Start(label: "p"))

            let context = await bus.context
            XCTAssertEqual(context, expected, "failing in \(failIn ?? "nothing")")
            XCTAssertEqual(results.map(\.handlerName), ["StartHandler", "recorder"])
            XCTAssertEqual(results.first?.value as? String, "started p")
            if let failIn {
                XCTAssertEqual(results.last?.error as? Boom, Boom(text: "\(failIn) failed"))
            } else {
                XCTAssertEqual(results.last?.value as? String, "handled")
            }
        }
    }

    func testRegistrationByName() async throws {
        let bus = AsyncMessageBus()
        await bus.setCommandHandler(AsyncRegisteredCommandHandler(name: "starter") { message, handling in
            handling.emit(Ping(label: "from \(message.messageName)"))
            return nil
        }, forMessageNamed: "Start")
        await bus.setEventHandlers([
            AsyncRegisteredEventHandler(name: "one") { _, _ in 1 },
            AsyncRegisteredEventHandler(name: "two") { _, _ in 2 },
        ], forMessageNamed: "Ping")

        let results = try await bus.handle(Start(label: "s"))
        XCTAssertEqual(results.map(\.handlerName), ["starter", "one", "two"])
        let names = await bus.eventHandlers(forMessageNamed: "Ping").map(\.name)
        XCTAssertEqual(names, ["one", "two"])
        let starter = await bus.commandHandler(forMessageNamed: "Start")?.name
        XCTAssertEqual(starter, "starter")

        await bus.removeCommandHandler(forMessageNamed: "Start")
        await bus.setEventHandlers([], forMessageNamed: "Ping")
        let removed = await bus.commandHandler(forMessageNamed: "Start")
        XCTAssertNil(removed)
        let none = await bus.eventHandlers(forMessageNamed: "Ping")
        XCTAssertTrue(none.isEmpty)
    }

    func testEmittingAfterTheHandlerReturnedHasNoEffect() async throws {
        let bus = AsyncMessageBus(context: 0)
        await bus.setCommandHandler(for: Start.self) { _, handling in
            handling.emit(Note(label: "in time"))
            return handling
        }
        let results = try await bus.handle(Start(label: "s"))
        let handling = try XCTUnwrap(results.first?.value as? AsyncHandlerContext<Int>)
        handling.emit(Note(label: "too late"))
        XCTAssertEqual(handling.emitted.count, 1)
        XCTAssertEqual(results.count, 1)
    }
}
