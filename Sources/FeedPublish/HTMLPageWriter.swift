import FeedModel
import Foundation

/// The merged feed as a page for people, `index.html` beside `feed.atom`, `feed.json` and `sources.opml`: each
/// story's title linked to its article, its date, a plain-text summary and the outlets that carried it.
///
/// HTML5 written so that an XML parser reads it too (void elements closed with `/>`, only the XML entities), which
/// the tests check. No script: a content security policy forbids any, and the only style is inline. Every piece of
/// feed text goes through `Markup`; only http and https URLs become links (`WebLink`). Dates are shown in UTC in
/// one fixed form, so the same feed gives the same bytes.
public enum HTMLPageWriter {
    /// The file name the page is published under.
    public static let fileName = "index.html"

    /// The most stories the page shows (the newest): a page of thousands is no page to read on a phone, and the
    /// feeds beside it hold them all.
    public static let storiesShown = 100

    /// The page for `feed`, UTF-8. It links to `feed.atom`, `feed.json` and `sources.opml` beside it.
    ///
    /// `storyCount`: how many stories the feed has, when `feed` holds only its newest (at least `storiesShown`
    /// of them, or all), as a publish keeps.
    public static func write(_ feed: PublishedFeed, storyCount: Int? = nil) -> Data {
        let storyCount = storyCount ?? feed.stories.count
        var page = ""
        let title = feed.title.isEmpty ? "feedmerge" : feed.title
        page += """
            <!DOCTYPE html>
            <html lang="ru">
            <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'" />
            <title>\(Markup.escaped(title))</title>
            <link rel="alternate" type="application/atom+xml" title="\(Markup.attribute(title))" href="feed.atom" />
            <link rel="alternate" type="application/feed+json" title="\(Markup.attribute(title))" href="feed.json" />
            <style>\(style)</style>
            </head>
            <body>
            <header>
            <h1>\(Markup.escaped(title))</h1>
            <p class="meta">Обновлено \(time(feed.updated)) · <a href="feed.atom">Atom</a> · \
            <a href="feed.json">JSON Feed</a> · <a href="sources.opml">Источники (OPML)</a></p>
            </header>
            <main>

            """
        if feed.stories.isEmpty {
            page += "<p>Пока нет новостей.</p>\n"
        }
        for story in feed.stories.prefix(storiesShown) {
            page += article(for: story)
        }
        if storyCount > storiesShown {
            page +=
                "<p class=\"meta\">Показаны \(storiesShown) новейших из \(storyCount); все — в "
                + "<a href=\"feed.atom\">ленте</a>.</p>\n"
        }
        page += "</main>\n"
        page += sourcesFooter(feed.sources)
        page += "</body>\n</html>\n"
        return Data(page.utf8)
    }

    private static let style = [
        "body{margin:0 auto;max-width:42rem;padding:1rem;line-height:1.5;color:#1b1b1b;background:#fff;",
        "font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",sans-serif}",
        "h1{font-size:1.5rem;margin:0 0 .25rem}",
        "article{border-top:1px solid #ddd;padding:.75rem 0}",
        "h2{font-size:1.15rem;margin:0 0 .25rem;overflow-wrap:anywhere}",
        "p{margin:.25rem 0}",
        ".meta,.outlets,footer{color:#555;font-size:.875rem}",
        "a{color:#0645ad}",
        "@media (prefers-color-scheme:dark){body{color:#e8e8e8;background:#121212}a{color:#8ab4f8}",
        ".meta,.outlets,footer{color:#aaa}article{border-color:#333}}",
    ].joined()

    private static func article(for story: PublishedStory) -> String {
        var html = language(story.source.language).map { "<article lang=\"\($0)\">\n" } ?? "<article>\n"
        let title = Markup.escaped(story.title.isEmpty ? "Без заголовка" : story.title)
        if let link = WebLink.checked(story.link) {
            html += "<h2><a href=\"\(Markup.attribute(link))\">\(title)</a></h2>\n"
        } else {
            html += "<h2>\(title)</h2>\n"
        }
        html += "<p class=\"meta\">\(time(story.published ?? story.updated))</p>\n"
        let summary = TextSummary.summary(of: story.html)
        if !summary.isEmpty {
            html += "<p>\(Markup.escaped(summary))</p>\n"
        }
        let outlets = OutletFooter.html(for: story)
        if !outlets.isEmpty {
            html += "<div class=\"outlets\">\(outlets)</div>\n"
        }
        return html + "</article>\n"
    }

    private static func time(_ date: Date) -> String {
        // For people, the same in every locale: `2026-11-27 05:15 UTC`.
        let rfc3339 = UTCDateTime(date).rfc3339
        let readable = rfc3339.prefix(16).replacingOccurrences(of: "T", with: " ") + " UTC"
        return "<time datetime=\"\(rfc3339)\">\(readable)</time>"
    }

    /// Every source, linked to its site, with its feed.
    private static func sourcesFooter(_ sources: [PublishedSource]) -> String {
        guard !sources.isEmpty else { return "" }
        var html = "<footer>\n<h2>Источники</h2>\n<ul>\n"
        for source in sources {
            let name = Markup.escaped(source.name)
            html += "<li>"
            if let homePage = WebLink.checked(source.homePage) {
                html += "<a href=\"\(Markup.attribute(homePage))\">\(name)</a>"
            } else {
                html += name
            }
            if let feedURL = WebLink.checked(source.feedURL) {
                html += " (<a href=\"\(Markup.attribute(feedURL))\">лента</a>)"
            }
            html += "</li>\n"
        }
        return html + "</ul>\n</footer>\n"
    }

    /// `tag` when it looks like a BCP 47 language tag (letters, digits and hyphens), for a `lang` attribute.
    private static func language(_ tag: String?) -> String? {
        guard let tag, !tag.isEmpty, tag.utf8.count <= 35,
            tag.unicodeScalars.allSatisfy({ scalar in
                scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-")
            })
        else { return nil }
        return tag
    }
}
