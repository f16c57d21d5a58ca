import FeedModel
import Foundation
import Synchronization

/// The merged feed as Atom 1.0 (RFC 4287): what people subscribe to.
///
/// Every reader we know shows an entry's `content` and few show `link rel="related"`, so each story's text ends
/// with a footer naming, as links, every outlet that published it; the related links are there for the readers
/// and tools that do use them. Every string from a source goes through `Markup`, so the document is well-formed
/// whatever the sources sent, and only `http`/`https` links are written.
public enum AtomWriter {
    /// The generator element's text and version.
    public static let generator = (name: "feedmerge", version: "0.5")

    public static func document(_ feed: PublishedFeed) -> [UInt8] {
        Array(parts(feed).joined())
    }

    /// The document in parts, to be written one after the other (as `OutputFolder.stage` does): the head, each
    /// entry, the end. Each entry is made on its own, so on every core, and a feed of thousands of stories is
    /// never copied into one buffer.
    public static func parts(_ feed: PublishedFeed) -> [[UInt8]] {
        let sources = SourceElements()
        return parts(
            feed,
            entries: feed.stories.concurrentMap(chunk: 32) {
                entry($0, footer: OutletFooter.html(for: $0), sources: sources)
            })
    }

    /// `parts(_:)` around its entries, one for each of the feed's stories, in order.
    private static func parts(_ feed: PublishedFeed, entries: [[UInt8]]) -> [[UInt8]] {
        let (head, tail) = frame(feed)
        return [head] + entries + [tail]
    }

