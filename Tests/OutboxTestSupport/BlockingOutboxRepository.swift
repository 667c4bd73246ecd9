import Foundation
import MessageBus
import Synchronization

/// An `async` outbox repository seen through the synchronous
/// `OutboxRepository` protocol, so that the synchronous bus's behavioural
/// tests run against stores that only have `async` methods (PostgreSQL).
///
/// Each call blocks the calling thread until the `async` call, run in a task
/// of its own, returns. Call it from a thread that is not one of Swift
/// concurrency's (a synchronous XCTest method runs on the main thread).
public final class BlockingOutboxRepository: OutboxRepository {
    /// The repository every call goes to.
    public let base: any AsyncOutboxRepository

    /// Wraps `base`.
    ///
    /// - Parameter base: The `async` repository.
    public init(_ base: any AsyncOutboxRepository) {
        self.base = base
    }

    public func add(_ record: OutboxRecord) throws {
        let base = self.base
        try runBlocking { try await base.add(record) }
    }

    public func record(id: UUID) throws -> OutboxRecord? {
        let base = self.base
        return try runBlocking { try await base.record(id: id) }
    }

    public func records() throws -> [OutboxRecord] {
        let base = self.base
        return try runBlocking { try await base.records() }
    }

    public func pendingRecords() throws -> [OutboxRecord] {
        let base = self.base
        return try runBlocking { try await base.pendingRecords() }
    }

    public func oldestPendingRecord() throws -> OutboxRecord? {
        let base = self.base
        return try runBlocking { try await base.oldestPendingRecord() }
    }

    public func count(status: OutboxStatus) throws -> Int {
        let base = self.base
        return try runBlocking { try await base.count(status: status) }
    }

    public func claim(id: UUID) throws -> OutboxRecord? {
        let base = self.base
        return try runBlocking { try await base.claim(id: id) }
    }

    public func markProcessed(id: UUID, at date: Date) throws {
        let base = self.base
        try runBlocking { try await base.markProcessed(id: id, at: date) }
    }

    public func recordFailure(id: UUID, error: String, dead: Bool) throws {
        let base = self.base
        try runBlocking { try await base.recordFailure(id: id, error: error, dead: dead) }
    }

    public func retry(id: UUID) throws {
        let base = self.base
        try runBlocking { try await base.retry(id: id) }
    }

    @discardableResult
    public func purgeProcessed() throws -> Int {
        let base = self.base
        return try runBlocking { try await base.purgeProcessed() }
    }
}

/// The calls of ``runBlocking(timeout:_:)`` that did not finish in time.
public struct BlockingTimeout: Error, CustomStringConvertible {
    public var description: String
}

/// Runs `body` in a task and blocks the calling thread until it returns,
/// for at most `timeout`.
///
/// - Parameters:
///   - timeout: How long to wait. Default: 60 seconds.
///   - body: The `async` work.
/// - Returns: What `body` returns.
/// - Throws: What `body` throws; ``BlockingTimeout`` when it did not finish in time.
@discardableResult
public func runBlocking<T: Sendable>(timeout: Duration = .seconds(60), _ body: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = Mutex<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        let result: Result<T, any Error>
        do {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        outcome.withLock { $0 = result }
        done.signal()
    }
    let (seconds, attoseconds) = timeout.components
    let deadline = DispatchTime.now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
    guard done.wait(timeout: deadline) == .success else {
        throw BlockingTimeout(description: "an async call did not finish within \(timeout)")
    }
    guard let result = outcome.withLock({ $0 }) else {
        throw BlockingTimeout(description: "an async call finished without a result")
    }
    return try result.get()
}
