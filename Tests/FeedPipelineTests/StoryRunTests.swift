import FeedModel
import FeedPipeline
import FeedStore
import Foundation
import Synchronization
import TestHTTPServer
import Testing

/// Stories across runs of `feedmerge fetch`: feeds served by a real HTTP server on 127.0.0.1 that change between
/// runs, and the state in a real SQLite file.
struct StoryRunTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedmerge-stories-\(UUID().uuidString)")
    var sourcesPath: String { folder.appendingPathComponent("sources.json").path }
    var statePath: String { folder.appendingPathComponent("state.sqlite").path }

    /// The first run's time (2026-06-01 12:00 UTC); the items are dated from 06:00 on.
    static let firstRun = Date(timeIntervalSince1970: 1_780_315_200)
    static let secondRun = firstRun.addingTimeInterval(3 * 3_600)

    /// What each path serves; the test changes it between runs.
    final class Feeds: Sendable {
        private let bodies = Mutex<[String: [UInt8]]>([:])

        func serve(_ path: String, _ items: [String]) {
            let rss = """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>\(path)</title><link>https://example.kz\(path)</link>
                \(items.joined(separator: "\n"))
                </channel></rss>
                """
            bodies.withLock { $0[path] = Array(rss.utf8) }
        }

        func route(_ request: TestServer.Request) -> TestServer.Reply {
            bodies.withLock { $0[request.path] }.map { .respond(status: 200, body: $0) } ?? .respond(status: 404)
        }
    }

    static func item(guid: String, link: String, hours: Double, _ title: String, _ html: String) -> String {
        let date = Date(timeIntervalSince1970: 1_780_293_600 + hours * 3_600)  // 2026-06-01 06:00 UTC + hours
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return """
            <item><title>\(title)</title><link>\(link)</link><guid isPermaLink="false">\(guid)</guid>
            <pubDate>\(formatter.string(from: date))</pubDate><description><![CDATA[\(html)]]></description></item>
            """
    }

    static let releaseLink = "https://pavlodar.gov.kz/news/2026/06/ekibastuz-school"

    /// The akimat's release.
    static func release(guid: String = "pvl-1001", edited: Bool = false) -> String {
        item(
            guid: guid, link: releaseLink, hours: 0, "В Экибастузе открыли новую школу на 1 200 мест",
            """
            <p>Аким Павлодарской области Асаин Байханов открыл в Экибастузе новую школу на 1 200 мест. Строительство \
            обошлось в 7,8 млрд тенге из республиканского и местного бюджетов.</p>
            <p>В школе 48 кабинетов, спортивный и актовый залы, столовая на 600 мест, кабинет робототехники и \
            бассейн. Занятия в новом здании начнутся 1 сентября.</p>
            <p>– Новая школа снимет проблему трехсменного обучения в микрорайоне Восточный, – отметил Асаин \
            Байханов.</p>
            \(edited ? "<p>Школа названа в честь Каныша Сатпаева.</p>" : "")
            <p>Пресс-служба акимата Павлодарской области</p>
            """)
    }

    /// A newspaper's repost, hours later: title reworded, lead rearranged, figures written another way, a photo
    /// credit added.
    static let repost = item(
        guid: "ekb-77", link: "https://ekibastuz-gazeta.kz/obshestvo/77", hours: 4,
        "Новая школа на 1200 мест открылась в Экибастузе",
        """
        <p>В Экибастузе открылась новая школа на 1200 мест. Ее открыл аким Павлодарской области Асаин Байханов. \
        Строительство обошлось в 7,8 млрд тенге из республиканского и местного бюджетов.</p>
        <p>В школе 48 кабинетов, спортивный и актовый залы, столовая на 600 мест, кабинет робототехники и бассейн. \
        Занятия в новом здании начнутся 1 сентября.</p>
        <p>- Новая школа снимет проблему трехсменного обучения в микрорайоне Восточный, - отметил Асаин Байханов.</p>
        <p>Фото: пресс-служба акимата</p>
        """)

    /// Another story of the same akimat the same day.
    static let roads = item(
        guid: "pvl-1002", link: "https://pavlodar.gov.kz/news/2026/06/roads", hours: 1,
        "В Павлодаре отремонтируют 25 километров дорог",
        """
        <p>В Павлодаре в этом году отремонтируют 25 километров городских дорог, сообщил заместитель акима города \
        Ерлан Тлеубаев. На эти цели из местного бюджета выделено 4,3 млрд тенге.</p>
        <p>Первыми отремонтируют улицы Ломова и Естая. Работы завершат до 15 октября.</p>
        """)

    func withSources(_ feeds: Feeds, _ body: (TestServer, FetchRun) async throws -> Void) async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try await TestServer.run(feeds.route) { server in
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let json = """
                {"title": "T", "link": "https://e.kz/f", "sources": [
                  {"name": "akimat", "url": "\(server.url("/akimat"))", "role": "origin"},
                  {"name": "paper", "url": "\(server.url("/paper"))"}
                ]}
                """
            try Data(json.utf8).write(to: URL(fileURLWithPath: sourcesPath))
            try await body(server, FetchRun(sourcesPath: sourcesPath, statePath: statePath))
        }
    }

    /// The story of the entry with this link.
    func story(ofLink link: String) throws -> String? {
        try StateStore(path: statePath).storedEntries().first { $0.entry.link == link }?.story
    }

    @Test func aRepostInTheSecondRunJoinsTheStoryWhoseIdAndUpdatedStay() async throws {
        let feeds = Feeds()
        feeds.serve("/akimat", [Self.release(), Self.roads])
        feeds.serve("/paper", [])
        try await withSources(feeds) { server, run in
            let first = try await run.run(now: Self.firstRun)
            #expect(first.stories.created == 2 && first.stories.merged == 0)
            let before = try StateStore(path: statePath).stories()
            #expect(before.count == 2)
            let storyID = try #require(try story(ofLink: Self.releaseLink))

            feeds.serve("/paper", [Self.repost])
            let second = try await run.run(now: Self.secondRun)
            #expect(second.history.added == 1)
            #expect(second.stories == StoryChange(merged: 1))
            #expect(try story(ofLink: "https://ekibastuz-gazeta.kz/obshestvo/77") == storyID)
            // Ids, dates and canonical entries as they were: the repost is not news.
            #expect(try StateStore(path: statePath).stories() == before)
            let release = try #require(before.first { $0.id == storyID })
            #expect(release.canonical == EntryKey(source: server.url("/akimat"), entryID: "pvl-1001"))
            #expect(release.updated == Date(timeIntervalSince1970: 1_780_293_600))
        }
    }

    @Test func theReleaseArrivingAfterItsRepostBecomesCanonicalAndTheStoryKeepsIdAndUpdated() async throws {
        let feeds = Feeds()
        feeds.serve("/akimat", [])
        feeds.serve("/paper", [Self.repost])
        try await withSources(feeds) { server, run in
            _ = try await run.run(now: Self.firstRun)
            let before = try #require(try StateStore(path: statePath).stories().first)

            feeds.serve("/akimat", [Self.release()])
            let second = try await run.run(now: Self.secondRun)
            #expect(second.stories.created == 0 && second.stories.merged == 1)
            let after = try StateStore(path: statePath).stories()
            #expect(after.map(\.id) == [before.id])
            #expect(after.first?.updated == before.updated)
            #expect(after.first?.canonical == EntryKey(source: server.url("/akimat"), entryID: "pvl-1001"))
            #expect(after.first?.published == Date(timeIntervalSince1970: 1_780_293_600))
        }
    }

    @Test func aSourceDroppingAnEntryKeepsItsStory() async throws {
        let feeds = Feeds()
        feeds.serve("/akimat", [Self.release(), Self.roads])
        feeds.serve("/paper", [Self.repost])
        try await withSources(feeds) { _, run in
            _ = try await run.run(now: Self.firstRun)
            let before = try StateStore(path: statePath).stories()
            let storyID = try story(ofLink: Self.releaseLink)
            #expect(before.count == 2)

            feeds.serve("/akimat", [Self.roads])  // the release left the feed's window
            let second = try await run.run(now: Self.secondRun)
            #expect(second.stories == StoryChange())
            #expect(try StateStore(path: statePath).stories() == before)
            #expect(try story(ofLink: Self.releaseLink) == storyID)
        }
    }

    @Test func aGuidChangeAtTheSourceCreatesNoSecondStory() async throws {
        let feeds = Feeds()
        feeds.serve("/akimat", [Self.release()])
        feeds.serve("/paper", [Self.repost])
        try await withSources(feeds) { server, run in
            _ = try await run.run(now: Self.firstRun)
            let before = try StateStore(path: statePath).stories()
            #expect(before.count == 1)

            feeds.serve("/akimat", [Self.release(guid: Self.releaseLink + "?utm_source=rss")])  // same link
            let second = try await run.run(now: Self.secondRun)
            #expect(second.history.added == 0)
            #expect(second.stories == StoryChange())
            let state = try StateStore(path: statePath)
            #expect(try state.storedEntries().count == 2)
            let after = try state.stories()
            #expect(after.map(\.id) == before.map(\.id))
            #expect(after.first?.updated == before.first?.updated)
            // The story follows its canonical entry to the new guid.
            #expect(
                after.first?.canonical
                    == EntryKey(source: server.url("/akimat"), entryID: Self.releaseLink + "?utm_source=rss"))
        }
    }

    @Test func anUnchangedSecondRunCreatesNoStories() async throws {
        let feeds = Feeds()
        feeds.serve("/akimat", [Self.release(), Self.roads])
        feeds.serve("/paper", [Self.repost])
        try await withSources(feeds) { _, run in
            let first = try await run.run(now: Self.firstRun)
            #expect(first.stories.created == 2 && first.stories.merged == 1)
            let before = try StateStore(path: statePath).stories()

            let second = try await run.run(now: Self.secondRun)
            #expect(second.sources.map(\.result) == [.sameBody, .sameBody])
            #expect(second.stories == StoryChange())
            #expect(try StateStore(path: statePath).stories() == before)
        }
    }

    @Test func anEditOfTheReleaseMovesItsStorysUpdatedToTheRun() async throws {
        let feeds = Feeds()
        feeds.serve("/akimat", [Self.release()])
        feeds.serve("/paper", [Self.repost])
        try await withSources(feeds) { _, run in
            _ = try await run.run(now: Self.firstRun)
            let before = try #require(try StateStore(path: statePath).stories().first)

            feeds.serve("/akimat", [Self.release(edited: true)])
            let second = try await run.run(now: Self.secondRun)
            #expect(second.history.edited == 1)
            #expect(second.stories.edited == 1 && second.stories.created == 0)
            let after = try StateStore(path: statePath).stories()
            #expect(after.map(\.id) == [before.id])
            #expect(after.first?.updated == Self.secondRun)
            #expect(after.first?.canonicalHash != before.canonicalHash)
        }
    }
}
