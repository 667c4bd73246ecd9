/// A value that travels through a ``MessageBus``: a ``Command`` or an ``Event``.
///
/// Messages are plain `Codable` and `Sendable` values. The bus routes them by
/// *name*, not by Swift type, just as the seed library routes by
/// `type(msg).__name__`. This is what lets Swift-typed messages and messages
/// whose type is only known at run time (busctl's script-defined types) share
/// one bus and one outbox.
///
/// Conform to ``Command`` or ``Event`` rather than to `Message` directly; they
/// supply ``messageKind``:
///
/// ```swift
/// struct PlaceOrder: Command { var orderID: Int; var sku: String }
/// struct OrderPlaced: Event { var orderID: Int }
/// ```
///
/// A type whose instances carry their own name and kind (a runtime-defined
/// message) implements the instance requirements ``messageName-swift.property``
/// and ``messageKind`` itself.
///
/// ## Topics
/// ### Routing
/// - ``messageName-swift.type.property``
/// - ``messageName-swift.property``
/// - ``messageKind``
public protocol Message: Codable, Sendable {
    /// The routing name of every message of this type.
    ///
    /// Typed registration (``MessageBus/setCommandHandler(for:name:_:)`` and
    /// friends) registers handlers under this name. Default: the type's name,
    /// `String(describing: Self.self)`.
    static var messageName: String { get }

    /// The routing name of this message.
    ///
    /// The bus looks handlers up by this name. Default: ``messageName-swift.type.property``.
    /// Runtime-defined messages override it to give each instance its own name.
    var messageName: String { get }

    /// Whether this message is a command or an event.
    ///
    /// ``Command`` and ``Event`` provide it; runtime-defined messages may
    /// decide it per instance.
    var messageKind: MessageKind { get }
}

extension Message {
    /// The type's name, `String(describing: Self.self)`.
    ///
    /// The name is computed once per type and then cached, since describing a
    /// type is slow compared to a dispatch.
    public static var messageName: String { TypeNameCache.name(of: self) }

    /// The type's routing name, ``messageName-swift.type.property``.
    public var messageName: String { Self.messageName }
}
