import Foundation
import GRDB
import MessageBus

/// The SQL that reads and writes outbox records.
enum OutboxSQL {
    static let columns = "id, type, name, payload, meta, created_at, attempts, last_error, status, processed_at"
    static let order = "ORDER BY created_at, sequence"

    /// The text an id is stored as: the lowercase UUID.
    static func key(_ id: UUID) -> String {
        id.uuidString.lowercased()
    }

    /// Text for a record time, six fraction digits.
    ///
    /// - Throws: `OutboxError.encodingFailed` for a date that cannot be written.
    static func text(_ date: Date) throws -> String {
        guard let text = OutboxCoding.microsecondString(from: date) else {
            throw OutboxError.encodingFailed("date \(date.timeIntervalSinceReferenceDate) is outside years 0–9999")
        }
        return text
    }

    /// JSON as TEXT when it is valid UTF-8 (it always is when the outbox wrote it), as a BLOB otherwise.
    static func jsonValue(_ data: Data) -> any DatabaseValueConvertible {
        if let text = String(data: data, encoding: .utf8) {
            return text
        }
        return data
    }

    /// Reads a record from a row of `columns`.
    ///
    /// - Throws: `OutboxError.invalidStoredRecord` when a column is
    ///   missing, NULL where it may not be, or not what the outbox writes.
    static func record(from row: Row) throws -> OutboxRecord {
        do {
            let idText = try row.decode(String.self, forColumn: "id")
            guard let id = UUID(uuidString: idText) else {
                throw OutboxError.invalidStoredRecord("id \(idText) is not a UUID")
            }
            let typeText = try row.decode(String.self, forColumn: "type")
            guard let type = OutboxMessageType(rawValue: typeText) else {
                throw OutboxError.invalidStoredRecord("\(idText): type \(typeText) is not COMMAND or EVENT")
            }
            let statusText = try row.decode(String.self, forColumn: "status")
            guard let status = OutboxStatus(rawValue: statusText) else {
                throw OutboxError.invalidStoredRecord("\(idText): status \(statusText) is not pending, processed or dead")
            }
            let createdText = try row.decode(String.self, forColumn: "created_at")
            guard let createdAt = OutboxCoding.date(from: createdText) else {
                throw OutboxError.invalidStoredRecord("\(idText): created_at \(createdText) is not an ISO 8601 timestamp")
            }
            var processedAt: Date?
            if let processedText = try row.decode(String?.self, forColumn: "processed_at") {
                guard let date = OutboxCoding.date(from: processedText) else {
                    throw OutboxError.invalidStoredRecord("\(idText): processed_at \(processedText) is not an ISO 8601 timestamp")
                }
                processedAt = date
            }
            return OutboxRecord(
                id: id,
                type: type,
                name: try row.decode(String.self, forColumn: "name"),
                payload: try row.decode(Data.self, forColumn: "payload"),
                meta: try row.decode(Data.self, forColumn: "meta"),
                createdAt: createdAt,
                attempts: try row.decode(Int.self, forColumn: "attempts"),
                lastError: try row.decode(String?.self, forColumn: "last_error"),
                status: status,
                processedAt: processedAt
            )
        } catch let error as OutboxError {
            throw error
        } catch {
            throw OutboxError.invalidStoredRecord(String(describing: error))
        }
    }
}
