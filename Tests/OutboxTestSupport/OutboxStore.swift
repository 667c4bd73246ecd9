import Foundation
import MessageBus

/// One outbox implementation under test: the repository that processing
/// uses, and a way to register messages inside one transaction of the store.
///
/// The behavioural tests (the `Outbox…Behaviour` enums of this module) are
/// written once, as functions of a store, and every store's test target runs
/// them: the in-memory and SQLite repositories (`MessageBusSQLiteTests`) and
/// PostgreSQL (`MessageBusPostgresTests`) are held to the same semantics.
public struct OutboxStore {
    /// Names the store in failure messages.
    public var name: String

    /// The repository that processing uses; each call commits.
    public var repository: any OutboxRepository

    /// Runs `body` in one transaction of the store, with a repository that
    /// joins it; when `body` throws, everything it did is rolled back.
    public var transaction: (_ body: (any OutboxRepository) throws -> Void) throws -> Void

    /// Keeps resources (a temporary folder, a database client) alive as long as the store.
    public var cleanup: AnyObject?

    /// Creates a store.
    ///
    /// - Parameters:
    ///   - name: Names the store in failure messages.
    ///   - repository: The repository that processing uses.
    ///   - transaction: Runs a body in one transaction of the store.
    ///   - cleanup: An object kept alive with the store.
    public init(
        name: String,
        repository: any OutboxRepository,
        transaction: @escaping (_ body: (any OutboxRepository) throws -> Void) throws -> Void,
        cleanup: AnyObject? = nil
    ) {
        self.name = name
        self.repository = repository
        self.transaction = transaction
        self.cleanup = cleanup
    }
}
