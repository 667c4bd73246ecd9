import BusScript
import XCTest

/// `Parser.outline`: a text's top-level statements as written, with the
/// comments before each (what `busctl --present` shows).
final class OutlineTests: XCTestCase {
    private func outline(_ source: String, file: String = "lesson.bus") throws -> ProgramOutline {
        try Parser.outline(source, file: file)
    }

    func testEachStatementGetsTheCommentBlockBeforeIt() throws {
        let result = try outline("""
            # The types.
            # Two of them.
            command A()

            # A handler.
            handle A { return 1 }
            send A()
            """)
        XCTAssertEqual(result.statements.map(\.text), ["command A()", "handle A { return 1 }", "send A()"])
        XCTAssertEqual(result.statements.map(\.comments), [["# The types.", "# Two of them."], ["# A handler."], []])
        XCTAssertEqual(result.statements.map(\.location.line), [3, 6, 7])
        XCTAssertEqual(result.statements[0].location, SourceLocation(file: "lesson.bus", line: 3, column: 1))
        XCTAssertEqual(result.closingComments, [])
    }

    func testABlankLineBetweenCommentParagraphsIsKeptOnce() throws {
        let result = try outline("""


            # Title
            #
            # Paragraph one.


            # Paragraph two.

            let x = 1
            """)
        XCTAssertEqual(result.statements.first?.comments, ["# Title", "#", "# Paragraph one.", "", "# Paragraph two."])
    }

    func testATrailingCommentBelongsToItsStatement() throws {
        let result = try outline("""
            begin
            commit   # or: rollback
            # next
            print 1
            """)
        XCTAssertEqual(result.statements.map(\.trailingComment), [nil, "# or: rollback", nil])
        XCTAssertEqual(result.statements[2].comments, ["# next"])
    }

    func testAMultiLineStatementKeepsItsLinesAndInnerComments() throws {
        let result = try outline("""
            command A(x: Int)
            handle A as a {
              # inside
              if msg.x > 1 {
                print "big"
              } else {
                print "small"
              }
            }   # after the block
            """)
        XCTAssertEqual(result.statements.count, 2)
        XCTAssertEqual(result.statements[1].text, """
            handle A as a {
              # inside
              if msg.x > 1 {
                print "big"
              } else {
                print "small"
              }
            }
            """)
        XCTAssertEqual(result.statements[1].trailingComment, "# after the block")
    }

    func testStatementsSharingALineAreSeparate() throws {
        let result = try outline("let a = 1; let b = 2  # both\n  print a + b")
        XCTAssertEqual(result.statements.map(\.text), ["let a = 1", "let b = 2", "print a + b"])
        XCTAssertEqual(result.statements.map(\.location.column), [1, 12, 3])
        XCTAssertEqual(result.statements.map(\.trailingComment), [nil, "# both", nil])
    }

    func testCommentsAfterTheLastStatementAreClosingComments() throws {
        let result = try outline("print 1\n\n# Takeaways:\n# - one\n\n")
        XCTAssertEqual(result.closingComments, ["# Takeaways:", "# - one"])
        XCTAssertEqual(result.statements.first?.trailingComment, nil)
    }

    func testATextWithOnlyCommentsHasNoStatements() throws {
        let result = try outline("# nothing\n# to run\n")
        XCTAssertEqual(result.statements, [])
        XCTAssertEqual(result.closingComments, ["# nothing", "# to run"])
    }

    func testOutboxIdsAndExpectErrorStayWhole() throws {
        let result = try outline("outbox retry 1f3c-00  # a prefix\nexpect error \"x\" send A()\noutbox show outbox.messages[0].id")
        XCTAssertEqual(result.statements.map(\.text), ["outbox retry 1f3c-00", "expect error \"x\" send A()", "outbox show outbox.messages[0].id"])
        XCTAssertEqual(result.statements[0].trailingComment, "# a prefix")
    }

    func testASyntaxErrorIsThrownWithItsPosition() {
        XCTAssertThrowsError(try outline("print 1\nprint (\n")) { error in
            let diagnostic = error as? Diagnostic
            XCTAssertEqual(diagnostic?.location?.file, "lesson.bus")
        }
        XCTAssertThrowsError(try outline("}\n"))
    }

    /// Each statement's text parses on its own into the statement the whole
    /// text has at that place.
    func testEachStatementTextParsesAlone() throws {
        let source = """
            # shop
            command PlaceOrder(order_id: Int, sku: String, qty: Int = 1)
            ctx.stock = ["LAMP": 5]; ctx.mails = 0
            handle PlaceOrder as place_order {
              if ctx.stock[msg.sku] < msg.qty {   # check first
                fail "out of stock"
              }
              ctx.stock[msg.sku] -= msg.qty
            }
            expect error "out of stock" send PlaceOrder(order_id: 1, sku: "LAMP", qty: 9)
            """
        let whole = try Parser.parse(source, file: "shop.bus")
        let pieces = try outline(source, file: "shop.bus").statements
        XCTAssertEqual(pieces.count, whole.statements.count)
        for (piece, statement) in zip(pieces, whole.statements) {
            let alone = try Parser.parse(piece.text, file: "shop.bus", firstLine: piece.location.line)
            XCTAssertEqual(alone.statements.count, 1, piece.text)
            XCTAssertEqual(alone.statements.first?.location.line, statement.location.line)
        }
    }
}
