// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "MessageBus",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "MessageBus", targets: ["MessageBus"]),
        .library(name: "MessageBusSQLite", targets: ["MessageBusSQLite"]),
        .library(name: "MessageBusPostgres", targets: ["MessageBusPostgres"]),
        .library(name: "BusScript", targets: ["BusScript"]),
        .executable(name: "busctl", targets: ["busctl"]),
        .executable(name: "busbench", targets: ["busbench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(
            name: "MessageBus",
            dependencies: [.product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "MessageBusSQLite",
            dependencies: [
                "MessageBus",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "MessageBusPostgres",
            dependencies: [
                "MessageBus",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "BusScript",
            dependencies: [
                "MessageBus",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .executableTarget(
            name: "busctl",
            dependencies: [
                "BusScript",
                "CEditLine",
                "MessageBus",
                "MessageBusSQLite",
                "MessageBusPostgres",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "MessageBusTests", dependencies: ["MessageBus"]),
        .testTarget(
            name: "MessageBusSQLiteTests",
            dependencies: [
                "MessageBus",
                "MessageBusSQLite",
                "OutboxTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "MessageBusPostgresTests",
            dependencies: [
                "MessageBus",
                "MessageBusPostgres",
                "OutboxTestSupport",
                "PostgresRelayFixture",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // A relay process that the PostgreSQL tests start and kill.
        .executableTarget(
            name: "PostgresRelayFixture",
            dependencies: [
                "MessageBus",
                "MessageBusPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/PostgresRelayFixture"
        ),
        // The outbox's behavioural suite, shared by the test targets of every store.
        .target(
            name: "OutboxTestSupport",
            dependencies: [
                "MessageBus",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/OutboxTestSupport"
        ),
        .testTarget(
            name: "AsyncMessageBusTests",
            dependencies: [
                "MessageBus",
                "MessageBusSQLite",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "BusScriptTests", dependencies: ["BusScript"]),
        // The PostgreSQL client is there for the tests of `--postgres` and `busctl relay`,
        // which make a schema of their own per test.
        .testTarget(
            name: "busctlTests",
            dependencies: [
                "busctl",
                "MessageBusPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The benchmark's workloads (issue 7), shared by `busbench` and their checks in the tests.
        .target(
            name: "BenchmarkWorkloads",
            dependencies: [
                "BusScript",
                "MessageBus",
                "MessageBusSQLite",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(name: "busbench", dependencies: ["BenchmarkWorkloads"]),
        .testTarget(name: "BenchmarkWorkloadsTests", dependencies: ["BenchmarkWorkloads", "BusScript"]),
    ],
    swiftLanguageModes: [.v6]
)
