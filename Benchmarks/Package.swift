// swift-tools-version: 6.0
import PackageDescription

// Benchmark tools for issue 7, kept out of the product's dependency graph (like
// Fuzz/): they depend on the partystats package by path and are built only by
// scripts/bench/run.
let package = Package(
    name: "partystats-bench",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "partystats", path: ".."),
    ],
    targets: [
        // The reading path alone: open a file with partystats' readers and walk every
        // row and cell of its first sheet, as the import does, with no output.
        .executableTarget(name: "read-rows", dependencies: [.product(name: "SheetReader", package: "partystats")]),
    ],
    swiftLanguageModes: [.v6]
)
