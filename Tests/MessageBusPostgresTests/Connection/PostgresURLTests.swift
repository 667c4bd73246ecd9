import Foundation
import MessageBusPostgres
import XCTest

/// Reading connection URLs as psql does. No server needed.
final class PostgresURLTests: XCTestCase {
    func testAFullURL() throws {
        let url = try PostgresURL("postgres://app%40shop:s%3Acret@db.internal:6432/sh%20op?sslmode=require&application_name=relay&connect_timeout=3")
        XCTAssertEqual(url.host, "db.internal")
        XCTAssertEqual(url.port, 6432)
        XCTAssertEqual(url.username, "app@shop")
        XCTAssertEqual(url.password, "s:cret")
        XCTAssertEqual(url.database, "sh op")
        XCTAssertEqual(url.tlsMode, .require)
        XCTAssertEqual(url.connectTimeout, .seconds(3))
        XCTAssertEqual(url.startupParameters, [.init(name: "application_name", value: "relay")])
        XCTAssertFalse(url.description.contains("cret"), "the description leaves the password out")

        let client = url.clientConfiguration()
        XCTAssertEqual(client.host, "db.internal")
        XCTAssertEqual(client.port, 6432)
        XCTAssertEqual(client.username, "app@shop")
        XCTAssertEqual(client.database, "sh op")
    }

    func testDefaultsAndSocketsAndOptions() throws {
        let url = try PostgresURL("postgresql://me@localhost")
        XCTAssertEqual(url.port, 5432)
        XCTAssertNil(url.database)
        XCTAssertNil(url.password)
        XCTAssertEqual(url.tlsMode, .prefer)

        let socket = try PostgresURL("postgres:///shop?host=/var/run/postgresql&user=me&port=5433")
        XCTAssertNil(socket.host)
        XCTAssertEqual(socket.socketFolder, "/var/run/postgresql")
        XCTAssertEqual(socket.clientConfiguration().unixSocketPath, "/var/run/postgresql/.s.PGSQL.5433")

        let options = try PostgresURL("postgres://me@h/db?options=-c%20search_path%3Dsales%20-cstatement_timeout%3D5000%20--lock-timeout%3D10")
        XCTAssertEqual(options.startupParameters, [
            .init(name: "search_path", value: "sales"),
            .init(name: "statement_timeout", value: "5000"),
            .init(name: "lock_timeout", value: "10"),
        ])
        XCTAssertEqual(options.clientConfiguration().options.additionalStartupParameters.map(\.0), ["search_path", "statement_timeout", "lock_timeout"])
    }

    func testBadURLsSayWhatIsWrong() {
        let cases: [(String, String)] = [
            ("mysql://me@h/db", "a PostgreSQL URL starts with postgres:// or postgresql://, not mysql://"),
            ("postgres://h/db", "the URL names no user (postgres://user@host/database)"),
            ("postgres://me@/db", "the URL names no host (postgres://user@host/database) and no socket folder (?host=/path)"),
            ("postgres://me@h/db?sslmode=maybe", "sslmode maybe is not disable, allow, prefer, require, verify-ca or verify-full"),
            ("postgres://me@h/db?port=0", "port 0 is not a number from 1 to 65535"),
            ("postgres://me@h/db?pool=5", "unsupported URL parameter pool"),
            ("postgres://me@h/db?options=search_path", "options: search_path is not -c name=value"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try PostgresURL(text), text) { error in
                XCTAssertEqual((error as? PostgresURL.ParseError)?.description, message, text)
            }
        }
    }
}
