import FeedModel
import Foundation

/// The merged feed as JSON Feed 1.1 (https://jsonfeed.org/version/1.1), `feed.json` beside `feed.atom`.
///
/// Every item has `content_html`: the story's sanitized HTML followed by `OutletFooter`, as in the Atom feed.
/// JSON Feed's `summary` is plain text, so when the story has only a summary (`isFullText` false) that HTML still
/// goes in `content_html`, and `summary` carries its plain text, shortened; `_feedmerge.full_text` says which it
/// is. Plain text is written without the characters `Markup` drops from XML, so both feeds say the same.
///
/// Keys are sorted and nothing depends on a clock, so the same feed gives the same bytes.
public enum JSONFeedWriter {
    /// The `version` every document names.
    public static let version = "https://jsonfeed.org/version/1.1"
    /// The file name, beside `feed.atom`, from which `feed_url` is derived.
    public static let fileName = "feed.json"

    /// The JSON Feed document for `feed`, UTF-8.
    ///
    /// `feed_url` is `feed.json` resolved against `selfLink` (the writers put both files in one folder).
    public static func write(_ feed: PublishedFeed) -> Data {
        Data(parts(feed).joined())
    }

    /// The same document in parts, to be written one after the other (as `OutputFolder.stage` does). Each item is
    /// made on its own, so on every core, and a feed of thousands of stories is never copied into one buffer.
    public static func parts(_ feed: PublishedFeed) -> [[UInt8]] {
        parts(feed, items: feed.stories.concurrentMap(chunk: 32) { item($0, footer: OutletFooter.html(for: $0)) })
    }

    /// `parts(_:)` around its items, one for each of the feed's stories, in order.
    private static func parts(_ feed: PublishedFeed, items: [[UInt8]]) -> [[UInt8]] {
        encode(document(for: feed), items: items)
    }

    /// What comes before the feed's items, between two, and after them, for a feed of one item or more: a
    /// document written a piece at a time is the head, the items with the separator between each two, then the
    /// tail. (A feed without items is `"items": []`, which `parts` writes.)
    public static func frame(_ feed: PublishedFeed) -> (head: [UInt8], separator: [UInt8], tail: [UInt8]) {
        // Two empty items: the head, the first, what separates it from the second, the second, the tail.
        let parts = encode(document(for: feed), items: [[], []])
        return (parts[0], parts[2], parts[4])
    }

    /// The story's item, as an element of the document's `items`; `footer` is `OutletFooter.html(for:)` of the
    /// story.
    static func item(_ story: PublishedStory, footer: String) -> [UInt8] {
        encode(item(for: story, footer: footer))
    }

    /// The document as JSON, keys in alphabetical order, absent values left out (as `JSONEncoder` with sorted keys
    /// would write it, at a fraction of the cost for a feed of thousands of stories). Every string loses the
    /// characters never published (`PublishableText`), the long HTML included.
    static func encode(_ document: JSONFeedDocument, items: [[UInt8]]) -> [[UInt8]] {
        let json = JSONWriter(dropsUnwritable: true, capacity: 1_024)
        json.object {
            if let feedURL = document.feedURL { json.key("feed_url", feedURL) }
            if let homePage = document.homePageURL { json.key("home_page_url", homePage) }
            json.array("items", items) { json.part($0) }
            if let language = document.language { json.key("language", language) }
            json.key("title", document.title)
            json.key("version", document.version)
        }
        return json.finish()
    }

    /// One item, as an element of the document's `items` (two levels deep).
    static func encode(_ item: JSONFeedItem) -> [UInt8] {
        let json = JSONWriter(
            dropsUnwritable: true, capacity: item.contentHTML.reduce(1_024) { $0 + $1.utf8.count }, depth: 2)
        encode(item, into: json)
        return json.bytes
    }

