import Foundation
import MessageBus
import XCTest

/// Payload JSON is the same in every process: fields in their declared
/// order, dictionary keys sorted, everything else as `JSONEncoder` writes it.
final class PayloadJSONTests: XCTestCase {
    private func json(_ value: some Encodable) throws -> String {
        String(decoding: try OutboxCoding.encode(value), as: UTF8.self)
    }

    func testFieldsKeepTheirDeclaredOrder() throws {
        struct Order: Encodable {
            var zeta = 1
            var alpha = "a"
            var middle = [true, false]
            var nothing: Int? = nil
            var null: Int?? = .some(nil)
        }
        XCTAssertEqual(try json(Order()), #"{"zeta":1,"alpha":"a","middle":[true,false],"null":null}"#)
    }

    func testDictionaryKeysAreSorted() throws {
        XCTAssertEqual(try json(["b": 2, "a": 1, "c": 3, "B": 0]), #"{"B":0,"a":1,"b":2,"c":3}"#)
        XCTAssertEqual(try json([10: "ten", -1: "minus one", 2: "two"]), #"{"-1":"minus one","2":"two","10":"ten"}"#)
        XCTAssertEqual(try json(["outer": ["y": [2], "x": [1]]]), #"{"outer":{"x":[1],"y":[2]}}"#)
    }

    func testNumbersStringsAndSpecialTypes() throws {
        struct Values: Encodable {
            var integral = 3.0
            var fraction = 0.1 + 0.2
            var huge = 1e300
            var tiny = -2.5e-8
            var float: Float = 1.5
            var min = Int64.min
            var max = UInt64.max
            var text = "quote \" backslash \\ slash / newline \n tab \t bell \u{7} é ✓"
            var data = Data([0, 1, 2, 255])
            var url = URL(string: "https://example.com/a?b=c")
            var uuid = UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")
            var date = Date(timeIntervalSince1970: 1_795_947_300.25)
            var decimal = Decimal(string: "12.50")
        }
        XCTAssertEqual(
            try json(Values()),
            #"{"integral":3,"fraction":0.30000000000000004,"huge":1e+300,"tiny":-2.5e-08,"float":1.5,"min":-9223372036854775808,"# +
            #""max":18446744073709551615,"text":"quote \" backslash \\ slash / newline \n tab \t bell \u0007 é ✓","data":"AAEC/w==","# +
            #""url":"https://example.com/a?b=c","uuid":"E621E1F8-C36C-495A-93FC-0C247A3E6E5F","date":"2026-11-29T10:15:00.250Z","decimal":12.5}"#
        )
        XCTAssertThrowsError(try json([Double.infinity]))
        XCTAssertThrowsError(try json(["x": Float.nan]))
    }

    func testHandWrittenEncodersWithNestedAndSuperContainers() throws {
        struct Base: Encodable {
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: JSONKeyForTest.self)
                try container.encode("base", forKey: JSONKeyForTest("kind"))
            }
        }
        struct Custom: Encodable {
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: JSONKeyForTest.self)
                try container.encode(2, forKey: JSONKeyForTest("second"))
                var nested = container.nestedContainer(keyedBy: JSONKeyForTest.self, forKey: JSONKeyForTest("nested"))
                try nested.encode(true, forKey: JSONKeyForTest("flag"))
                var list = container.nestedUnkeyedContainer(forKey: JSONKeyForTest("list"))
                try list.encode(1)
                var inner = list.nestedContainer(keyedBy: JSONKeyForTest.self)
                try inner.encodeNil(forKey: JSONKeyForTest("none"))
                var innerList = list.nestedUnkeyedContainer()
                try innerList.encode("x")
                try Base().encode(to: container.superEncoder())
                try container.encode(1, forKey: JSONKeyForTest("first"))
                try container.encode(22, forKey: JSONKeyForTest("second"))
                var again = encoder.container(keyedBy: JSONKeyForTest.self)
                try again.encode("last", forKey: JSONKeyForTest("last"))
            }
        }
        struct Empty: Encodable {
            func encode(to encoder: any Encoder) throws {}
        }
        XCTAssertEqual(
            try json(Custom()),
            #"{"second":22,"nested":{"flag":true},"list":[1,{"none":null},["x"]],"super":{"kind":"base"},"first":1,"last":"last"}"#
        )
        XCTAssertEqual(try json(Empty()), "{}")
        XCTAssertEqual(try json("top"), #""top""#)
        XCTAssertEqual(try json([Set([3])]), "[[3]]")
    }

    func testTheJSONIsTheSameInEveryProcess() throws {
        // Foundation's JSONEncoder on Linux orders unsorted keys by hash,
        // which is seeded per process; the outbox must not.
        struct Wide: Encodable {
            var k1 = 1, k2 = 2, k3 = 3, k4 = 4, k5 = 5, k6 = 6, k7 = 7, k8 = 8
        }
        XCTAssertEqual(try json(Wide()), #"{"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8}"#)
    }
}

/// A coding key made from any string.
private struct JSONKeyForTest: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
