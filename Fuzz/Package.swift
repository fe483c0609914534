// swift-tools-version: 6.0
import PackageDescription

// libFuzzer targets for partystats, kept out of the main package so the fuzzer
// entry points and sanitizer flags never reach users. Build and run with
// `scripts/fuzz TARGET SECONDS` from the package root.
let package = Package(
    name: "partystats-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "partystats", path: ".."),
    ],
    targets: [
        .target(name: "FuzzDriver"),
        .target(name: "FuzzSupport", dependencies: [.product(name: "SheetReader", package: "partystats")]),
        .executableTarget(name: "FuzzCSV", dependencies: ["FuzzSupport", "FuzzDriver"]),
        .executableTarget(name: "FuzzXLSX", dependencies: ["FuzzSupport", "FuzzDriver"]),
        .executableTarget(name: "FuzzXLS", dependencies: ["FuzzSupport", "FuzzDriver"]),
        .executableTarget(name: "FuzzValues", dependencies: [.product(name: "PartyModel", package: "partystats"), "FuzzDriver"]),
    ],
    swiftLanguageModes: [.v6]
)
