// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "MessageBus",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "MessageBus", targets: ["MessageBus"]),
        .library(name: "MessageBusSQLite", targets: ["MessageBusSQLite"]),
        .library(name: "BusScript", targets: ["BusScript"]),
        .executable(name: "busctl", targets: ["busctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
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
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "MessageBusTests", dependencies: ["MessageBus"]),
        .testTarget(
            name: "MessageBusSQLiteTests",
            dependencies: [
                "MessageBus",
                "MessageBusSQLite",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
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
        .testTarget(name: "busctlTests", dependencies: ["busctl"]),
    ],
    swiftLanguageModes: [.v6]
)
