import FeedModel
import Foundation

@testable import FeedPublish

/// A small merged feed for the writers' tests: a Russian story carried by two outlets, a Kazakh summary with a
/// named author, and a story whose title and links are hostile.
enum SampleFeed {
    /// Every kind of trouble a title can bring: markup, `&`, `"`, a control character, a non-character, the end of a
    /// CDATA section and a right-to-left override.
    static let hostileTitle = "<script>alert(1)</script> & \"кавычки\" \u{1}\u{FFFE} ]]> \u{202E}txt.exe"

    static let almaty = PublishedSource(
        name: "Акимат Алматы", feedURL: "https://almaty.gov.kz/rss", homePage: "https://almaty.gov.kz/",
        language: "ru", region: "Алматы"
    )
    static let kazinform = PublishedSource(
        name: "Kazinform & <Co>", feedURL: "https://www.inform.kz/rss?lang=ru&format=full",
        homePage: "https://www.inform.kz/", language: "ru"
    )
    static let astana = PublishedSource(
        name: "Астана ақпарат", feedURL: "https://astana.kz/feed.xml", homePage: "https://astana.kz/", language: "kk",
        region: "Астана"
    )
    static let hostile = PublishedSource(
        name: "Злой \"сайт\"", feedURL: "https://evil.example/rss", homePage: "javascript:alert(3)"
    )

    static let school = PublishedStory(
        id: "tag:feedmerge,2026:story/1",
        title: "В Алматы открыли новую школу",
        published: date(1_795_756_500),  // 2026-11-27T05:15:00Z
        updated: date(1_795_759_800),  // 2026-11-27T06:10:00Z
        link: "https://almaty.gov.kz/news/1",
        outlets: [
            PublishedOutlet(name: "Акимат Алматы", link: "https://almaty.gov.kz/news/1"),
            PublishedOutlet(name: "Kazinform & <Co>", link: "https://www.inform.kz/ru/school?a=1&b=2"),
        ],
        html: "<p>Аким города открыл школу &amp; детский сад.</p><p>Второй абзац.</p>",
        isFullText: true,
        categories: ["Алматы", "образование"],
        source: almaty
    )
    static let bridge = PublishedStory(
        id: "tag:feedmerge,2026:story/2",
        title: "Астанада жаңа көпір ашылды",
        published: nil,
        updated: date(1_795_665_600),  // 2026-11-26T04:00:00Z
        authors: [Author(name: "Айгерім Сәрсенова", email: "a@astana.kz")],
        link: "https://astana.kz/kk/news/2",
        outlets: [PublishedOutlet(name: "Астана ақпарат", link: "https://astana.kz/kk/news/2")],
        html: "<p>Қала әкімі жаңа көпірді <b>салтанатты</b> түрде ашты.</p>",
        isFullText: false,
        source: astana
    )
    static let trap = PublishedStory(
        id: "tag:feedmerge,2026:story/3",
        title: hostileTitle,
        published: date(1_795_564_800),  // 2026-11-25T00:00:00Z
        updated: date(1_795_564_800),
        link: "javascript:alert(1)",
        outlets: [PublishedOutlet(name: "Злой \"сайт\"", link: "javascript:alert(2)")],
        html: "<p>Текст &lt;script&gt; как текст.</p>",
        isFullText: false,
        source: hostile
    )

    static let feed = PublishedFeed(
        title: "Пресса Казахстана: перепечатки объединены",
        id: "tag:feedmerge,2026:kz-regional-press",
        selfLink: "https://example.kz/feedmerge/feed.atom",
        alternateLink: "https://example.kz/feedmerge/",
        updated: date(1_795_759_800),
        categories: ["Алматы", "Астана"],
        stories: [school, bridge, trap],
        sources: [almaty, kazinform, astana, hostile]
    )

    static func date(_ epoch: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(epoch))
    }
}