    /// What comes before the feed's entries and after them: a document written a piece at a time is the head,
    /// each entry, then the tail.
    public static func frame(_ feed: PublishedFeed) -> (head: [UInt8], tail: [UInt8]) {
        var out = XMLOutput(capacity: 4_096)
        out.line(0, #"<?xml version="1.0" encoding="utf-8"?>"#)
        out.line(0, #"<feed xmlns="http://www.w3.org/2005/Atom">"#)
        out.element(1, "title", feed.title, attributes: [("type", "text")])
        out.element(1, "id", feed.id)
        if let link = WebLink.checked(feed.selfLink) {
            out.empty(1, "link", [("rel", "self"), ("type", "application/atom+xml"), ("href", link)])
        }
        if let link = WebLink.checked(feed.alternateLink) {
            out.empty(1, "link", [("rel", "alternate"), ("type", "text/html"), ("href", link)])
        }
        out.element(1, "updated", RFC3339.string(feed.updated))
        // An author for the feed, so that every entry has one (RFC 4287 §4.1.1) even where its outlet named
        // no person; entries that name theirs override it.
        out.line(1, "<author>")
        out.element(2, "name", feed.title)
        out.line(1, "</author>")
        out.element(1, "generator", generator.name, attributes: [("version", generator.version)])
        for category in feed.categories { out.empty(1, "category", [("term", category)]) }
        var tail = XMLOutput()
        tail.line(0, "</feed>")
        return (out.bytes, tail.bytes)
    }

    /// The story's `entry` element, indented for its place in the document; `footer` is `OutletFooter.html(for:)`
    /// of the story; `sources`, the `atom:source` elements of the document's entries so far.
    static func entry(_ story: PublishedStory, footer: String, sources: SourceElements) -> [UInt8] {
        var out = XMLOutput(capacity: (story.html?.utf8.count ?? 0) * 11 / 10 + footer.utf8.count + 2_048)
        entry(story, footer: footer, sources: sources, into: &out)
        return out.bytes
    }

    /// `entry(_:footer:sources:)`, appended to `out`.
    static func entry(
        _ story: PublishedStory, footer: String, sources: SourceElements, into out: inout XMLOutput
    ) {
        out.line(1, "<entry>")
        out.element(2, "id", story.id)
        out.element(2, "title", story.title, attributes: [("type", "text")])
        if let published = story.published { out.element(2, "published", RFC3339.string(published)) }
        out.element(2, "updated", RFC3339.string(story.updated))
        for author in story.authors {
            guard let name = nonEmpty(author.name) ?? nonEmpty(author.email) else { continue }
            out.line(2, "<author>")
            out.element(3, "name", name)
            if let email = nonEmpty(author.email) { out.element(3, "email", email) }
            if let uri = WebLink.checked(author.uri) { out.element(3, "uri", uri) }
            out.line(2, "</author>")
        }
        let link = WebLink.checked(story.link)
        if let link { out.empty(2, "link", [("rel", "alternate"), ("type", "text/html"), ("href", link)]) }
        for outlet in story.outlets.dropFirst() {
            guard let related = WebLink.checked(outlet.link), related != link else { continue }
            out.empty(
                2, "link", [("rel", "related"), ("type", "text/html"), ("href", related), ("title", outlet.name)])
        }
        // A summary alone needs the alternate link (RFC 4287 §4.1.1); without one, the text goes in `content`.
        let element: StaticString = story.isFullText || link == nil ? "content" : "summary"
        out.element(2, element, [story.html ?? "", footer], attributes: [("type", "html")])
        for category in story.categories { out.empty(2, "category", [("term", category)]) }
        out.append(sources.element(story.source))
        out.line(1, "</entry>")
    }

    /// `atom:source`: the feed the canonical entry came from (RFC 4287 §4.2.11).
    fileprivate static func source(_ source: PublishedSource, into out: inout XMLOutput) {
        out.line(2, "<source>")
        out.element(3, "id", source.id)
        out.element(3, "title", source.name, attributes: [("type", "text")])
        if let feed = WebLink.checked(source.feedURL) {
            out.empty(3, "link", [("rel", "self"), ("href", feed)])
        }
        if let home = WebLink.checked(source.homePage) {
            out.empty(3, "link", [("rel", "alternate"), ("type", "text/html"), ("href", home)])
        }
        if let updated = source.updated { out.element(3, "updated", RFC3339.string(updated)) }
        out.line(2, "</source>")
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.allSatisfy(\.isWhitespace) else { return nil }
        return text
    }
}

/// Each source's `atom:source` element, rendered once for all of its entries: a feed of thousands of stories names
/// each of its sources many times. Shared by the threads that render a document's entries.
public final class SourceElements: Sendable {
    /// By feed URL (cheaper to hash than the whole source): the source rendered, and its element.
    private let rendered = Mutex([String: (source: PublishedSource, element: [UInt8])]())

    public init() {}

    func element(_ source: PublishedSource) -> [UInt8] {
        if let cached = rendered.withLock({ $0[source.feedURL] }), cached.source == source { return cached.element }
        var out = XMLOutput(capacity: 512)
        AtomWriter.source(source, into: &out)
        rendered.withLock { $0[source.feedURL] = (source, out.bytes) }
        return out.bytes
    }
}

/// An indented XML document built line by line, as UTF-8, every text and attribute escaped.
struct XMLOutput {
    private(set) var bytes: [UInt8] = []

    /// `buffer`: memory to write into (emptied first), when there is some to use again; `capacity`: the bytes to
    /// reserve, when known.
    init(buffer: consuming [UInt8] = [], capacity: Int = 0) {
        bytes = consume buffer  // moved, not shared: emptied in place
        bytes.removeAll(keepingCapacity: true)
        bytes.reserveCapacity(capacity)
    }

    mutating func line(_ depth: Int, _ markup: StaticString) {
        indent(depth)
        bytes.append(literal: markup)
        bytes.append(UInt8(ascii: "\n"))
    }

    mutating func element(
        _ depth: Int, _ name: StaticString, _ content: String, attributes: [(StaticString, String)] = []
    ) {
        element(depth, name, [content], attributes: attributes)
    }

    /// An element whose text is `pieces`, one after the other (escaped apart, so never copied into one string).
    mutating func element(
        _ depth: Int, _ name: StaticString, _ pieces: [String], attributes: [(StaticString, String)] = []
    ) {
        indent(depth)
        open(name, attributes)
        bytes.append(UInt8(ascii: ">"))
        for piece in pieces { Markup.append(piece, to: &bytes, inAttribute: false) }
        bytes.append(contentsOf: [UInt8(ascii: "<"), UInt8(ascii: "/")])
        bytes.append(literal: name)
        bytes.append(contentsOf: [UInt8(ascii: ">"), UInt8(ascii: "\n")])
    }

    /// Markup written before, as it is.
    mutating func append(_ markup: [UInt8]) {
        bytes.append(contentsOf: markup)
    }

    mutating func empty(_ depth: Int, _ name: StaticString, _ attributes: [(StaticString, String)]) {
        indent(depth)
        open(name, attributes)
        bytes.append(literal: "/>\n")
    }

    private mutating func indent(_ depth: Int) {
        bytes.append(indentation: depth)
    }

    private mutating func open(_ name: StaticString, _ attributes: [(StaticString, String)]) {
        bytes.append(UInt8(ascii: "<"))
        bytes.append(literal: name)
        for (key, value) in attributes {
            bytes.append(UInt8(ascii: " "))
            bytes.append(literal: key)
            bytes.append(literal: "=\"")
            Markup.append(value, to: &bytes, inAttribute: true)
            bytes.append(UInt8(ascii: "\""))
        }
    }
}
