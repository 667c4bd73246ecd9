import Foundation
import Logging
import MessageBus
import PostgresNIO

/// Stores `message` in the outbox inside the transaction open on
/// `connection`: the PostgreSQL form of `registerOutboxMessage(_:message:id:meta:createdAt:)`.
///
/// The record commits together with the application's own rows written on
/// the same connection in the same transaction, or not at all; a pending
/// record wakes idle relays when the transaction commits.
///
/// ```swift
/// try await client.withTransaction(logger: logger) { connection in
///     try await connection.query("INSERT INTO orders (id, sku) VALUES (\(7), \("LAMP"))", logger: logger)
///     try await registerOutboxMessage(connection, message: OrderPlaced(orderID: 7))
/// }
/// ```
///
/// Outside a transaction, the record commits on its own.
///
/// - Parameters:
///   - connection: The connection whose transaction the record joins.
///   - message: The command or event.
///   - id: The record's id. Default: a new random UUID.
///   - meta: String metadata, stored as a JSON object with sorted keys. Default: none (`{}`).
///   - createdAt: The creation time, kept to the microsecond. Default: now.
///   - logger: Where postgres-nio logs the statement. Default: nowhere.
/// - Returns: The stored record (status pending, no attempts).
/// - Throws: `OutboxError.encodingFailed` when the message cannot be encoded;
///   `OutboxError.duplicateID` (the transaction stays usable);
///   ``PostgresOutboxError`` for the database's errors (which, as any failed
///   statement, abort the transaction).
@discardableResult
public func registerOutboxMessage(
    _ connection: PostgresConnection,
    message: any Message,
    id: UUID = UUID(),
    meta: [String: String] = [:],
    createdAt: Date = Date(),
    logger: Logger = PostgresOutboxRepository.silentLogger
) async throws -> OutboxRecord {
    let record = try OutboxRecord(message: message, id: id, meta: meta, createdAt: createdAt)
    try await PostgresOutbox(connection, logger: logger).add(record)
    return record
}

/// Stores `message` in the outbox inside the transaction open on
/// `connection`, with metadata given as a JSON object.
///
/// Otherwise the same as ``registerOutboxMessage(_:message:id:meta:createdAt:logger:)``.
///
/// - Parameters:
///   - connection: The connection whose transaction the record joins.
///   - message: The command or event.
///   - id: The record's id. Default: a new random UUID.
///   - metaJSON: A UTF-8 JSON object, stored as given.
///   - createdAt: The creation time, kept to the microsecond. Default: now.
///   - logger: Where postgres-nio logs the statement. Default: nowhere.
/// - Returns: The stored record.
/// - Throws: `OutboxError.invalidMeta` when `metaJSON` is not a JSON object;
///   what ``registerOutboxMessage(_:message:id:meta:createdAt:logger:)`` throws.
@discardableResult
public func registerOutboxMessage(
    _ connection: PostgresConnection,
    message: any Message,
    id: UUID = UUID(),
    metaJSON: Data,
    createdAt: Date = Date(),
    logger: Logger = PostgresOutboxRepository.silentLogger
) async throws -> OutboxRecord {
    let record = try OutboxRecord(message: message, id: id, metaJSON: metaJSON, createdAt: createdAt)
    try await PostgresOutbox(connection, logger: logger).add(record)
    return record
}
