import BenchmarkWorkloads
import XCTest

/// The benchmark's correctness checks (its warm-up results), at N = 100.
/// No timing is asserted: only that each workload does what it claims.
final class WorkloadCheckTests: XCTestCase {
    private let count = 100

    func testInputsFollowTheWorkloadsFile() {
        XCTAssertEqual(WorkloadInputs.skus.first, "SKU-00000")
        XCTAssertEqual(WorkloadInputs.skus.last, "SKU-00999")
        XCTAssertEqual(WorkloadInputs.command(1_234), PlaceOrder(orderID: 1_234, sku: "SKU-00234", qty: 5))
    }

    func testW1AndL2() throws {
        _ = try SyncBusWorkloads.w1(count: count)
        _ = try SyncBusWorkloads.w1Streaming(count: count)
        _ = try SyncBusWorkloads.l2(count: count)
    }

    func testW2AndW3() async throws {
        _ = try await AsyncBusWorkloads.w2(count: count)
        _ = try await AsyncBusWorkloads.w3(count: count)
    }

    func testW4AndL1() throws {
        _ = try OutboxWorkloads.w4a(count: count)
        _ = try OutboxWorkloads.w4b(count: count)
        _ = try OutboxWorkloads.w4c(count: count)
        _ = try OutboxWorkloads.w4cMemory(count: count)
        _ = try OutboxWorkloads.l1(count: count)
    }

    func testTheScriptOfS1AndS2RunsEveryCascadeInASession() throws {
        try ScriptWorkloads.checkInSession(count: count)
    }

    func testTheScriptHasOneSendPerCommand() {
        let script = ScriptWorkloads.script(count: 3)
        XCTAssertTrue(script.hasSuffix("""
            send PlaceOrder(order_id: 0, sku: "SKU-00000", qty: 1)
            send PlaceOrder(order_id: 1, sku: "SKU-00001", qty: 2)
            send PlaceOrder(order_id: 2, sku: "SKU-00002", qty: 3)

            """))
    }
}
