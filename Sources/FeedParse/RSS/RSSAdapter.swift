import FeedModel
import Foundation

/// Builds the model from RSS 0.9x, 1.0 (RDF) and 2.0 documents, with the namespaces sites add to them:
/// Dublin Core, `content:encoded`, `atom:link`, Media RSS, and Yandex's `yandex:full-text` and `turbo:content`.
///
/// The three RSS lines differ mostly in where things sit (RSS 1.0 puts items beside the channel and ids in
/// `rdf:about`), so one adapter reads them all. Specs: RSS 2.0.11 (rssboard.org), RSS 1.0 (web.resource.org).
struct RSSAdapter {
    let fields: FieldReader

    /// Elements of RSS itself, whichever RSS line declared them.
    static let core: [XMLNamespace] = [.none, .rss10, .rss090, .rss20Userland]
    private static let dc: [XMLNamespace] = [.dublinCore]
    private static let atom: [XMLNamespace] = [.atom10]

    static func format(of root: XMLElement, firstEntry: XMLElement?) -> FeedFormat {
        if root.name == "RDF" {
            let channelNamespace = (root.first("channel", in: core) ?? firstEntry)?.namespace
            return channelNamespace == .rss090 ? .rss09x : .rss10
        }
        let version = root.attribute("version")?.trimmed ?? ""
        return version.hasPrefix("0.9") ? .rss09x : .rss20
    }

    func feed(root: XMLElement, format: FeedFormat, entries: [Entry]) -> Feed {
        let channel = root.first("channel", in: Self.core) ?? root
        let base = fields.base(for: channel, ancestors: [root])
        return Feed(
            format: format,
            title: fields.plainText(channel.first("title", in: Self.core) ?? channel.first("title", in: Self.dc)),
            link: fields.url(
                channel.first("link", in: Self.core)?.text.trimmed.nonEmpty ?? alternateLink(in: channel), base: base),
            id: nil,
            updated: fields.date(
                channel.first("lastBuildDate", in: Self.core) ?? channel.first("pubDate", in: Self.core)
                    ?? channel.first("date", in: Self.dc)),
            language: (channel.first("language", in: Self.core) ?? channel.first("language", in: Self.dc))
                .map { $0.text.trimmed }.flatMap { $0.isEmpty ? nil : $0 },
            entries: entries)
    }

    func entry(_ item: XMLElement, ancestors: [XMLElement]) -> Entry {
        let base = fields.base(for: item, ancestors: ancestors)
        let guidElement = item.first("guid", in: Self.core)
        let guid = guidElement.map { $0.text.trimmed }.flatMap {
            $0.isEmpty ? nil : $0
        }
        let about = item.attribute("about", in: .rdf)
        let guidIsPermalink =
            guid != nil && guidElement?.attribute("isPermaLink")?.lowercased() != "false"
            && URLResolver.scheme(of: guid ?? "").map { $0 == "http" || $0 == "https" } == true

        let linkText =
            item.first("link", in: Self.core)?.text.trimmed.nonEmpty ?? alternateLink(in: item)
            ?? (guidIsPermalink ? guid : nil) ?? about
        let link = fields.url(linkText, base: base)
        let title = fields.plainText(item.first("title", in: Self.core) ?? item.first("title", in: Self.dc))
        let published = fields.date(
            item.first("pubDate", in: Self.core) ?? item.first("date", in: Self.dc)
                ?? item.first("published", in: Self.atom))
        let updated = fields.date(item.first("updated", in: Self.atom) ?? item.first("modified", in: Self.dc))
        let summary = fields.html(item.first("description", in: Self.core), base: base)
        let content = fields.html(
            item.first("encoded", in: [.content]) ?? item.first("content", in: [.turbo])
                ?? item.first("full-text", in: [.yandex]), base: base)

        return Entry(
            id: guid ?? about
                ?? fields.fallbackID(link: link, title: title, date: published, content: content ?? summary),
            title: title,
            link: link,
            published: published,
            updated: updated,
            authors: authors(of: item),
            summary: summary,
            content: content,
            categories: FieldReader.unique(
                item.all("category", in: Self.core).map(\.text) + item.all("subject", in: Self.dc).map(\.text)),
            enclosures: enclosures(of: item, base: base))
    }

