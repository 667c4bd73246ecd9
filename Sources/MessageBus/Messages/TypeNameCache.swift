import Synchronization

/// The names of message types, computed once per type.
///
/// `String(describing:)` of a type checks protocol conformances and builds a
/// new string on every call, which would cost a dispatch more than the rest
/// of its work; this cache makes the default ``Message/messageName-swift.type.property``
/// a dictionary look-up.
enum TypeNameCache {
    private static let names = Mutex<[ObjectIdentifier: String]>([:])

    /// `String(describing: type)`, cached.
    static func name(of type: any Any.Type) -> String {
        let key = ObjectIdentifier(type)
        if let name = names.withLock({ $0[key] }) {
            return name
        }
        let name = String(describing: type)
        names.withLock { $0[key] = name }
        return name
    }
}
