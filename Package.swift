// swift-tools-version: 6.1
import PackageDescription

// Layers (see STYLE.md): C system libraries -> thin Swift wrappers (the only
// code that imports C) -> sheet reading -> domain model and import pipeline ->
// store -> the import session (PartySession) beside analytics -> workbook and exports
// -> the `partystats` command.
let package = Package(
    name: "partystats",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "partystats", targets: ["partystats"]),
        // For the fuzz targets in Fuzz/ (a separate package that depends on this one by path).
        .library(name: "SheetReader", targets: ["SheetReader"]),
        .library(name: "PartyModel", targets: ["PartyModel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The local web page (`partystats serve`): only PartyWeb and the executable use it.
        // Without its swift-configuration trait (not used), which would be built too.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        // Hummingbird's own dependencies, named because PartyWeb uses two of their modules.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C system libraries from Debian.
        .systemLibrary(name: "CLibCSV", path: "Sources/CLibCSV", providers: [.apt(["libcsv-dev"])]),
        .systemLibrary(name: "CLibCrypto", path: "Sources/CLibCrypto", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CXLSXWriter", path: "Sources/CXLSXWriter", pkgConfig: "xlsxwriter",
                       providers: [.apt(["libxlsxwriter-dev"])]),
        .systemLibrary(name: "CExpat", path: "Sources/CExpat", pkgConfig: "expat",
                       providers: [.apt(["libexpat1-dev"])]),

        // Thin Swift wrappers: the only modules that touch C.
        .target(name: "LibCSV", dependencies: ["CLibCSV"]),
        .target(name: "Digest", dependencies: ["CLibCrypto"]),
        // Binding rows straight to GRDB's prepared statements (the import's hot path).
        .target(name: "SQLiteBinding", dependencies: [
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        .target(name: "TextCodec"),
        .target(name: "XLSXWriter", dependencies: ["CXLSXWriter"]),
        .target(name: "Expat", dependencies: ["CExpat"]),
        // The one way import threads hand work to each other (no C, no domain).
        .target(name: "HandOff"),

        // Reading: any supported file -> sheets -> rows of raw cells.
        .target(name: "SheetReader", dependencies: [
            "PartyModel", "LibCSV", "TextCodec", "Expat", "HandOff",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // Domain types and value normalisation (no C, no I/O).
        .target(name: "PartyModel"),
        // Header detection, table recognition, rows -> typed records + problems.
        .target(name: "PartyImport", dependencies: [
            "SheetReader", "PartyModel", "Digest", "HandOff", .product(name: "Yams", package: "Yams"),
        ]),
        // The SQLite store.
        .target(name: "PartyStore", dependencies: [
            "PartyImport", "PartyModel", "SQLiteBinding", "HandOff", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // The import use case: replace rule, one transaction, pipeline into the store.
        .target(name: "PartySession", dependencies: ["PartyImport", "PartyStore", "PartyModel"]),
        // Indicators, checks, year over year.
        .target(name: "PartyAnalytics", dependencies: [
            "PartyStore", "PartyModel", "SQLiteBinding", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // The leaders' workbook and the data-package export.
        .target(name: "PartyReport", dependencies: [
            "PartyAnalytics", "PartyStore", "PartyImport", "PartyModel", "XLSXWriter",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // The command line: parsing and printing only, no business logic.
        .target(name: "PartyStatsCommands", dependencies: [
            "SheetReader", "PartyModel", "PartyImport", "PartyStore", "PartySession", "PartyAnalytics", "PartyReport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The local web page (`partystats serve`): the same library calls and JSON as the
        // command line, over HTTP on 127.0.0.1 with a token. The only module with a web server.
        .target(name: "PartyWeb", dependencies: [
            "PartyStatsCommands", "SheetReader", "PartyImport", "PartyStore", "PartySession", "PartyAnalytics", "PartyReport",
            "PartyModel",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], resources: [
            .embedInCode("Assets/index.html"), .embedInCode("Assets/indicators.html"),
            .embedInCode("Assets/compare.html"), .embedInCode("Assets/report.html"),
            .embedInCode("Assets/common.js"), .embedInCode("Assets/import.js"), .embedInCode("Assets/figures.js"),
            .embedInCode("Assets/charts.js"), .embedInCode("Assets/app.css"),
        ]),
        .executableTarget(name: "partystats", dependencies: ["PartyStatsCommands", "PartyWeb"]),

        // Tests: one target per module, plus shared support.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LibCSVTests", dependencies: ["LibCSV", "TestSupport"]),
        .testTarget(name: "DigestTests", dependencies: ["Digest"]),
        .testTarget(name: "TextCodecTests", dependencies: ["TextCodec"]),
        .testTarget(name: "ExpatTests", dependencies: ["Expat"]),
        .testTarget(name: "HandOffTests", dependencies: ["HandOff"]),
        .testTarget(name: "XLSXWriterTests", dependencies: ["XLSXWriter", "PartyModel", "TestSupport"]),
        .testTarget(name: "SQLiteBindingTests", dependencies: [
            "SQLiteBinding", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "SheetReaderTests", dependencies: ["SheetReader", "TestSupport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "PartyModelTests", dependencies: ["PartyModel"]),
        .testTarget(name: "PartyImportTests", dependencies: ["PartyImport", "SheetReader", "TestSupport"],
                    resources: [.copy("Fixtures"), .copy("KindFixtures")]),
        // PartySession imports the stores the store tests read.
        .testTarget(name: "PartyStoreTests", dependencies: ["PartyStore", "PartyImport", "PartySession", "TestSupport"]),
        .testTarget(name: "PartySessionTests", dependencies: ["PartySession", "PartyStore", "PartyImport", "TestSupport"]),
        .testTarget(name: "PartyAnalyticsTests", dependencies: ["PartyAnalytics", "PartyStore", "PartyImport", "PartySession",
                                                                "TestSupport"],
                    exclude: ["Golden"]),
        .testTarget(name: "PartyReportTests", dependencies: ["PartyReport", "XLSXWriter", "PartyAnalytics", "TestSupport"]),
        .testTarget(name: "PartyStatsCommandsTests", dependencies: ["PartyStatsCommands", "TestSupport"],
                    exclude: ["Golden"]),
        .testTarget(name: "PartyWebTests", dependencies: [
            "PartyWeb", "TestSupport", .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        .testTarget(name: "RobustnessTests", dependencies: ["SheetReader", "PartyImport", "PartyStore", "PartyModel", "TestSupport"],
                    exclude: ["Crashers", "Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
