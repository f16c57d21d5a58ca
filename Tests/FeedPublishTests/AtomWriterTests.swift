import FeedModel
import Foundation
import Testing

@testable import FeedPublish

/// The Atom feed: valid against RFC 4287's schema and rules, whatever the sources sent.
struct AtomWriterTests {
    let atom = AtomWriter.document(SampleFeed.feed)
    var text: String { String(decoding: atom, as: UTF8.self) }

    @Test func theFeedIsValidAtom() {
        #expect(AtomValidator.problems(atom) == [])
    }

    @Test func anEmptyFeedIsValidAtomToo() {
        var feed = SampleFeed.feed
        feed.stories = []
        #expect(AtomValidator.problems(AtomWriter.document(feed)) == [])
    }

    @Test func theFeedSaysWhatItIsAndWhereItLives() {
        #expect(
            text.hasPrefix(
                #"<?xml version="1.0" encoding="utf-8"?>"# + "\n" + #"<feed xmlns="http://www.w3.org/2005/Atom">"#))
        #expect(text.contains("<id>tag:feedmerge,2026:kz-regional-press</id>"))
        #expect(
            text.contains(
                #"<link rel="self" type="application/atom+xml" href="https://example.kz/feedmerge/feed.atom"/>"#))
        #expect(text.contains(#"<link rel="alternate" type="text/html" href="https://example.kz/feedmerge/"/>"#))
        #expect(text.contains("<updated>2026-11-27T06:10:00Z</updated>"))
        #expect(text.contains(#"<generator version="0.5">feedmerge</generator>"#))
        #expect(text.contains(#"<category term="Алматы"/>"#))
    }

    @Test func aStoryNamesEveryOutletAsARelatedLinkAndInItsFooter() throws {
        let school = try #require(text.components(separatedBy: "<entry>").dropFirst().first)
        #expect(school.contains("<id>tag:feedmerge,2026:story/1</id>"))
        #expect(school.contains("<published>2026-11-27T05:15:00Z</published>"))
        #expect(school.contains(#"<link rel="alternate" type="text/html" href="https://almaty.gov.kz/news/1"/>"#))
        #expect(
            school.contains(
                #"<link rel="related" type="text/html" href="https://www.inform.kz/ru/school?a=1&amp;b=2" title="Kazinform &amp; &lt;Co&gt;"/>"#
            ))
        // The content, as escaped HTML, ends with the footer that links both outlets.
        #expect(school.contains(#"<content type="html">&lt;p&gt;Аким города открыл школу &amp;amp; детский сад."#))
        #expect(school.contains(#"Опубликовали: &lt;a href="https://almaty.gov.kz/news/1"&gt;Акимат Алматы"#))
        #expect(school.contains("<source>\n      <id>https://almaty.gov.kz/rss</id>"))
    }

    @Test func aSummaryIsASummaryAndTheOutletsAuthorIsKept() throws {
        let bridge = try #require(text.components(separatedBy: "<entry>").dropFirst(2).first)
        #expect(bridge.contains(#"<summary type="html">"#) && !bridge.contains("<content"))
        #expect(bridge.contains("<name>Айгерім Сәрсенова</name>") && bridge.contains("<email>a@astana.kz</email>"))
        #expect(!bridge.contains("<published>"))
    }

    @Test func hostileTextStaysTextAndHostileLinksGo() throws {
        let trap = try #require(text.components(separatedBy: "<entry>").last)
        #expect(
            trap.contains(#"&lt;script&gt;alert(1)&lt;/script&gt; &amp; "кавычки"  ]]&gt; txt.exe</title>"#))
        #expect(!text.contains("javascript:"))
        #expect(!text.unicodeScalars.contains { $0.value == 1 || $0.value == 0xFFFE || $0.value == 0x202E })
        // Without an alternate link, the summary goes in `content` (RFC 4287 §4.1.1).
        #expect(trap.contains(#"<content type="html">"#))
    }

    @Test func theSameFeedGivesTheSameBytes() {
        #expect(AtomWriter.document(SampleFeed.feed) == atom)
    }
}
