import Foundation
import MessageBusPostgres
import XCTest

/// Ports out of range, IPv6 literal hosts and parameters without a value:
/// read as psql does, or refused with a message. No server needed.
final class PostgresURLEdgeTests: XCTestCase {
    private func message(_ text: String) -> String? {
        do {
            _ = try PostgresURL(text)
            return nil
        } catch {
            return (error as? PostgresURL.ParseError)?.description ?? "\(error)"
        }
    }

    func testPortsOutOfRangeAreRefusedNotWrapped() {
        for port in ["0", "65536", "99999", "119865", "99999999999999999999", "-1", "54x", "+5432"] {
            XCTAssertEqual(message("postgres://me@127.0.0.1:\(port)/db"), "port \(port) is not a number from 1 to 65535", port)
            XCTAssertEqual(message("postgres://me@127.0.0.1/db?port=\(port)"), "port \(port) is not a number from 1 to 65535", port)
        }
    }

    func testPortsInRangeAreRead() throws {
        XCTAssertEqual(try PostgresURL("postgres://me@h:1/db").port, 1)
        XCTAssertEqual(try PostgresURL("postgres://me@h:65535/db").port, 65535)
        XCTAssertEqual(try PostgresURL("postgres://me@h:05432/db").port, 5432)
        XCTAssertEqual(try PostgresURL("postgres://me@h:/db").port, 5432, "an empty port is the default, as with libpq")
        XCTAssertEqual(try PostgresURL("postgres://me:p%3A1@h:6432").port, 6432)
        XCTAssertEqual(try PostgresURL("postgres://me@h/db?port=6433").port, 6433)
        XCTAssertEqual(try PostgresURL("postgres://me@h/db?port=6433").clientConfiguration().port, 6433)
    }

    func testIPv6HostsLoseTheirBracketsAndGetThemBackInTheDescription() throws {
        let url = try PostgresURL("postgres://postgres@[::1]:54402/x?sslmode=disable")
        XCTAssertEqual(url.host, "::1")
        XCTAssertEqual(url.port, 54402)
        XCTAssertEqual(url.clientConfiguration().host, "::1")
        XCTAssertEqual(url.description, "postgres://postgres@[::1]:54402/x?sslmode=disable")

        let noPort = try PostgresURL("postgres://me@[fe80::1]/db")
        XCTAssertEqual(noPort.host, "fe80::1")
        XCTAssertEqual(noPort.port, 5432)
        XCTAssertEqual(message("postgres://me@[::1]:70000/db"), "port 70000 is not a number from 1 to 65535")
        XCTAssertEqual(try PostgresURL("postgres://me@h/db?host=[::1]").host, "::1")
        XCTAssertEqual(try PostgresURL("postgres://me@h/db?host=::1").host, "::1")
    }

    func testParametersWithoutAValueSayWhatTheyNeed() throws {
        let cases: [(String, String)] = [
            ("sslmode", "sslmode needs a value: disable, allow, prefer, require, verify-ca or verify-full"),
            ("port", "port needs a value: a number from 1 to 65535"),
            ("connect_timeout", "connect_timeout needs a value: a positive number of seconds"),
            ("host", "host needs a value: a host name, an address or a socket folder (/path)"),
            ("user", "user needs a value: a user name"),
            ("dbname", "dbname needs a value: a database name"),
        ]
        for (name, expected) in cases {
            XCTAssertEqual(message("postgres://me@h/db?\(name)"), expected, name)
            XCTAssertEqual(message("postgres://me@h/db?\(name)="), expected, name)
        }
        XCTAssertEqual(message("postgres://me@h/db?pool"), "unsupported URL parameter pool")
        // These may be empty, as with libpq.
        XCTAssertEqual(try PostgresURL("postgres://me@h/db?password=").password, "")
        XCTAssertEqual(try PostgresURL("postgres://me@h/db?options=").startupParameters, [])
        XCTAssertEqual(try PostgresURL("postgres://me@h/db?application_name=").startupParameters, [.init(name: "application_name", value: "")])
    }
}
