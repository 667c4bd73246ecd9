import BusScript
import XCTest

/// The outbox, transactions and crashes in the language (LANGUAGE.md §9–§11).
final class OutboxTests: XCTestCase {
    static let setup = """
    command ShipOrder(order_id: Int)
    event   OrderShipped(order_id: Int)
    ctx.shipped = []
    ctx.deliveries = 0
    handle ShipOrder as ship {
      ctx.shipped = ctx.shipped + [msg.order_id]
      emit OrderShipped(order_id: msg.order_id)
    }
    on OrderShipped as count_delivery { ctx.deliveries = ctx.deliveries + 1 }

    """

    func testCommitStoresContextAndOutboxTogether() {
        expectSuccess(Self.setup + """
        begin
        ctx.orders = [10]
        outbox add ShipOrder(order_id: 10) meta ["source": "workshop"]
        assert outbox.pending == 1
        commit
        assert outbox.pending == 1
        assert outbox.messages[0].meta == ["source": "workshop"]
        assert outbox.messages[0].payload == ["order_id": 10]
        assert outbox.messages[0].type == "COMMAND"
        assert outbox.messages[0].id == "00000000-0000-0000-0000-000000000001"
        """)
    }

    func testRollbackLeavesNothing() {
        expectSuccess(Self.setup + """
        ctx.orders = [1]
        begin
        ctx.orders = [1, 2]
        ctx.extra = true
        outbox add ShipOrder(order_id: 11)
        rollback
        assert outbox.total == 0
        assert ctx.orders == [1]
        assert ctx.extra == nil
        """)
    }

    func testTransactionRules() {
        expectFailure("begin\nbegin", contains: "already open", at: (2, 1))
        expectFailure("commit", contains: "without `begin`")
        expectFailure("rollback", contains: "without `begin`")
        expectFailure("begin\noutbox run", contains: "commit first", at: (2, 1))
        expectFailure("begin\noutbox purge", contains: "commit first")
    }

    func testFailThenSucceed() {
        expectSuccess(Self.setup + """
        outbox handler relay {
          if message.attempts < 2 { fail "broker unavailable" }
          dispatch
        }
        outbox add ShipOrder(order_id: 10)
        outbox step
        assert outbox.pending == 1
        assert outbox.messages[0].error == "broker unavailable"
        assert outbox.messages[0].attempts == 1
        outbox step
        assert outbox.processed == 1
        assert ctx.shipped == [10]
        assert ctx.deliveries == 1
        """)
    }

    func testDeadLetterRetryAndPurge() {
        expectSuccess(Self.setup + """
        set max_attempts 2
        outbox handler relay { if message.payload.order_id == 13 { fail "malformed" }
          dispatch }
        outbox add ShipOrder(order_id: 13)
        outbox add ShipOrder(order_id: 14)
        outbox run
        assert outbox.processed == 1
        outbox run
        assert outbox.dead == 1
        assert outbox.messages[0].status == "dead"
        expect error "not dead" outbox retry 00000000-0000-0000-0000-000000000002
        outbox retry
        assert outbox.pending == 1
        assert outbox.messages[0].attempts == 0
        expect error "no outbox message" outbox show ffff
        outbox show 00000000-0000-0000-0000-000000000001
        outbox purge
        assert outbox.total == 1
        """)
    }

    func testRetryByExpressionAndAmbiguousPrefix() {
        expectSuccess(Self.setup + """
        set max_attempts 1
        outbox handler relay { fail "down" }
        outbox add ShipOrder(order_id: 1)
        outbox add ShipOrder(order_id: 2)
        outbox run
        assert outbox.dead == 2
        expect error "matches 2" outbox retry 0000
        expect error "give an outbox message's id" outbox show ""
        outbox retry outbox.messages[1].id
        assert outbox.messages[1].status == "pending"
        """)
    }

    func testNoHandlersAndNothingPending() {
        let run = expectSuccess(Self.setup + "outbox run\noutbox add ShipOrder(order_id: 1)\noutbox step\nassert outbox.pending == 1")
        XCTAssertTrue(run.output.notes.contains { $0.contains("nothing is pending") })
        XCTAssertTrue(run.output.notes.contains { $0.contains("no outbox handlers") })
    }

    func testOnePassLeavesMessagesAddedDuringIt() {
        expectSuccess(Self.setup + """
        handle ShipOrder as ship { ctx.shipped += [msg.order_id]
          if msg.order_id < 3 { outbox add ShipOrder(order_id: msg.order_id + 10) } }
        outbox handler relay { dispatch }
        outbox add ShipOrder(order_id: 1)
        outbox add ShipOrder(order_id: 2)
        outbox run
        assert ctx.shipped == [1, 2]
        assert outbox.pending == 2
        outbox run
        assert ctx.shipped == [1, 2, 11, 12]
        """)
    }

    func testCrashInOutboxHandlerDeliversTwice() {
        let run = expectSuccess(Self.setup + """
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
        assert outbox.messages[0].attempts == 1
        outbox run
        assert outbox.pending == 0
        assert ctx.deliveries == 2
        """)
        XCTAssertEqual(run.output.events.count { if case .crash = $0 { return true } else { return false } }, 1)
    }

    func testCrashRollsBackTransactionAndGoesOn() {
        let run = expectSuccess(Self.setup + """
        ctx.a = 1
        begin
        ctx.a = 2
        outbox add ShipOrder(order_id: 1)
        crash
        assert ctx.a == 1
        assert outbox.total == 0
        expect error "without `begin`" commit
        step ShipOrder(order_id: 5)
        crash
        expect error "no cascade" next
        """)
        XCTAssertEqual(run.result.failures, 0)
    }

    func testCrashInHandlerKeepsEarlierWrites() {
        expectSuccess("""
        command Work()
        handle Work { ctx.before = 1; crash; ctx.after = 1 }
        send Work()
        assert ctx.before == 1
        assert ctx.after == nil
        assert last == nil
        """)
    }

    func testGaveUpAfterCrashes() {
        expectSuccess(Self.setup + """
        set max_attempts 2
        outbox handler relay { crash }
        outbox add ShipOrder(order_id: 1)
        outbox run
        outbox run
        assert outbox.pending == 1
        assert outbox.messages[0].attempts == 2
        outbox run
        assert outbox.dead == 1
        assert outbox.messages[0].error == "gave up after 2 attempts"
        """)
    }

    func testOutboxAddInHandlerJoinsTransaction() {
        expectSuccess(Self.setup + """
        handle ShipOrder as ship { outbox add OrderShipped(order_id: msg.order_id) }
        begin
        send ShipOrder(order_id: 3)
        assert outbox.pending == 1
        rollback
        assert outbox.total == 0
        """)
    }

    func testDispatchChecksPayloadAgainstCurrentType() {
        expectSuccess(Self.setup + """
        outbox handler relay { dispatch }
        outbox add ShipOrder(order_id: 1)
        command ShipOrder(order_id: String)
        outbox run
        assert outbox.messages[0].error != nil
        assert contains(outbox.messages[0].error, "wrong type")
        """)
    }

    func testExampleScriptRuns() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/outbox.bus")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw XCTSkip("scripts/outbox.bus not found")
        }
        expectSuccess(text)
    }
}
