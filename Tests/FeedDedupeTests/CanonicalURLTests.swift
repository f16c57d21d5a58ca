import Testing

@testable import FeedDedupe

struct CanonicalURLTests {
    @Test(arguments: [
        "https://www.gov.kz/memleket/entities/almaty/press/news/details/996708?lang=ru",
        "http://gov.kz/memleket/entities/almaty/press/news/details/996708?lang=ru",
        "https://m.gov.kz/memleket/entities/almaty/press/news/details/996708/?lang=ru&utm_source=telegram",
        "https://GOV.KZ:443/memleket/entities/almaty/press/news/details/996708?utm_medium=social&lang=ru#comments",
        "https://gov.kz/memleket/entities/almaty/press/news/details/996708?fbclid=abc&lang=ru&yclid=1",
    ])
    func variantsOfOneAddressAgree(_ url: String) {
        #expect(CanonicalURL.canonical(url) == "gov.kz/memleket/entities/almaty/press/news/details/996708?lang=ru")
    }

    @Test func theQueryIsSortedAndWhatIdentifiesTheArticleStays() {
        #expect(CanonicalURL.canonical("https://x.kz/news?id=5&lang=kk") == "x.kz/news?id=5&lang=kk")
        #expect(CanonicalURL.canonical("https://x.kz/news?lang=kk&id=5") == "x.kz/news?id=5&lang=kk")
        #expect(CanonicalURL.canonical("https://x.kz/news?id=6") != CanonicalURL.canonical("https://x.kz/news?id=5"))
        #expect(CanonicalURL.canonical("https://x.kz:8080/") == "x.kz:8080/")
    }

    @Test(arguments: ["", "mailto:press@akimat.kz", "/news/1", "ftp://x.kz/a"])
    func notAnArticleAddress(_ url: String) {
        #expect(CanonicalURL.canonical(url) == nil)
    }

    @Test(arguments: [
        ("https://pavlodar.gov.kz/news/1?utm_source=rss", "https://pavlodar.gov.kz/news/1"),
        ("https://a.kz/n?id=7&utm_medium=feed&fbclid=x&page=2", "https://a.kz/n?id=7&page=2"),
        ("https://a.kz/n?id=7", "https://a.kz/n?id=7"),
        ("http://WWW.A.kz/n/#top", "http://WWW.A.kz/n/#top"),
    ])
    func publishedLinksLoseOnlyTheirTracking(_ url: String, _ published: String) {
        #expect(CanonicalURL.withoutTracking(url) == published)
    }
}
