#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Converts a message to a typed handler's message type.
@usableFromInline
enum MessageConversion {
    /// Casts `message` to `M`, or, when it is a value of another type (a
    /// runtime-defined message whose routing name matches `M`), encodes it to
    /// JSON and decodes that as `M`.
    ///
    /// - Throws: ``MessageBusError/messageTypeMismatch(expected:actual:)`` when
    ///   neither works.
    @usableFromInline
    static func convert<M: Message>(_ message: any Message, to type: M.Type) throws -> M {
        if let typed = message as? M {
            return typed
        }
        do {
            let data = try JSONEncoder().encode(message)
            return try JSONDecoder().decode(M.self, from: data)
        } catch {
            throw MessageBusError.messageTypeMismatch(
                expected: String(describing: M.self),
                actual: "\(message.messageName) (\(String(describing: Swift.type(of: message))))"
            )
        }
    }
}
