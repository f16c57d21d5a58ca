import FeedModel
import FeedPipeline
import FeedStore
import Foundation
import TestHTTPServer
import Testing

/// `feedmerge fetch` end to end: a sources file and a state file in a temporary folder, sources served by a
/// real HTTP server on 127.0.0.1.
struct FetchRunTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedmerge-run-\(UUID().uuidString)")
    var sourcesPath: String { folder.appendingPathComponent("sources.json").path }
    var statePath: String { folder.appendingPathComponent("state/state.sqlite").path }

    static let feed = Array(
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Акимат</title>
        <item><title>Первая</title><guid>1</guid></item><item><title>Вторая</title><guid>2</guid></item>
        </channel></rss>
        """.utf8)

    /// "Новости" in windows-1251, in a document that declares no encoding.
    static let windows1251: [UInt8] =
        Array("<rss version=\"2.0\"><channel><title>".utf8) + [0xCD, 0xEE, 0xE2, 0xEE, 0xF1, 0xF2, 0xE8]
        + Array("</title><item><title>x</title><guid>w</guid></item></channel></rss>".utf8)

    static let page = Array(
        """
        <!DOCTYPE html><html><head><title>Акимат</title>
        <link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body>Новости</body></html>
        """.utf8)

    func writeSources(_ server: TestServer, extra: String = "") throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let json = """
            {
              "title": "Test",
              "link": "https://example.kz/feed.atom",
              "sources": [
                {"name": "etag", "url": "\(server.url("/etag"))", "role": "origin"},
                {"name": "plain", "url": "\(server.url("/plain"))"},
                {"name": "cp1251", "url": "\(server.url("/cp1251"))"},
                {"name": "page", "url": "\(server.url("/page"))"},
                {"name": "off", "url": "\(server.url("/off"))", "enabled": false}\(extra)
              ]
            }
            """
        try Data(json.utf8).write(to: URL(fileURLWithPath: sourcesPath))
    }

    func withServer(_ body: (TestServer) async throws -> Void) async throws {
        try await TestServer.run(Self.route, body: body)
    }

    @Sendable static func route(_ request: TestServer.Request) -> TestServer.Reply {
        switch request.path {
        case "/etag":
            request.header("If-None-Match") == "\"1\""
                ? .respond(status: 304) : .respond(status: 200, headers: [("ETag", "\"1\"")], body: Self.feed)
        case "/plain": .respond(status: 200, body: Self.feed)
        case "/cp1251":
            .respond(status: 200, headers: [("Content-Type", "text/xml; charset=windows-1251")], body: Self.windows1251)
        case "/page": .respond(status: 200, headers: [("Content-Type", "text/html")], body: Self.page)
        default: .respond(status: 404)
        }
    }

    @Test func twoRunsThenNotModified() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withServer { server in
            try writeSources(server)
            let run = FetchRun(sourcesPath: sourcesPath, statePath: statePath)

            let first = try await run.run()
            #expect(first.sources.map(\.source.name) == ["etag", "plain", "cp1251", "page"])
            #expect(first.sources[0].result == .new(entries: 2))
            #expect(first.sources[1].result == .new(entries: 2))
            #expect(first.sources[2].feed?.title == "Новости")
            #expect(
                first.sources[3].result
                    == .failed(
                        "\(server.url("/page")): not a feed (an HTML page; it advertises \(server.url("/rss.xml")))")
            )
            #expect(server.counts.withLock { $0.byPath["/off"] } == nil)

            let second = try await run.run()
            #expect(second.sources[0].result == .notModified)
            #expect(second.sources[1].result == .sameBody)
            #expect(second.sources[2].result == .sameBody)
            guard case .skipped(let why) = second.sources[3].result else {
                Issue.record("the failed page was fetched again: \(second.sources[3].result)")
                return
            }
            #expect(why.hasPrefix("waiting until"))

            let states = try StateStore(path: statePath).sourceStates()
            #expect(states[server.url("/page")]?.consecutiveFailures == 1)
            #expect(states[server.url("/etag")]?.etag == "\"1\"")

            // The entries of both feeds and the windows-1251 one are kept; nothing was added twice.
            #expect(first.history.added == 5)
            #expect(second.history.added == 0)
            let stored = try StateStore(path: statePath).storedEntries()
            #expect(stored.count == 5)
            #expect(Set(stored.map(\.source)) == [server.url("/etag"), server.url("/plain"), server.url("/cp1251")])
        }
    }

    /// Entries stay while the source no longer lists them, until retention ends; then they do not come back.
    @Test func entriesExpireAfterTheRetention() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withServer { server in
            try writeSingle("{\"name\": \"p\", \"url\": \"\(server.url("/plain"))\"}")
            let monday = Date(timeIntervalSince1970: 1_800_000_000)
            let run = FetchRun(sourcesPath: sourcesPath, statePath: statePath)
            #expect(try await run.run(now: monday).history.added == 2)
            let week = try await run.run(now: monday.addingTimeInterval(7 * 86_400))
            #expect(week.expired == 0)
            #expect(try StateStore(path: statePath).storedEntries().count == 2)
            let later = try await run.run(now: monday.addingTimeInterval(31 * 86_400))
            #expect(later.expired == 2)
            #expect(try StateStore(path: statePath).storedEntries().isEmpty)
        }
    }

    @Test func aBrokenSourcesFileWritesNothing() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withServer { server in
            try writeSources(server, extra: ",\n    {\"name\": \"dup\", \"url\": \"\(server.url("/plain"))\"}")
            do throws(FetchRun.RunError) {
                _ = try await FetchRun(sourcesPath: sourcesPath, statePath: statePath).run()
                Issue.record("a duplicate URL was accepted")
            } catch {
                #expect(error.description.contains("sources.json:10:28: error: source 6 (dup): the URL"))
                #expect(error.description.hasSuffix("nothing was fetched or written"))
            }
            #expect(FileManager.default.fileExists(atPath: statePath) == false)
            #expect(server.counts.withLock { $0.requests } == 0)
        }
    }

    func writeSingle(_ source: String) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("{\"title\": \"T\", \"link\": \"https://e.kz/f\", \"sources\": [\(source)]}".utf8).write(
            to: URL(fileURLWithPath: sourcesPath))
    }

    /// A source that keeps serving a page instead of a feed backs off further each time, and never counts as a
    /// success.
    @Test func notAFeedBacksOffFurtherEachRun() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withServer { server in
            try writeSingle("{\"name\": \"p\", \"url\": \"\(server.url("/page"))\"}")
            let run = FetchRun(sourcesPath: sourcesPath, statePath: statePath)
            var now = Date(timeIntervalSince1970: 1_800_000_000)
            var record: [(failures: Int, minutes: Double, succeeded: Bool)] = []
            for _ in 0..<3 {
                _ = try await run.run(now: now)
                let state = try #require(try StateStore(path: statePath).sourceStates()[server.url("/page")])
                let next = try #require(state.nextAttempt)
                record.append((state.consecutiveFailures, next.timeIntervalSince(now) / 60, state.lastSuccess != nil))
                now = next.addingTimeInterval(1)
            }
            #expect(record.map(\.failures) == [1, 2, 3])
            #expect(record.map(\.minutes) == [15, 30, 60])
            #expect(record.map(\.succeeded) == [false, false, false])
        }
    }

    /// Editing a source's entry (a corrected charset) gets its feed fetched in full and parsed again.
    @Test func anEditedEntryIsReadAgain() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withServer { server in
            try writeSingle("{\"name\": \"e\", \"url\": \"\(server.url("/etag"))\"}")
            let run = FetchRun(sourcesPath: sourcesPath, statePath: statePath)
            #expect(try await run.run().sources[0].result == .new(entries: 2))
            #expect(try await run.run().sources[0].result == .notModified)
            try writeSingle("{\"name\": \"e\", \"url\": \"\(server.url("/etag"))\", \"charset\": \"windows-1251\"}")
            #expect(try await run.run().sources[0].result == .new(entries: 2))
        }
    }
}