    /// One item written by `json`, a writer at the depth of the document's `items` (after the items it wrote
    /// before, as the next element).
    static func encode(_ item: JSONFeedItem, into json: JSONWriter) {
        func optional(_ name: StaticString, _ value: String?) {
            if let value { json.key(name, value) }
        }
        func author(_ author: JSONFeedAuthor) {
            json.object {
                optional("name", author.name)
                optional("url", author.url)
            }
        }
        json.object {
            json.object(key: "_feedmerge") {
                json.key("full_text", item.feedmerge.isFullText ? "true" : "false", raw: true)
                json.array("outlets", item.feedmerge.outlets, author)
            }
            json.array("authors", item.authors, author)
            json.key("content_html", pieces: item.contentHTML)
            json.key("date_modified", item.dateModified)
            optional("date_published", item.datePublished)
            json.key("id", item.id)
            optional("language", item.language)
            optional("summary", item.summary)
            if let tags = item.tags { json.array("tags", tags) { json.value($0) } }
            optional("title", item.title)
            optional("url", item.url)
        }
    }

    /// The document's fields; its items are made apart (`item(for:)`).
    static func document(for feed: PublishedFeed) -> JSONFeedDocument {
        let feedURL = WebLink.checked(feed.selfLink).flatMap { selfLink in
            URL(string: fileName, relativeTo: URL(string: selfLink))?.absoluteString
        }
        // The feed has one language only when every source that names one names the same.
        let languages = Set(feed.sources.compactMap(\.language))
        return JSONFeedDocument(
            version: version,
            title: feed.title,
            homePageURL: WebLink.checked(feed.alternateLink),
            feedURL: WebLink.checked(feedURL),
            language: languages.count == 1 ? languages.first : nil
        )
    }

    static func item(for story: PublishedStory, footer: String) -> JSONFeedItem {
        let html = story.html ?? ""
        var summary: String?
        if !story.isFullText {
            let plain = TextSummary.summary(of: story.html)
            summary = plain.isEmpty ? nil : plain
        }
        let tags = story.categories.map(text).filter { !$0.isEmpty }
        return JSONFeedItem(
            id: story.id,
            url: WebLink.checked(story.link),
            title: story.title.isEmpty ? nil : story.title,
            contentHTML: [html, footer],
            summary: summary,
            datePublished: story.published.map { UTCDateTime($0).rfc3339 },
            dateModified: UTCDateTime(story.updated).rfc3339,
            authors: authors(of: story),
            tags: tags.isEmpty ? nil : tags,
            language: story.source.language,
            feedmerge: JSONFeedItem.Extension(
                isFullText: story.isFullText,
                outlets: story.outlets.map { outlet in
                    JSONFeedAuthor(name: outlet.name, url: WebLink.checked(outlet.link))
                }
            )
        )
    }

    /// The story's authors; when it names none (or none with a name or link), the outlet that published it.
    private static func authors(of story: PublishedStory) -> [JSONFeedAuthor] {
        let named = story.authors.compactMap { author -> JSONFeedAuthor? in
            let name = author.name.map(text).flatMap { $0.isEmpty ? nil : $0 }
            let url = WebLink.checked(author.uri)
            return name == nil && url == nil ? nil : JSONFeedAuthor(name: name, url: url)
        }
        guard named.isEmpty else { return named }
        let outlet = story.outlets.first?.name ?? story.source.name
        return [JSONFeedAuthor(name: outlet, url: WebLink.checked(story.source.homePage))]
    }

    /// `string` without the characters `Markup` keeps out of XML (controls, U+FFFE, U+FFFF): for the values that
    /// are left out when nothing else is left (the writer drops the same characters from every string it writes).
    private static func text(_ string: String) -> String {
        Markup.writable(string)
    }
}

/// JSON Feed 1.1's top-level object, the fields we write.
struct JSONFeedDocument {
    var version: String
    var title: String
    var homePageURL: String?
    var feedURL: String?
    var language: String?
}

/// JSON Feed 1.1's item, with our extension object (`_feedmerge`, per the spec's rule for extensions).
struct JSONFeedItem {
    var id: String
    var url: String?
    var title: String?
    /// The story's HTML, then its footer: one string in the document, two here (so never copied into one).
    var contentHTML: [String]
    var summary: String?
    var datePublished: String?
    var dateModified: String
    var authors: [JSONFeedAuthor]
    var tags: [String]?
    var language: String?
    var feedmerge: Extension

    /// What JSON Feed has no field for: whether `content_html` is a full text, and every outlet of the story.
    struct Extension {
        var isFullText: Bool
        var outlets: [JSONFeedAuthor]
    }
}

/// A JSON Feed author, and the shape of an outlet in `_feedmerge`: a name and a link, each optional.
struct JSONFeedAuthor {
    var name: String?
    var url: String?
}
