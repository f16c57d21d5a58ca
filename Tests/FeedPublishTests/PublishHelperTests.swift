import Foundation
import Testing

@testable import FeedPublish

struct OutletFooterTests {
    @Test func everyOutletIsNamedAndLinkedWhenItsLinkIsSafe() {
        let story = PublishedStory(
            id: "s", title: "t", published: nil, updated: SampleFeed.date(0), link: nil,
            outlets: [
                PublishedOutlet(name: "A & B", link: "https://a.kz/1?x=1&y=2"),
                PublishedOutlet(name: "<C>", link: nil),
                PublishedOutlet(name: "D", link: "javascript:alert(1)"),
            ],
            html: nil, isFullText: false, source: SampleFeed.almaty
        )
        #expect(
            OutletFooter.html(for: story)
                == "<p>Опубликовали: <a href=\"https://a.kz/1?x=1&amp;y=2\">A &amp; B</a>, &lt;C&gt;, D</p>")
    }

    @Test func noOutletNoFooter() {
        var story = SampleFeed.bridge
        story.outlets = []
        #expect(OutletFooter.html(for: story) == "")
    }
}

struct WebLinkTests {
    @Test(arguments: ["https://almaty.gov.kz/news/1", "http://x.kz", "HTTPS://X.KZ/a?b=1&c=2"])
    func webAddressesPass(_ link: String) {
        #expect(WebLink.checked(link) == link)
    }

    @Test(arguments: [
        "javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,<b>", "vbscript:x",
        "/news/1", "//evil.example/", "https:///x", "https://", "https://a.kz/\u{1}", "https://a.kz/a b", "",
    ])
    func otherAddressesDoNot(_ link: String) {
        #expect(WebLink.checked(link) == nil)
    }
}

struct TextSummaryTests {
    @Test(arguments: [
        ("<p>Первый.</p><p>Второй.</p>", "Первый. Второй."),
        ("Ал<b>ма</b>ты", "Алматы"),
        ("a &amp; b &lt;c&gt; &quot;d&quot; &#1179;&#x4B3; &nbsp; e", "a & b <c> \"d\" қҳ e"),
        ("1 < 2 &unknown; & 3", "1 < 2 &unknown; & 3"),
        ("<!-- <p>скрыто</p> --> видно", "видно"),
        ("<a href=\"x\" title=\"a > b\">ссылка</a>", "ссылка"),
        ("  строка\n\tперевод<br/>строки  ", "строка перевод строки"),
        ("<p>обрыв <b", "обрыв <b"),
    ])
    func plainText(_ html: String, _ text: String) {
        #expect(TextSummary.plainText(fromHTML: html) == text)
    }

    @Test func longTextIsCutAtAWord() {
        let text = String(repeating: "слово ", count: 100)
        let short = TextSummary.shortened(text, toAtMost: 30)
        #expect(short == "слово слово слово слово слово…")
        #expect(short.count <= 30)
        #expect(TextSummary.shortened("коротко", toAtMost: 30) == "коротко")
        #expect(TextSummary.shortened("абвгд", toAtMost: 5) == "абвгд")
        #expect(TextSummary.shortened("абвгде", toAtMost: 5) == "абвг…")
        // Back to the space before a cut word, and no dash or space left before the ellipsis.
        #expect(TextSummary.shortened("один два — три четыре", toAtMost: 12) == "один два…")
        // No letter loses its accent, and no flag is cut in half.
        #expect(TextSummary.shortened("абвгде\u{0301}жз", toAtMost: 7) == "абвгд…")
        #expect(TextSummary.shortened("абвгд🇰🇿жз", toAtMost: 7) == "абвгд…")
    }

    /// Read in runs, the text is what reading a character at a time gives, to the character where it stops:
    /// for tags, entities, every kind of white space and letters of every width, at every limit.
    @Test func runsGiveTheTextThatCharactersGive() {
        var random = SystemRandomNumberGenerator()
        let pieces = [
            "а", "б", "w", " ", "  ", "\n", "\t", "\u{A0}", "\u{85}", "\u{2009}", "\u{202F}", "\u{3000}", "\u{1680}",
            "«", "»", "—", "é", "ә", "😀", "<p>", "</p>", "<b>", "<br/>", "<li class=\"x\">", "&amp;", "&nbsp;",
            "&#8212;",
            "&#x20;", "&bogus;", "&", "<", "a < b", "<!-- c -->", "\u{0301}",
        ]
        for _ in 0..<5_000 {
            let html = (0..<Int.random(in: 0...40, using: &random)).map { _ in
                pieces.randomElement(using: &random) ?? ""
            }.joined()
            for limit in [1, 2, 5, 20, Int.max] {
                #expect(
                    TextSummary.plainText(fromHTML: html, limit: limit)
                        == CharacterAtATimeSummary.plainText(fromHTML: html, limit: limit), "\(html) at \(limit)")
            }
        }
    }

    /// Whatever the text, a summary is the text's first characters as a reader sees them (never part of one),
    /// then the ellipsis: runs of flags (paired from the run's start), accents, joined emoji.
    @Test func aCutNeverSplitsACharacter() {
        var random = SystemRandomNumberGenerator()
        let pieces = ["а", "б", " ", "\u{0301}", "\u{0308}", "🇰", "🇿", "👩", "\u{200D}", "💻", "é", "ә", "—"]
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 1...24, using: &random)).map { _ in
                pieces.randomElement(using: &random) ?? ""
            }.joined()
            let limit = Int.random(in: 2...20, using: &random)
            let summary = TextSummary.shortened(text, toAtMost: limit)
            let head = summary.hasSuffix("…") ? String(summary.dropLast()) : summary
            #expect(text.starts(with: head), "\(text.unicodeScalars.map(\.value)) at \(limit): \(summary)")
        }
    }
}
