import Foundation
import MessageBus
import XCTest

/// Messages are routed by name; ids and errors read well.
final class MessageTests: XCTestCase {
    func testDefaultNamesAndKinds() {
        XCTAssertEqual(PlaceOrder.messageName, "PlaceOrder")
        XCTAssertEqual(PlaceOrder(orderID: 1, sku: "", qty: 1).messageName, "PlaceOrder")
        XCTAssertEqual(PlaceOrder(orderID: 1, sku: "", qty: 1).messageKind, .command)
        XCTAssertEqual(OrderPlaced(orderID: 1, sku: "", qty: 1).messageKind, .event)
        XCTAssertEqual(MessageKind.command.rawValue, "command")
        XCTAssertEqual(MessageKind.event.rawValue, "event")
    }

    func testRuntimeMessagesNameThemselves() {
        let message: any Message = NamedMessage("Greet", .command)
        XCTAssertEqual(message.messageName, "Greet")
        XCTAssertEqual(message.messageKind, .command)
        XCTAssertEqual(NamedMessage.messageName, "NamedMessage")
    }

    func testCustomStaticName() {
        struct Renamed: Event {
            static var messageName: String { "orders.renamed" }
        }
        XCTAssertEqual(Renamed().messageName, "orders.renamed")
    }

    func testMessageID() throws {
        let id = MessageID(7)
        XCTAssertEqual(id.rawValue, 7)
        XCTAssertEqual(id.description, "7")
        XCTAssertLessThan(MessageID(2), MessageID(10))
        XCTAssertEqual(String(decoding: try JSONEncoder().encode(id), as: UTF8.self), "7")
        XCTAssertEqual(try JSONDecoder().decode(MessageID.self, from: Data("12".utf8)), 12)
    }

    func testErrorDescriptions() {
        XCTAssertEqual(MessageBusError.noHandler(messageName: "Ship").description, "no handler for Ship")
        XCTAssertEqual(
            MessageBusError.commandHandlerFailed(messageName: "Ship", handlerName: "shipper", underlying: Boom(text: "truck lost")).description,
            "truck lost"
        )
        XCTAssertEqual(MessageBusError.cascadeLimitExceeded(limit: 3).description, "cascade limit of 3 messages exceeded")
        XCTAssertEqual(MessageBusError.noHandler(messageName: "Ship").localizedDescription, "no handler for Ship")
    }
}
