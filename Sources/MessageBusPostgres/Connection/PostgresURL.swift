import Foundation
import NIOSSL
import PostgresNIO

/// A PostgreSQL connection URL, as `psql` and libpq read it, turned into
/// postgres-nio configurations.
///
/// ```
/// postgres://user:password@host:5432/database?sslmode=disable
/// postgresql://app@db.internal/shop?sslmode=require&application_name=relay
/// postgres:///shop?host=/var/run/postgresql
/// postgres://app@127.0.0.1/shop?options=-c%20search_path%3Dsales
/// ```
///
/// Supported query parameters: `sslmode` (`disable`; `allow` and `prefer`,
/// the default, try TLS without checking the certificate; `require` uses TLS
/// without checking the certificate; `verify-ca` checks the certificate;
/// `verify-full` also checks the host name), `host` (a folder starts with
/// `/`: a Unix socket), `port` (1 to 65535, as in the authority), `user`,
/// `password`, `dbname`,
/// `application_name`, `connect_timeout` (seconds) and `options` (`-c
/// name=value` settings sent at startup). Other parameters are an error, and
/// so is an empty value for `sslmode`, `host`, `port`, `user`, `dbname` or
/// `connect_timeout`. User, password and database are percent-decoded. An
/// IPv6 address is written in brackets (`postgres://app@[::1]:5432/shop`);
/// ``host`` holds it without them.
///
/// ## Topics
/// ### Reading a URL
/// - ``init(_:)``
/// - ``ParseError``
/// ### Configurations
/// - ``clientConfiguration()``
/// - ``connectionConfiguration()``
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    /// How the connection uses TLS (libpq's `sslmode`).
    public enum TLSMode: String, Sendable, Equatable, CaseIterable {
        /// No TLS.
        case disable
        /// TLS if the server offers it, certificate not checked (libpq's `allow` and `prefer`).
        case prefer
        /// TLS, certificate not checked.
        case require
        /// TLS, certificate checked against the system's trust roots, host name not checked.
        case verifyCA = "verify-ca"
        /// TLS, certificate and host name checked.
        case verifyFull = "verify-full"
    }

    /// A run-time setting sent to the server at startup (`options=-c name=value`, `application_name`).
    public struct StartupParameter: Sendable, Equatable {
        /// The setting's name, for example `search_path`.
        public var name: String
        /// Its value.
        public var value: String

        /// Creates a parameter.
        ///
        /// - Parameters:
        ///   - name: The setting's name.
        ///   - value: Its value.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A URL that cannot be read; the text says why.
    public struct ParseError: Error, CustomStringConvertible, Equatable {
        /// What is wrong.
        public var description: String
    }

    /// The host name or address; `nil` for a Unix socket.
    public var host: String?
    /// The folder of the Unix socket (`host=/path`); `nil` for TCP.
    public var socketFolder: String?
    /// The port. Default: 5432.
    public var port: Int
    /// The user name.
    public var username: String
    /// The password, if any.
    public var password: String?
    /// The database; `nil` means the user's name.
    public var database: String?
    /// How TLS is used. Default: ``TLSMode/prefer``.
    public var tlsMode: TLSMode
    /// How long connecting may take. Default: 10 seconds.
    public var connectTimeout: Duration
    /// Settings sent at startup.
    public var startupParameters: [StartupParameter]

    /// Reads `text`.
    ///
    /// - Parameter text: A `postgres://` or `postgresql://` URL.
    /// - Throws: ``ParseError`` saying what is wrong.
    public init(_ text: String) throws {
        guard let components = URLComponents(string: text) else {
            _ = try Self.authorityPort(in: text) // a bad port says so
            throw ParseError(description: "not a URL: \(text)")
        }
        guard let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
            let found = components.scheme.map { "not \($0)://" } ?? "and this one has no scheme"
            throw ParseError(description: "a PostgreSQL URL starts with postgres:// or postgresql://, \(found)")
        }
        host = components.host.map(Self.unbracketed).flatMap { $0.isEmpty ? nil : $0 }
        socketFolder = nil
        port = try Self.authorityPort(in: text) ?? 5432
        username = components.user.flatMap { $0.removingPercentEncoding } ?? ""
        password = components.password.flatMap { $0.removingPercentEncoding }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? nil : (path.removingPercentEncoding ?? path)
        tlsMode = .prefer
        connectTimeout = .seconds(10)
        startupParameters = []

        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            if value.isEmpty, let error = Self.missingValue(item.name) {
                throw error
            }
            switch item.name {
            case "sslmode":
                switch value {
                case "disable": tlsMode = .disable
                case "allow", "prefer": tlsMode = .prefer
                case "require": tlsMode = .require
                case "verify-ca": tlsMode = .verifyCA
                case "verify-full": tlsMode = .verifyFull
                default: throw ParseError(description: "sslmode \(value) is not disable, allow, prefer, require, verify-ca or verify-full")
                }
            case "host":
                if value.hasPrefix("/") {
                    socketFolder = value
                    host = nil
                } else {
                    host = Self.unbracketed(value)
                }
            case "port":
                port = try Self.port(value)
            case "user":
                username = value
            case "password":
                password = value
            case "dbname":
                database = value
            case "application_name":
                startupParameters.append(StartupParameter(name: "application_name", value: value))
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else {
                    throw ParseError(description: "connect_timeout \(value) is not a positive number of seconds")
                }
                connectTimeout = .seconds(seconds)
            case "options":
                startupParameters += try Self.settings(in: value)
            default:
                throw ParseError(description: "unsupported URL parameter \(item.name)")
            }
        }
        if host == nil, socketFolder == nil {
            throw ParseError(description: "the URL names no host (postgres://user@host/database) and no socket folder (?host=/path)")
        }
        if username.isEmpty {
            throw ParseError(description: "the URL names no user (postgres://user@host/database)")
        }
    }

    /// The settings of libpq's `options` parameter: `-c name=value`,
    /// `-cname=value` or `--name=value`, separated by spaces.
    private static func settings(in options: String) throws -> [StartupParameter] {
        var settings: [StartupParameter] = []
        var words = options.split(whereSeparator: \.isWhitespace).map(String.init)[...]
        while let word = words.popFirst() {
            var assignment: String
            if word == "-c" {
                guard let next = words.popFirst() else {
                    throw ParseError(description: "options: -c needs name=value")
                }
                assignment = next
            } else if word.hasPrefix("--") {
                assignment = String(word.dropFirst(2))
            } else if word.hasPrefix("-c") {
                assignment = String(word.dropFirst(2))
            } else {
                throw ParseError(description: "options: \(word) is not -c name=value")
            }
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw ParseError(description: "options: \(assignment) is not name=value")
            }
            let name = assignment[..<equals].replacingOccurrences(of: "-", with: "_")
            assignment = String(assignment[assignment.index(after: equals)...])
            settings.append(StartupParameter(name: name, value: assignment))
        }
        return settings
    }

    /// The URL without its password.
    public var description: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = username
        components.host = host.map(Self.bracketed) ?? ""
        components.port = port
        components.path = "/" + (database ?? "")
        var items = [URLQueryItem(name: "sslmode", value: tlsMode.rawValue)]
        if let socketFolder {
            items.append(URLQueryItem(name: "host", value: socketFolder))
        }
        components.queryItems = items
        return components.string ?? "postgres://\(username)@\(host ?? "")"
    }

    private var tlsConfiguration: TLSConfiguration? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch tlsMode {
        case .disable:
            return nil
        case .prefer, .require:
            configuration.certificateVerification = .none
        case .verifyCA:
            configuration.certificateVerification = .noHostnameVerification
        case .verifyFull:
            configuration.certificateVerification = .fullVerification
        }
        return configuration
    }

    private var socketPath: String? {
        socketFolder.map { "\($0)/.s.PGSQL.\(port)" }
    }

    /// A configuration for a `PostgresClient` (a connection pool).
    public func clientConfiguration() -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socketPath {
            configuration = .init(unixSocketPath: socketPath, username: username, password: password, database: database)
        } else {
            let tls: PostgresClient.Configuration.TLS
            switch (tlsMode, tlsConfiguration) {
            case (_, nil): tls = .disable
            case (.prefer, let configuration?): tls = .prefer(configuration)
            case (_, let configuration?): tls = .require(configuration)
            }
            configuration = .init(host: host ?? "localhost", port: port, username: username, password: password, database: database, tls: tls)
        }
        configuration.options.connectTimeout = connectTimeout
        configuration.options.additionalStartupParameters = startupParameters.map { ($0.name, $0.value) }
        return configuration
    }

    /// A configuration for a single `PostgresConnection`.
    ///
    /// - Throws: NIOSSL's errors when the TLS context cannot be made (for
    ///   example the system's trust roots cannot be read).
    public func connectionConfiguration() throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socketPath {
            configuration = .init(unixSocketPath: socketPath, username: username, password: password, database: database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            switch (tlsMode, tlsConfiguration) {
            case (_, nil): tls = .disable
            case (.prefer, let configuration?): tls = .prefer(try NIOSSLContext(configuration: configuration))
            case (_, let configuration?): tls = .require(try NIOSSLContext(configuration: configuration))
            }
            configuration = .init(host: host ?? "localhost", port: port, username: username, password: password, database: database, tls: tls)
        }
        let seconds = connectTimeout.components.seconds
        configuration.options.connectTimeout = .seconds(seconds)
        configuration.options.additionalStartupParameters = startupParameters.map { ($0.name, $0.value) }
        return configuration
    }
}
