#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Stores `message` in the outbox, inside the repository's transaction: the
/// seed's `register_outbox_message`.
///
/// It builds the record (``OutboxRecord/init(message:id:meta:createdAt:)``: the
/// id, `COMMAND` or `EVENT` from the message's kind, its routing name, its JSON
/// payload, the meta and the creation time) and adds it with
/// ``OutboxRepository/add(_:)``. It needs no bus. Given a repository that
/// joins the caller's transaction (`SQLiteOutbox` over the `Database` of a GRDB
/// `write {}`), the record commits together with the caller's own rows, or not
/// at all.
///
/// ```swift
/// try dbQueue.write { db in
///     try db.execute(sql: "INSERT INTO orders (id, sku) VALUES (?, ?)", arguments: [7, "LAMP"])
///     try registerOutboxMessage(SQLiteOutbox(db), message: OrderPlaced(orderID: 7))
/// }
/// ```
///
/// - Parameters:
///   - repository: Where to store the record.
///   - message: The command or event.
///   - id: The record's id. Default: a new random UUID.
///   - meta: String metadata, stored as a JSON object with sorted keys. Default: none (`{}`).
///   - createdAt: The creation time, kept to the microsecond. Default: now.
/// - Returns: The stored record (status pending, no attempts).
/// - Throws: ``OutboxError/encodingFailed(_:)`` when the message cannot be
///   encoded; what ``OutboxRepository/add(_:)`` throws
///   (``OutboxError/duplicateID(_:)``, the store's errors).
@discardableResult
public func registerOutboxMessage(
    _ repository: some OutboxRepository,
    message: any Message,
    id: UUID = UUID(),
    meta: [String: String] = [:],
    createdAt: Date = Date()
) throws -> OutboxRecord {
    let record = try OutboxRecord(message: message, id: id, meta: meta, createdAt: createdAt)
    try repository.add(record)
    return record
}

/// Stores `message` in the outbox with metadata given as a JSON object, for
/// callers whose metadata values are not all strings (busctl's `meta [...]`).
///
/// Otherwise the same as ``registerOutboxMessage(_:message:id:meta:createdAt:)``.
///
/// - Parameters:
///   - repository: Where to store the record.
///   - message: The command or event.
///   - id: The record's id. Default: a new random UUID.
///   - metaJSON: A UTF-8 JSON object, stored as given.
///   - createdAt: The creation time, kept to the microsecond. Default: now.
/// - Returns: The stored record.
/// - Throws: ``OutboxError/invalidMeta(_:)`` when `metaJSON` is not a JSON
///   object; ``OutboxError/encodingFailed(_:)``; what ``OutboxRepository/add(_:)`` throws.
@discardableResult
public func registerOutboxMessage(
    _ repository: some OutboxRepository,
    message: any Message,
    id: UUID = UUID(),
    metaJSON: Data,
    createdAt: Date = Date()
) throws -> OutboxRecord {
    let record = try OutboxRecord(message: message, id: id, metaJSON: metaJSON, createdAt: createdAt)
    try repository.add(record)
    return record
}
