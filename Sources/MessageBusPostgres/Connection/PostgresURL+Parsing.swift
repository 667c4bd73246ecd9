/// The parts of a URL that `PostgresURL` reads itself rather than through
/// Foundation's `URLComponents`: the port (which `URLComponents` may
/// truncate or drop when it is out of range, and which postgres-nio would
/// wrap modulo 65536) and the brackets of an IPv6 literal host.
extension PostgresURL {
    /// The port typed in the authority of `text` (`postgres://user@host:PORT/…`),
    /// checked; nil when the authority names no port (or an empty one).
    ///
    /// - Throws: ``ParseError`` when the port is not a number from 1 to 65535.
    static func authorityPort(in text: String) throws -> Int? {
        guard let portText = authorityPortText(in: text), !portText.isEmpty else { return nil }
        return try port(String(portText))
    }

    /// `text` as a port number.
    ///
    /// - Throws: ``ParseError`` ("port N is not a number from 1 to 65535")
    ///   for anything but 1 to 65535 in decimal digits: 0, 65536, `-1`,
    ///   `99999999999999999999`, `5432x`.
    static func port(_ text: String) throws -> Int {
        let digits = text.drop { $0 == "0" }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }),
              digits.count <= 5, let number = Int(digits), (1...65_535).contains(number) else {
            throw ParseError(description: "port \(text) is not a number from 1 to 65535")
        }
        return number
    }

    /// `host` without the brackets of an IPv6 literal (`[::1]` is `::1`),
    /// which the resolver does not understand.
    static func unbracketed(_ host: String) -> String {
        guard host.hasPrefix("["), host.hasSuffix("]"), host.count >= 2 else { return host }
        return String(host.dropFirst().dropLast())
    }

    /// `host` as a URL writes it: an IPv6 literal in brackets.
    static func bracketed(_ host: String) -> String {
        host.contains(":") ? "[\(host)]" : host
    }

    /// The text after the host's `:` in the authority of `text`, as typed;
    /// nil when there is no `:` after the host.
    private static func authorityPortText(in text: String) -> Substring? {
        guard let schemeEnd = text.range(of: "://") else { return nil }
        let rest = text[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostAndPort = authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority
        var afterHost = hostAndPort[...]
        if hostAndPort.hasPrefix("[") {
            guard let close = hostAndPort.firstIndex(of: "]") else { return nil }
            afterHost = hostAndPort[hostAndPort.index(after: close)...]
        } else if let colon = hostAndPort.firstIndex(of: ":") {
            afterHost = hostAndPort[colon...]
        } else {
            return nil
        }
        guard afterHost.first == ":" else { return nil }
        return afterHost.dropFirst()
    }

    /// The error for a parameter given without a value (`?sslmode`,
    /// `?port=`): what it needs instead.
    static func missingValue(_ name: String) -> ParseError? {
        let wanted: String
        switch name {
        case "sslmode": wanted = "disable, allow, prefer, require, verify-ca or verify-full"
        case "port": wanted = "a number from 1 to 65535"
        case "connect_timeout": wanted = "a positive number of seconds"
        case "host": wanted = "a host name, an address or a socket folder (/path)"
        case "user": wanted = "a user name"
        case "dbname": wanted = "a database name"
        default: return nil // password, application_name and options may be empty
        }
        return ParseError(description: "\(name) needs a value: \(wanted)")
    }
}
