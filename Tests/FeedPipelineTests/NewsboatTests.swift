import FeedPipeline
import Foundation
import GRDB
import TestHTTPServer
import Testing

/// A real feed reader subscribed to the published feed: newsboat (Debian package `newsboat`, which .ci/run
/// installs) reloads `feed.atom` from a server on 127.0.0.1, headless, and its own SQLite cache is read back.
@Suite(.enabled(if: Newsboat.path != nil, "skipped: newsboat is not installed (apt-get install newsboat)"))
struct NewsboatTests {
    @Test func aRepostJoiningChangesNeitherTheItemsNorTheUnreadCount() async throws {
        try await PublishRunTests().withReleaseAndRoads { feeds, run, publish, output in
            _ = try await run.run(now: StoryRunTests.firstRun)
            _ = try publish.run(now: StoryRunTests.firstRun)
            let reader = try Newsboat(folder: URL(fileURLWithPath: output).deletingLastPathComponent())
            try await TestServer.run({ Self.serve(output, $0) }) { server in
                try await reader.reload(server.url("/feed.atom"))
                let items = try reader.items()
                #expect(
                    Set(items.map(\.title)) == [
                        "В Экибастузе открыли новую школу на 1 200 мест",
                        "В Павлодаре отремонтируют 25 километров дорог",
                    ])
                #expect(items.filter(\.unread).count == 2)

                // The paper reposts the release: the story gains an outlet, the reader sees nothing new.
                feeds.serve("/paper", [StoryRunTests.repost])
                _ = try await run.run(now: StoryRunTests.secondRun)
                #expect(try publish.run(now: StoryRunTests.secondRun).files.contains { $0 == ("feed.atom", true) })
                try await reader.reload(server.url("/feed.atom"))
                let after = try reader.items()
                #expect(after.count == 2)
                #expect(after.filter(\.unread).count == 2)
                #expect(Set(after.map(\.guid)) == Set(items.map(\.guid)))
            }
        }
    }

    /// The output folder's files, as a static server would serve them.
    @Sendable static func serve(_ folder: String, _ request: TestServer.Request) -> TestServer.Reply {
        let name = request.path.split(separator: "/").last.map(String.init) ?? ""
        guard !name.hasPrefix("."), let data = FileManager.default.contents(atPath: folder + "/" + name) else {
            return .respond(status: 404)
        }
        return .respond(
            status: 200, headers: [("Content-Type", "application/atom+xml; charset=utf-8")], body: Array(data))
    }
}

/// newsboat run headless (`-x reload`) with its own URL list, configuration and cache in a folder.
struct Newsboat {
    static let path = ["/usr/bin/newsboat", "/usr/local/bin/newsboat"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    struct Item {
        var title: String
        var guid: String
        var unread: Bool
    }

    let folder: URL

    init(folder: URL) throws {
        self.folder = folder.appendingPathComponent("newsboat")
        try FileManager.default.createDirectory(at: self.folder, withIntermediateDirectories: true)
        try Data().write(to: self.folder.appendingPathComponent("config"))
    }

    func reload(_ feedURL: String) async throws {
        try Data((feedURL + "\n").utf8).write(to: folder.appendingPathComponent("urls"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.path ?? "newsboat")
        process.arguments = [
            "-x", "reload", "-u", folder.appendingPathComponent("urls").path,
            "-c", folder.appendingPathComponent("cache.db").path, "-C", folder.appendingPathComponent("config").path,
        ]
        process.environment = ["HOME": folder.path, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Bounded: a reader that hangs fails the test instead of stopping the suite.
        for _ in 0..<600 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "newsboat -x reload exited with \(process.terminationStatus)")
    }

    /// The items newsboat keeps for the feed, from its own cache.
    func items() throws -> [Item] {
        let cache = try DatabaseQueue(path: folder.appendingPathComponent("cache.db").path)
        return try cache.read { db in
            try Row.fetchAll(db, sql: "SELECT title, guid, unread FROM rss_item ORDER BY guid").map {
                Item(title: $0["title"], guid: $0["guid"], unread: $0["unread"])
            }
        }
    }
}
