import Foundation
import Testing

@testable import FeedPublish

struct JSONFeedWriterTests {
    /// The document as Foundation's own JSON parser reads it.
    private func decoded(_ feed: PublishedFeed = SampleFeed.feed) throws -> [String: Any] {
        let data = JSONFeedWriter.write(feed)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private func items(_ document: [String: Any]) throws -> [[String: Any]] {
        try #require(document["items"] as? [[String: Any]])
    }

    @Test func theFeedNamesVersionTitleAndItsAddresses() throws {
        let document = try decoded()
        #expect(document["version"] as? String == "https://jsonfeed.org/version/1.1")
        #expect(document["title"] as? String == SampleFeed.feed.title)
        #expect(document["home_page_url"] as? String == "https://example.kz/feedmerge/")
        #expect(document["feed_url"] as? String == "https://example.kz/feedmerge/feed.json")
        // The sources speak Russian and Kazakh: no one language for the feed.
        #expect(document["language"] == nil)
    }

    @Test func itemsKeepTheFeedsOrderIdsAndDates() throws {
        let items = try items(try decoded())
        #expect(items.map { $0["id"] as? String } == SampleFeed.feed.stories.map(\.id))
        #expect(items[0]["date_published"] as? String == "2026-11-27T05:15:00Z")
        #expect(items[0]["date_modified"] as? String == "2026-11-27T06:10:00Z")
        #expect(items[1]["date_published"] == nil)
        #expect(items[1]["date_modified"] as? String == "2026-11-26T04:00:00Z")
        #expect(items[0]["url"] as? String == "https://almaty.gov.kz/news/1")
        #expect(items[0]["tags"] as? [String] == ["Алматы", "образование"])
        #expect(items[1]["language"] as? String == "kk")
    }

    @Test func contentEndsWithTheFooterNamingEveryOutlet() throws {
        let items = try items(try decoded())
        let content = try #require(items[0]["content_html"] as? String)
        #expect(content.hasPrefix(SampleFeed.school.html ?? "-"))
        #expect(
            content.hasSuffix(
                "<p>Опубликовали: <a href=\"https://almaty.gov.kz/news/1\">Акимат Алматы</a>, "
                    + "<a href=\"https://www.inform.kz/ru/school?a=1&amp;b=2\">Kazinform &amp; &lt;Co&gt;</a></p>"))
        let outlets = try #require((items[0]["_feedmerge"] as? [String: Any])?["outlets"] as? [[String: String]])
        #expect(outlets.map { $0["name"] } == ["Акимат Алматы", "Kazinform & <Co>"])
    }

    @Test func aSummaryIsMarkedAndGivenAsPlainText() throws {
        let items = try items(try decoded())
        #expect(items[0]["summary"] == nil)
        #expect((items[0]["_feedmerge"] as? [String: Any])?["full_text"] as? Bool == true)
        #expect(items[1]["summary"] as? String == "Қала әкімі жаңа көпірді салтанатты түрде ашты.")
        #expect((items[1]["_feedmerge"] as? [String: Any])?["full_text"] as? Bool == false)
        #expect((items[1]["content_html"] as? String)?.hasPrefix(SampleFeed.bridge.html ?? "-") == true)
    }

    @Test func authorsAreTheStorysOrElseItsOutlet() throws {
        let items = try items(try decoded())
        let credited = try #require(items[0]["authors"] as? [[String: String]])
        #expect(credited == [["name": "Акимат Алматы", "url": "https://almaty.gov.kz/"]])
        let named = try #require(items[1]["authors"] as? [[String: String]])
        // No e-mail: JSON Feed has no field for it, and an address is not ours to spread.
        #expect(named == [["name": "Айгерім Сәрсенова"]])
    }

    @Test func aHostileTitleStaysTextAndHostileLinksGo() throws {
        let data = JSONFeedWriter.write(SampleFeed.feed)
        let items = try items(try decoded())
        let trap = items[2]
        // The characters XML forbids and the bidirectional overrides are dropped, as in the Atom feed; everything
        // else is the title as it was.
        #expect(trap["title"] as? String == "<script>alert(1)</script> & \"кавычки\"  ]]> txt.exe")
        #expect(trap["url"] == nil)
        let outlets = try #require((trap["_feedmerge"] as? [String: Any])?["outlets"] as? [[String: String]])
        #expect(outlets == [["name": "Злой \"сайт\""]])
        #expect((trap["content_html"] as? String)?.contains("Опубликовали: Злой \"сайт\"</p>") == true)
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(!text.contains("javascript:"))
        #expect(!text.contains("\\u0001"))
        #expect(text.contains(#""title": "<script>alert(1)</script> & \"кавычки\""#))
    }

    @Test func theSameFeedGivesTheSameBytes() throws {
        let first = JSONFeedWriter.write(SampleFeed.feed)
        var copy = SampleFeed.feed
        copy.stories = copy.stories.map { $0 }
        #expect(JSONFeedWriter.write(copy) == first)
        #expect(JSONFeedWriter.write(SampleFeed.feed) == first)
    }

    @Test func anEmptyFeedIsStillAFeed() throws {
        let empty = PublishedFeed(title: "Пусто", id: "tag:x,2026:empty", updated: SampleFeed.date(0), stories: [])
        let document = try decoded(empty)
        #expect(try items(document).isEmpty)
        #expect(document["feed_url"] == nil)
    }
}
