@testable import BusScript
import XCTest

/// The lexical rules of LANGUAGE.md §1: tokens, newlines, comments, strings,
/// locations, and when the REPL must read another line.
final class LexerTests: XCTestCase {
    /// The tokens of `source` as `kind:text` (words as their text, newlines as `⏎`).
    private func tokens(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        var lexer = Lexer(source: source, file: "t")
        var result: [String] = []
        do {
            while true {
                let token = try lexer.next()
                switch token.kind {
                case .end: return result
                case .newline: result.append("⏎")
                case .word: result.append(token.text)
                case .int: result.append("int:\(token.text)")
                case .double: result.append("double:\(token.text)")
                case .string: result.append("string:\(token.text)")
                default: result.append(token.text)
                }
            }
        } catch {
            XCTFail("unexpected error: \(error)", file: file, line: line)
            return result
        }
    }

    private func lexError(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> Diagnostic? {
        var lexer = Lexer(source: source, file: "t")
        do {
            while try lexer.next().kind != .end {}
            XCTFail("expected an error", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }

    func testWordsNumbersAndOperators() {
        XCTAssertEqual(
            tokens("let x_1 = 42 + 3.5 * y"),
            ["let", "x_1", "=", "int:42", "+", "double:3.5", "*", "y"])
        XCTAssertEqual(
            tokens("a == b != c < d <= e > f >= g ?? h % i / j - k"),
            ["a", "==", "b", "!=", "c", "<", "d", "<=", "e", ">", "f", ">=", "g", "??", "h", "%", "i", "/", "j", "-", "k"])
        XCTAssertEqual(tokens("x += 1; y -= 2"), ["x", "+=", "int:1", ";", "y", "-=", "int:2"])
        XCTAssertEqual(tokens("Int? [String: Int]"), ["Int", "?", "[", "String", ":", "Int", "]"])
        XCTAssertEqual(tokens("msg.in"), ["msg", ".", "in"])
    }

    func testANumberFollowedByADotAndANameIsAMemberAccess() {
        XCTAssertEqual(tokens("3.x"), ["int:3", ".", "x"])
    }

    func testNewlinesEndStatementsOnlyOutsideParenthesesAndBrackets() {
        XCTAssertEqual(tokens("a\nb"), ["a", "⏎", "b"])
        XCTAssertEqual(tokens("f(a,\nb)\n[1,\n2]"), ["f", "(", "a", ",", "b", ")", "⏎", "[", "int:1", ",", "int:2", "]"])
        XCTAssertEqual(tokens("{\na\n}"), ["{", "⏎", "a", "⏎", "}"])
        XCTAssertEqual(tokens("f(\n{\na\n}\n)"), ["f", "(", "{", "⏎", "a", "⏎", "}", ")"])
    }

    func testBlankLinesAndCommentsGiveOneNewline() {
        XCTAssertEqual(tokens("\n\n# intro\na # comment { ( [\n\n\n  # more\nb\n"), ["a", "⏎", "b", "⏎"])
        XCTAssertEqual(tokens("# only a comment"), [])
    }

    func testAByteOrderMarkAtTheStartIsIgnored() throws {
        var lexer = Lexer(source: "\u{FEFF}x", file: "t")
        let token = try lexer.next()
        XCTAssertEqual(token.text, "x")
        XCTAssertEqual(token.location.column, 1)
    }

    func testStringEscapes() throws {
        var lexer = Lexer(source: #""a\n\t\"\\b""#, file: "t")
        let token = try lexer.next()
        XCTAssertEqual(token.kind, .string)
        guard token.pieces.count == 1, case .text(let text) = token.pieces[0] else {
            return XCTFail("pieces: \(token.pieces)")
        }
        XCTAssertEqual(text, "a\n\t\"\\b")
    }

    func testEmptyString() throws {
        var lexer = Lexer(source: #""""#, file: "t")
        let token = try lexer.next()
        guard token.pieces.count == 1, case .text(let text) = token.pieces[0] else {
            return XCTFail("pieces: \(token.pieces)")
        }
        XCTAssertEqual(text, "")
    }

    func testInterpolationPiecesKeepTheirOffsetsAndLocation() throws {
        let source = #""a \(m["k"]) b \(f("x)", ")")) c""#
        var lexer = Lexer(source: source, file: "t")
        let token = try lexer.next()
        XCTAssertEqual(token.kind, .string)
        XCTAssertEqual(token.text, source)
        XCTAssertEqual(try lexer.next().kind, .end)
        let scalars = Array(source.unicodeScalars)
        var described: [String] = []
        for piece in token.pieces {
            switch piece {
            case .text(let text):
                described.append("text:\(text)")
            case .interpolation(let start, let end, let location):
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[start..<end])
                described.append("expr:\(String(view))@\(location.column)")
            }
        }
        XCTAssertEqual(described, ["text:a ", #"expr:m["k"]@6"#, "text: b ", #"expr:f("x)", ")")@18"#, "text: c"])
    }

    func testLocationsCountUnicodeScalarsFromTheFirstLine() throws {
        var lexer = Lexer(source: "\"café\" x\n  y 🙂 ", file: "f.bus", firstLine: 10)
        let string = try lexer.next()
        XCTAssertEqual(string.location, SourceLocation(file: "f.bus", line: 10, column: 1))
        let x = try lexer.next()
        XCTAssertEqual(x.location, SourceLocation(file: "f.bus", line: 10, column: 8))
        XCTAssertEqual(try lexer.next().kind, .newline)
        let y = try lexer.next()
        XCTAssertEqual(y.location, SourceLocation(file: "f.bus", line: 11, column: 3))
        let error = try XCTUnwrap(lexError("x = \"naïve\" 🙂"))
        XCTAssertEqual(error.location?.column, 13)
    }

    func testUnterminatedStringIsAnErrorAtItsQuote() throws {
        let error = try XCTUnwrap(lexError("print \"abc\nprint 1"))
        XCTAssertTrue(error.message.contains("unterminated string"), error.message)
        XCTAssertEqual(error.location?.line, 1)
        XCTAssertEqual(error.location?.column, 7)
        XCTAssertFalse(error.isIncompleteInput)
        let nested = try XCTUnwrap(lexError(#"print "a \(f("b) c""#))
        XCTAssertTrue(nested.message.contains("unterminated string"), nested.message)
        XCTAssertEqual(nested.location?.column, 7)
    }

    func testUnknownEscapeIsAnError() throws {
        let error = try XCTUnwrap(lexError(#"x = "a\qb""#))
        XCTAssertTrue(error.message.contains("unknown escape `\\q`"), error.message)
        XCTAssertEqual(error.location?.column, 7)
    }

    func testUnexpectedCharactersSayWhatToWrite() throws {
        XCTAssertTrue(try XCTUnwrap(lexError("a && b")).message.contains("write `and`"))
        XCTAssertTrue(try XCTUnwrap(lexError("a || b")).message.contains("write `or`"))
        XCTAssertTrue(try XCTUnwrap(lexError("!a")).message.contains("`not`"))
        XCTAssertTrue(try XCTUnwrap(lexError("'x'")).message.contains("double quotes"))
        let other = try XCTUnwrap(lexError("x = 1 @ 2"))
        XCTAssertTrue(other.message.contains("unexpected character `@`"), other.message)
        XCTAssertEqual(other.location?.column, 7)
        XCTAssertTrue(try XCTUnwrap(lexError("x = 12abc")).message.contains("`12abc` is not a number"))
    }

    func testHexWordIsReadRawOnlyWhenItIsHexDigitsAndDashes() throws {
        var lexer = Lexer(source: "show 00000000-0000 x", file: "t")
        XCTAssertEqual(try lexer.next().text, "show")
        let word = try XCTUnwrap(lexer.readHexWord())
        XCTAssertEqual(word.word, "00000000-0000")
        XCTAssertEqual(word.location.column, 6)
        XCTAssertEqual(try lexer.next().text, "x")

        var other = Lexer(source: "show outbox.messages[0].id", file: "t")
        _ = try other.next()
        XCTAssertNil(other.readHexWord())
        XCTAssertEqual(try other.next().text, "outbox")
    }

    func testNeedsMoreInput() {
        // Open blocks, parentheses and brackets.
        XCTAssertTrue(Parser.needsMoreInput("handle X {"))
        XCTAssertTrue(Parser.needsMoreInput("handle X {\n  if y {\n  }"))
        XCTAssertTrue(Parser.needsMoreInput("send X(a: 1,"))
        XCTAssertTrue(Parser.needsMoreInput("send X(a: 1"))
        XCTAssertTrue(Parser.needsMoreInput("x = [1, 2"))
        XCTAssertTrue(Parser.needsMoreInput("x = [\"k\":"))
        // A last line ending in an infix operator, `,`, `=` or `:`.
        XCTAssertTrue(Parser.needsMoreInput("x = 1 +"))
        XCTAssertTrue(Parser.needsMoreInput("x = a and"))
        XCTAssertTrue(Parser.needsMoreInput("x = a or   # comment"))
        XCTAssertTrue(Parser.needsMoreInput("x = a ??\n"))
        XCTAssertTrue(Parser.needsMoreInput("assert x,"))
        XCTAssertTrue(Parser.needsMoreInput("let x ="))
        XCTAssertTrue(Parser.needsMoreInput("x +="))
        XCTAssertTrue(Parser.needsMoreInput("x ="))
        XCTAssertTrue(Parser.needsMoreInput("label:"))
        // Complete statements.
        XCTAssertFalse(Parser.needsMoreInput(""))
        XCTAssertFalse(Parser.needsMoreInput("x = 1"))
        XCTAssertFalse(Parser.needsMoreInput("handle X { print 1 }"))
        XCTAssertFalse(Parser.needsMoreInput("handle X {\n}\n"))
        XCTAssertFalse(Parser.needsMoreInput("x = msg.and"))
        XCTAssertFalse(Parser.needsMoreInput("x = 1 # + {"))
        XCTAssertFalse(Parser.needsMoreInput("print \"{ ( [ +\""))
        XCTAssertFalse(Parser.needsMoreInput("print \"\\(x) {\""))
        // An unterminated string is an error at once, not more input.
        XCTAssertFalse(Parser.needsMoreInput("print \"abc"))
        XCTAssertFalse(Parser.needsMoreInput("handle X {\n print \"abc"))
        // Closing more than was opened is an error, not more input.
        XCTAssertFalse(Parser.needsMoreInput("}"))
    }
}