    /// `atom:link rel="alternate"` (or with no rel), which some RSS feeds use instead of `link`.
    private func alternateLink(in element: XMLElement) -> String? {
        element.all("link", in: Self.atom).first {
            ($0.attribute("rel") ?? "alternate") == "alternate"
        }?.attribute("href")
    }

    /// RSS 2.0 `author` holds an email, often as `jo@x.kz (Jo)`; `dc:creator` holds a name.
    private func authors(of item: XMLElement) -> [Author] {
        var result: [Author] = []
        for element in item.all("author", in: Self.core) {
            let text = HTMLText.collapsingWhitespace(element.text)
            guard !text.isEmpty else { continue }
            result.append(Self.author(fromRSS: text))
        }
        for element in item.all("creator", in: Self.dc) {
            if let name = fields.plainText(element), !result.contains(where: { $0.name == name }) {
                result.append(Author(name: name))
            }
        }
        return result
    }

    static func author(fromRSS text: String) -> Author {
        // "jo@x.kz (Jo Doe)" or "Jo Doe <jo@x.kz>" or "jo@x.kz" or "Jo Doe". The marks are ASCII, so the UTF-8
        // view finds them without reading characters (grapheme clusters).
        let utf8 = text.utf8
        let hasAt = utf8.contains(UInt8(ascii: "@"))
        if let open = utf8.firstIndex(of: UInt8(ascii: "(")), utf8.last == UInt8(ascii: ")") {
            let email = text[..<open].trimmed
            let name = text[utf8.index(after: open)..<utf8.index(before: utf8.endIndex)].trimmed
            return Author(name: name.isEmpty ? nil : name, email: email.utf8.contains(UInt8(ascii: "@")) ? email : nil)
        }
        if let open = utf8.firstIndex(of: UInt8(ascii: "<")), utf8.last == UInt8(ascii: ">") {
            let name = text[..<open].trimmed
            let email = text[utf8.index(after: open)..<utf8.index(before: utf8.endIndex)]
            return Author(name: name.isEmpty ? nil : name, email: String(email))
        }
        if hasAt && !utf8.contains(UInt8(ascii: " ")) { return Author(email: text) }
        return Author(name: text)
    }

    private func enclosures(of item: XMLElement, base: String?) -> [Enclosure] {
        var result: [Enclosure] = []
        func add(_ url: String?, type: String?, length: String?) {
            guard let url = fields.url(url, base: base), !result.contains(where: { $0.url == url }) else { return }
            let type = type?.trimmed
            result.append(Enclosure(url: url, type: type?.isEmpty == false ? type : nil, length: fields.length(length)))
        }
        // In document order of kind: enclosures, then atom links, then Media RSS (the item's own, then groups').
        var atomLinks: [XMLElement] = []
        var media: [XMLElement] = []
        for child in item.children {
            switch (child.name, child.namespace) {
            case ("enclosure", let namespace) where Self.core.contains(namespace):
                add(child.attribute("url"), type: child.attribute("type"), length: child.attribute("length"))
            case ("link", .atom10) where child.attribute("rel") == "enclosure":
                atomLinks.append(child)
            case ("content", .media), ("thumbnail", .media), ("group", .media):
                media.append(child)
            default:
                break
            }
        }
        for link in atomLinks {
            add(link.attribute("href"), type: link.attribute("type"), length: link.attribute("length"))
        }
        addMedia(media, groups: true, to: add)
        return result
    }

    /// Media RSS `content` elements, then `thumbnail`s, then (`groups`) the same inside each `group`.
    private func addMedia(
        _ elements: [XMLElement], groups: Bool, to add: (String?, _ type: String?, _ length: String?) -> Void
    ) {
        guard !elements.isEmpty else { return }
        for content in elements where content.name == "content" {
            add(content.attribute("url"), content.attribute("type"), content.attribute("fileSize"))
        }
        for thumbnail in elements where thumbnail.name == "thumbnail" {
            add(thumbnail.attribute("url"), nil, nil)
        }
        guard groups else { return }
        for group in elements where group.name == "group" {
            addMedia(group.all("content", in: [.media]) + group.all("thumbnail", in: [.media]), groups: false, to: add)
        }
    }
}
