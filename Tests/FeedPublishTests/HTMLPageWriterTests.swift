import Foundation
import Testing

@testable import FeedPublish

struct HTMLPageWriterTests {
    private let page = String(decoding: HTMLPageWriter.write(SampleFeed.feed), as: UTF8.self)

    /// Every `href` value on the page, as written.
    private var hrefs: [String] {
        page.components(separatedBy: "href=\"").dropFirst().compactMap {
            $0.split(separator: "\"").first.map(String.init)
        }
    }

    @Test func thePageAdvertisesBothFeeds() {
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\" />"))
        #expect(page.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />"))
        let title = Markup.attribute(SampleFeed.feed.title)
        #expect(
            page.contains(
                "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"\(title)\" href=\"feed.atom\" />"))
        #expect(
            page.contains(
                "<link rel=\"alternate\" type=\"application/feed+json\" title=\"\(title)\" href=\"feed.json\" />"))
        #expect(hrefs.contains("sources.opml"))
    }

    @Test func everyStoryIsShownWithItsDateSummaryAndOutlets() throws {
        for story in SampleFeed.feed.stories {
            #expect(page.contains(Markup.escaped(story.title)))
        }
        let school = try #require(page.range(of: "В Алматы открыли новую школу"))
        let bridge = try #require(page.range(of: "Астанада жаңа көпір ашылды"))
        #expect(school.lowerBound < bridge.lowerBound)
        #expect(page.contains("<h2><a href=\"https://almaty.gov.kz/news/1\">В Алматы открыли новую школу</a></h2>"))
        #expect(page.contains("<time datetime=\"2026-11-27T05:15:00Z\">2026-11-27 05:15 UTC</time>"))
        // No published date: the story's updated one.
        #expect(page.contains("<time datetime=\"2026-11-26T04:00:00Z\">2026-11-26 04:00 UTC</time>"))
        #expect(page.contains("<p>Аким города открыл школу &amp; детский сад. Второй абзац.</p>"))
        #expect(page.contains("<article lang=\"kk\">"))
        #expect(page.contains(OutletFooter.html(for: SampleFeed.school)))
    }

    @Test func hostileTextIsEscapedAndHostileLinksAreNotLinks() {
        #expect(!page.lowercased().contains("<script"))
        #expect(
            page.contains(
                #"<h2>&lt;script&gt;alert(1)&lt;/script&gt; &amp; "кавычки"  ]]&gt; txt.exe</h2>"#))
        #expect(page.contains("<p>Текст &lt;script&gt; как текст.</p>"))
        #expect(!page.contains("javascript:"))
        for href in hrefs {
            let isLocal = ["feed.atom", "feed.json", "sources.opml"].contains(href)
            #expect(isLocal || href.hasPrefix("https://"), "href \(href)")
        }
        #expect(page.contains(#"<li>Злой "сайт" (<a href="https://evil.example/rss">лента</a>)</li>"#))
    }

    @Test func thePageIsWellFormed() {
        #expect(page.components(separatedBy: "<a ").count == page.components(separatedBy: "</a>").count)
        #expect(page.components(separatedBy: "<article").count == page.components(separatedBy: "</article>").count)
        #expect(AtomValidator.wellFormedness(Array(HTMLPageWriter.write(SampleFeed.feed))).isEmpty)
    }

    @Test func aPolicyForbidsAnyScript() {
        #expect(page.contains("default-src 'none'"))
    }

    @Test func theSameFeedGivesTheSameBytes() {
        #expect(HTMLPageWriter.write(SampleFeed.feed) == HTMLPageWriter.write(SampleFeed.feed))
    }

    @Test func anEmptyFeedSaysSo() {
        let empty = PublishedFeed(title: "Пусто", id: "tag:x,2026:empty", updated: SampleFeed.date(0), stories: [])
        let data = HTMLPageWriter.write(empty)
        #expect(String(decoding: data, as: UTF8.self).contains("<p>Пока нет новостей.</p>"))
        #expect(AtomValidator.wellFormedness(Array(data)).isEmpty)
    }

    @Test func aLongFeedShowsItsNewestStoriesAndSaysWhereTheRestAre() {
        var feed = SampleFeed.feed
        feed.stories = (0..<(HTMLPageWriter.storiesShown + 20)).map { number in
            var story = SampleFeed.school
            story.id = "tag:feedmerge,2026:story/\(number)"
            story.title = "Новость \(number)"
            return story
        }
        let page = String(decoding: HTMLPageWriter.write(feed), as: UTF8.self)
        #expect(page.components(separatedBy: "<article").count - 1 == HTMLPageWriter.storiesShown)
        #expect(page.contains(">Новость 0<") && page.contains(">Новость 99<") && !page.contains(">Новость 100<"))
        #expect(page.contains("Показаны 100 новейших из 120"))
        // A publish keeps only the newest stories, and says how many there are.
        feed.stories.removeLast(20)
        #expect(String(decoding: HTMLPageWriter.write(feed, storyCount: 120), as: UTF8.self) == page)
    }
}
