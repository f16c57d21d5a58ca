import FeedModel
import Foundation

/// Builds the model from Atom 1.0 (RFC 4287) and its draft predecessor Atom 0.3, whose differences are names
/// (`issued`/`modified`, `url`) and the `mode` attribute of its content constructs.
struct AtomAdapter {
    let fields: FieldReader
    let format: FeedFormat

    private let atom: [XMLNamespace]

    init(fields: FieldReader, format: FeedFormat) {
        self.fields = fields
        self.format = format
        atom = format == .atom03 ? [.atom03] : [.atom10]
    }

    func feed(root: XMLElement, entries: [Entry]) -> Feed {
        let base = fields.base(for: root, ancestors: [])
        let feedAuthors = authors(of: root, base: base)
        var entries = entries
        if !feedAuthors.isEmpty {
            // RFC 4287 §4.2.1: an entry without an author has the feed's.
            for index in entries.indices where entries[index].authors.isEmpty {
                entries[index].authors = feedAuthors
            }
        }
        return Feed(
            format: format,
            title: title(root.first("title", in: atom)),
            link: alternateLink(of: root, base: base),
            id: root.first("id", in: atom).map { $0.text.trimmed }
                .flatMap { $0.isEmpty ? nil : $0 },
            updated: fields.date(root.first("updated", in: atom) ?? root.first("modified", in: atom)),
            language: root.attribute("lang", in: .xml),
            entries: entries)
    }

    func entry(_ element: XMLElement, ancestors: [XMLElement]) -> Entry {
        let base = fields.base(for: element, ancestors: ancestors)
        let id = element.first("id", in: atom)?.text.trimmed
        let link = alternateLink(of: element, base: base)
        let title = title(element.first("title", in: atom))
        let published = fields.date(
            element.first("published", in: atom) ?? element.first("issued", in: atom)
                ?? element.first("created", in: atom))
        let updated = fields.date(element.first("updated", in: atom) ?? element.first("modified", in: atom))
        let content = element.first("content", in: atom).flatMap { html($0, base: base) }
        let summary = element.first("summary", in: atom).flatMap { html($0, base: base) }
        var categories = element.all("category", in: atom).compactMap { $0.attribute("term") ?? $0.attribute("label") }
        categories += element.all("subject", in: [.dublinCore]).map(\.text)
        return Entry(
            id: id.flatMap { $0.isEmpty ? nil : $0 }
                ?? fields.fallbackID(link: link, title: title, date: published ?? updated, content: content ?? summary),
            title: title,
            link: link,
            published: published,
            updated: updated,
            authors: authors(of: element, base: base),
            summary: summary,
            content: content,
            categories: FieldReader.unique(categories),
            enclosures: enclosures(of: element, base: base))
    }

    /// How a text construct is written (RFC 4287 §3.1; Atom 0.3 §3.1 with `mode`).
    private enum Kind {
        case text, html, xhtml
        /// Atom 0.3 `mode="base64"`: text or HTML (by `type`) once decoded.
        case base64(isHTML: Bool)
        /// Neither text nor markup (binary, or content by reference): skipped.
        case other
    }

    private func kind(of element: XMLElement) -> Kind {
        let type = (element.attribute("type") ?? "text").trimmed.lowercased()
        if format == .atom03 {
            switch element.attribute("mode")?.lowercased() {
            case "base64":
                return type.contains("html")
                    ? .base64(isHTML: true) : type.hasPrefix("text/") ? .base64(isHTML: false) : .other
            case "xml": return .xhtml
            case "escaped": return type.contains("html") ? .html : .text
            default: break
            }
        }
        if element.attribute("src") != nil { return .other }
        switch type {
        case "text", "text/plain": return .text
        case "html", "text/html": return .html
        case "xhtml", "application/xhtml+xml": return .xhtml
        default: return type.hasPrefix("text/") ? .text : .other
        }
    }

    private func title(_ element: XMLElement?) -> String? {
        guard let element else { return nil }
        switch kind(of: element) {
        case .text: return fields.literalText(element.text)
        case .html: return fields.plainText(element)
        case .xhtml, .other: return fields.literalText(element.text)
        case .base64(let isHTML):
            let decoded = Self.decodeBase64(element.text)
            return isHTML ? decoded.map(HTMLText.plainText(fromHTML:)) : fields.literalText(decoded)
        }
    }

    private func html(_ element: XMLElement, base: String?) -> String? {
        let base = fields.base(for: element, ancestors: [], outer: base)
        switch kind(of: element) {
        case .text:
            let text = element.text.trimmed
            return text.isEmpty ? nil : MarkupEscaping.escapeText(text)
        case .html:
            return fields.html(element, base: base)
        case .xhtml:
            // RFC 4287 §4.1.3.3: the content is a single xhtml `div`, which is not part of it.
            let div = element.first("div", in: [.xhtml, .none])
            let inner = div.map { fields.base(for: $0, ancestors: [], outer: base) } ?? base
            return fields.sanitizedHTML(
                (div ?? element).innerMarkup(base: inner), base: inner, isValidUTF8: element.document.isValidUTF8)
        case .base64(let isHTML):
            guard let decoded = Self.decodeBase64(element.text) else { return nil }
            let html = isHTML ? decoded : MarkupEscaping.escapeText(decoded)
            return fields.sanitizedHTML(Array(html.utf8), base: base, isValidUTF8: true)
        case .other:
            return nil
        }
    }

    private static func decodeBase64(_ text: String) -> String? {
        Data(base64Encoded: text, options: .ignoreUnknownCharacters).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The `alternate` link, preferring an HTML page when there are several (RFC 4287 §4.2.7.2).
    private func alternateLink(of element: XMLElement, base: String?) -> String? {
        let alternates = element.all("link", in: atom).filter { ($0.attribute("rel") ?? "alternate") == "alternate" }
        let preferred = alternates.first { ($0.attribute("type") ?? "text/html").contains("html") } ?? alternates.first
        guard let preferred else { return nil }
        return fields.url(preferred.attribute("href"), base: fields.base(for: preferred, ancestors: [], outer: base))
    }

    private func authors(of element: XMLElement, base: String?) -> [Author] {
        element.all("author", in: atom).compactMap { person in
            let text = { (name: String) in
                person.first(name, in: atom).flatMap { self.fields.literalText($0.text) }
            }
            let personBase = fields.base(for: person, ancestors: [], outer: base)
            let uri = (person.first("uri", in: atom) ?? person.first("url", in: atom)).flatMap {
                fields.url($0.text, base: fields.base(for: $0, ancestors: [], outer: personBase))
            }
            let author = Author(name: text("name"), email: text("email"), uri: uri)
            return author == Author() ? nil : author
        }
    }

    private func enclosures(of element: XMLElement, base: String?) -> [Enclosure] {
        element.all("link", in: atom).compactMap { link in
            let linkBase = fields.base(for: link, ancestors: [], outer: base)
            guard link.attribute("rel") == "enclosure", let url = fields.url(link.attribute("href"), base: linkBase)
            else { return nil }
            return Enclosure(url: url, type: link.attribute("type"), length: fields.length(link.attribute("length")))
        }
    }
}
