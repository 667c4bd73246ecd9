import XCTest

/// The set-up the PostgreSQL tests of busctl share: each test works in a
/// fresh schema of `MESSAGEBUS_POSTGRES_URL` (skipped without it), dropped
/// at tear-down, and the relay processes it started are killed.
class PostgresTestCase: XCTestCase {
    /// The schema of the running test, if it made one.
    private(set) var schema: PostgresTestSchema?
    /// The relay processes the running test started.
    var relays: [RelayProcess] = []

    override func tearDown() {
        for relay in relays { relay.kill() }
        relays = []
        schema?.drop()
        schema = nil
        super.tearDown()
    }

    /// A fresh schema for this test.
    ///
    /// - Throws: `XCTSkip` without a server (see ``PostgresTestSchema/make()``).
    func freshSchema() throws -> PostgresTestSchema {
        let made = try PostgresTestSchema.make()
        schema = made
        return made
    }
}
