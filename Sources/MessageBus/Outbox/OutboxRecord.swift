#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A message stored in the outbox: what ``registerOutboxMessage(_:message:id:meta:createdAt:)``
/// adds and ``MessageBus/MessageBus/processOutbox(_:now:)`` hands to the outbox handlers.
///
/// It carries the seed's outbox columns: an id, the type (`COMMAND`/`EVENT`),
/// the message's routing name, its JSON payload, a JSON object of metadata and
/// the time it was created, plus the processing state: how many attempts were
/// claimed, the last error, the ``OutboxStatus`` and when it was processed.
///
/// Record times are kept to the microsecond: the initialisers round
/// ``createdAt`` and ``processedAt`` with ``OutboxCoding/roundedToMicrosecond(_:)``,
/// as every repository stores them, so a record compares equal before and
/// after a trip through a repository.
///
/// ## Topics
/// ### Creating a record
/// - ``init(message:id:meta:createdAt:)``
/// - ``init(message:id:metaJSON:createdAt:)``
/// - ``init(id:type:name:payload:meta:createdAt:attempts:lastError:status:processedAt:)``
/// ### Reading the message
/// - ``decodePayload(as:)``
/// - ``decodeMeta(as:)``
/// - ``payloadText``
/// - ``metaText``
public struct OutboxRecord: Sendable, Codable, Equatable {
    /// The record's id; busctl shows it in lowercase.
    public var id: UUID

    /// Whether the message is a command or an event.
    public var type: OutboxMessageType

    /// The message's routing name (``Message/messageName-swift.property``),
    /// which is how a relay finds its type again (the seed stores `type(msg).__name__`).
    public var name: String

    /// The message as UTF-8 JSON, written by ``OutboxCoding/payload(for:)``.
    public var payload: Data

    /// Metadata as a UTF-8 JSON object; `{}` when there is none.
    public var meta: Data

    /// When the record was created, to the microsecond.
    public var createdAt: Date

    /// How many processing attempts were claimed so far: 0 before the first;
    /// during an attempt, that attempt's number (1 on the first try).
    public var attempts: Int

    /// The error of the last failed attempt, or `nil`. Kept when the record is
    /// processed later; cleared by ``OutboxRepository/retry(id:)``.
    public var lastError: String?

    /// Where the record is in its life.
    public var status: OutboxStatus

    /// When the record was marked processed, to the microsecond; `nil` until then.
    public var processedAt: Date?

    /// Creates a record from its parts.
    ///
    /// Most code builds records with ``registerOutboxMessage(_:message:id:meta:createdAt:)``
    /// or ``init(message:id:meta:createdAt:)``; this initialiser is for
    /// repositories and tests.
    ///
    /// - Parameters:
    ///   - id: The record's id.
    ///   - type: `COMMAND` or `EVENT`.
    ///   - name: The message's routing name.
    ///   - payload: The message's JSON.
    ///   - meta: A JSON object. Default: `{}`.
    ///   - createdAt: The creation time; rounded to the microsecond.
    ///   - attempts: Attempts claimed so far. Default: 0.
    ///   - lastError: The last failure's error. Default: `nil`.
    ///   - status: The status. Default: ``OutboxStatus/pending``.
    ///   - processedAt: When it was processed; rounded to the microsecond. Default: `nil`.
    public init(
        id: UUID,
        type: OutboxMessageType,
        name: String,
        payload: Data,
        meta: Data = Data("{}".utf8),
        createdAt: Date,
        attempts: Int = 0,
        lastError: String? = nil,
        status: OutboxStatus = .pending,
        processedAt: Date? = nil
    ) {
        self.id = id
        self.type = type
        self.name = name
        self.payload = payload
        self.meta = meta
        self.createdAt = OutboxCoding.roundedToMicrosecond(createdAt)
        self.attempts = attempts
        self.lastError = lastError
        self.status = status
        self.processedAt = processedAt.map(OutboxCoding.roundedToMicrosecond)
    }

