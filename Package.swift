// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "feedmerge",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "feedmerge", targets: ["feedmerge"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // The HTTP server the fetcher is tested against on 127.0.0.1; FeedServe's ByteBuffers and thread pool.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // `feedmerge serve`: the output folder over HTTP, gzip (system zlib), one lifecycle for server and runs.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Logs on stderr (`--log-level`).
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // libxml2 from the system (Debian: libxml2-dev); see shim.h for the one line every clean build needs.
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        // glibc's mallopt, which Swift's Glibc module leaves out: the executable limits malloc's arenas.
        .systemLibrary(name: "CGlibcMalloc"),
        // The next byte an escaper must look at, 16 bytes at a time (SSE2, NEON, or a plain loop): C, because
        // Swift's SIMD types compiled the comparisons to a loop per lane.
        .target(name: "CByteScan"),
        // The shared article model: Sendable values; no dependency but the escapers' byte scan.
        .target(name: "FeedModel", dependencies: ["CByteScan"]),
        // Detect, parse and normalize RSS/Atom into FeedModel; the only libxml2 user.
        .target(
            name: "FeedParse",
            dependencies: [
                "FeedModel",
                "CLibXML2",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // feeds/sources.json: reading and checking it, with every problem at its line and column.
        .target(
            name: "FeedSources",
            dependencies: [
                "FeedModel",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The state between runs in SQLite (system libsqlite3): all SQL lives here.
        .target(
            name: "FeedStore",
            dependencies: [
                "FeedModel",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, as GRDB links it: for the columns read straight from a statement (`StoredDate`,
                // an entry's JSON in `storedEntries`).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // Fetching sources over HTTP with URLSession: conditional requests, limits, redirects, back-off.
        .target(
            name: "FeedFetch",
            dependencies: [
                "FeedModel",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Reposts merged into stories: text normalization, features, guards and clustering.
        .target(name: "FeedDedupe", dependencies: ["FeedModel", "FeedParse"]),
        // The merged feed written out: Atom, JSON Feed, an HTML page and OPML, atomically.
        .target(name: "FeedPublish", dependencies: ["FeedModel", "CByteScan"]),
        // The run: sources -> fetch -> parse -> state -> dedupe -> publish.
        .target(
            name: "FeedPipeline",
            dependencies: [
                "FeedModel", "FeedSources", "FeedFetch", "FeedParse", "FeedStore", "FeedDedupe", "FeedPublish",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `feedmerge serve`: the output folder over HTTP (Hummingbird) and the schedule of pipeline runs.
        .target(
            name: "FeedServe",
            dependencies: [
                "FeedModel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "feedmerge",
            dependencies: [
                "CGlibcMalloc",
                "FeedPipeline",
                "FeedDedupe",
                "FeedPublish",
                "FeedFetch",
                "FeedModel",
                "FeedParse",
                "FeedSources",
                "FeedStore",
                "FeedServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // `make bench`: generates a corpus and compares feedmerge's parser with raw libxml2 SAX.
        .executableTarget(
            name: "feedmerge-bench",
            dependencies: [
                "FeedModel", "FeedParse", "CLibXML2", "FeedFetch", "FeedPipeline", "FeedDedupe", "TestHTTPServer",
            ]
        ),
        .testTarget(
            name: "FeedSourcesTests",
            dependencies: ["FeedModel", "FeedSources"]
        ),
        // Tests only: a scriptable HTTP server on 127.0.0.1 (SwiftNIO) for the fetcher and the pipeline.
        .target(
            name: "TestHTTPServer",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "FeedFetchTests",
            dependencies: ["FeedModel", "FeedFetch", "TestHTTPServer"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "FeedPipelineTests",
            // GRDB directly only to read a real feed reader's (newsboat's) cache.
            dependencies: [
                "FeedModel", "FeedPipeline", "FeedStore", "TestHTTPServer", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "FeedDedupeTests",
            dependencies: ["FeedDedupe", "FeedModel"]
        ),
        .testTarget(
            name: "FeedStoreTests",
            // GRDB directly only to write a state file of an earlier schema.
            dependencies: ["FeedModel", "FeedStore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Tests only: libxml2's RELAX NG validator (relaxng.h), which the program's CLibXML2 shim leaves out.
        .systemLibrary(
            name: "CLibXML2RelaxNG",
            path: "Tests/CLibXML2RelaxNG",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),
        .testTarget(
            name: "FeedPublishTests",
            // libxml2 directly to check the output: well-formed, and valid against RFC 4287's RELAX NG schema.
            dependencies: ["CByteScan", "FeedModel", "FeedPublish", "CLibXML2", "CLibXML2RelaxNG"],
            exclude: ["Fixtures"]
        ),
        // The real server on 127.0.0.1 with URLSession and a raw NIO client (exact paths, undecoded gzip).
        .testTarget(
            name: "FeedServeTests",
            dependencies: [
                "FeedServe",
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "FeedParseTests",
            dependencies: ["FeedModel", "FeedParse"],
            exclude: ["Fixtures"]
        ),
    ]
)