    /// Builds the pending record of `message`, as the seed's
    /// `register_outbox_message` does, without storing it.
    ///
    /// - Parameters:
    ///   - message: The command or event; its kind gives ``type``, its routing
    ///     name ``name``, its JSON (``OutboxCoding/payload(for:)``) ``payload``.
    ///   - id: The record's id. Default: a new random UUID.
    ///   - meta: String metadata, stored as a JSON object with sorted keys. Default: none (`{}`).
    ///   - createdAt: The creation time. Default: now.
    /// - Throws: ``OutboxError/encodingFailed(_:)`` when the message cannot be encoded.
    public init(message: any Message, id: UUID = UUID(), meta: [String: String] = [:], createdAt: Date = Date()) throws {
        let metaJSON: Data
        do {
            metaJSON = try OutboxCoding.encode(meta)
        } catch {
            throw OutboxError.encodingFailed("meta: \(error)")
        }
        try self.init(message: message, id: id, validatedMeta: metaJSON, createdAt: createdAt)
    }

    /// Builds the pending record of `message` with metadata given as JSON, for
    /// callers whose metadata values are not all strings (busctl's `meta [...]`).
    ///
    /// - Parameters:
    ///   - message: The command or event.
    ///   - id: The record's id. Default: a new random UUID.
    ///   - metaJSON: A UTF-8 JSON object, stored as given.
    ///   - createdAt: The creation time. Default: now.
    /// - Throws: ``OutboxError/invalidMeta(_:)`` when `metaJSON` is not a JSON
    ///   object; ``OutboxError/encodingFailed(_:)`` when the message cannot be encoded.
    public init(message: any Message, id: UUID = UUID(), metaJSON: Data, createdAt: Date = Date()) throws {
        do {
            _ = try JSONDecoder().decode([String: AnyJSON].self, from: metaJSON)
        } catch {
            throw OutboxError.invalidMeta("meta must be a JSON object: \(error)")
        }
        try self.init(message: message, id: id, validatedMeta: metaJSON, createdAt: createdAt)
    }

    private init(message: any Message, id: UUID, validatedMeta meta: Data, createdAt: Date) throws {
        self.init(
            id: id,
            type: OutboxMessageType(message.messageKind),
            name: message.messageName,
            payload: try OutboxCoding.payload(for: message),
            meta: meta,
            createdAt: createdAt
        )
    }

    /// Decodes the payload as a message of type `type`, with ``OutboxCoding/makeDecoder()``.
    ///
    /// The record's ``name`` is not checked against `type`: a relay that
    /// serves several types looks at ``name`` first.
    ///
    /// - Parameter type: The message type to decode.
    /// - Returns: The message.
    /// - Throws: ``OutboxError/decodingFailed(_:)`` with the decoder's reason.
    public func decodePayload<M: Message>(as type: M.Type) throws -> M {
        do {
            return try OutboxCoding.makeDecoder().decode(type, from: payload)
        } catch {
            throw OutboxError.decodingFailed("payload of \(name) \(id.lowercasedString) as \(String(describing: type)): \(error)")
        }
    }

    /// Decodes the metadata as `type`, for example `[String: String].self`.
    ///
    /// - Parameter type: The type to decode.
    /// - Returns: The metadata.
    /// - Throws: ``OutboxError/decodingFailed(_:)`` with the decoder's reason.
    public func decodeMeta<T: Decodable>(as type: T.Type) throws -> T {
        do {
            return try OutboxCoding.makeDecoder().decode(type, from: meta)
        } catch {
            throw OutboxError.decodingFailed("meta of \(name) \(id.lowercasedString) as \(String(describing: type)): \(error)")
        }
    }

    /// The payload as text (JSON is UTF-8; invalid bytes are replaced).
    public var payloadText: String { String(decoding: payload, as: UTF8.self) }

    /// The metadata as text (JSON is UTF-8; invalid bytes are replaced).
    public var metaText: String { String(decoding: meta, as: UTF8.self) }
}

/// Any JSON value, decoded only to check that some JSON has a given shape.
private struct AnyJSON: Decodable {
    init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            while !array.isAtEnd {
                _ = try array.decode(AnyJSON.self)
            }
        } else if let object = try? decoder.container(keyedBy: AnyKey.self) {
            for key in object.allKeys {
                _ = try object.decode(AnyJSON.self, forKey: key)
            }
        } else {
            let value = try decoder.singleValueContainer()
            if value.decodeNil() { return }
            if (try? value.decode(Bool.self)) != nil { return }
            if (try? value.decode(Double.self)) != nil { return }
            _ = try value.decode(String.self)
        }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
