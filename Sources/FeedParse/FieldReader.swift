import Crypto
import FeedModel
import Foundation

/// Turns raw field text into model values, collecting a warning for each field it had to give up on.
///
/// Shared by the format adapters so that every format reads titles, dates, links and HTML the same way.
final class FieldReader {
    let documentURL: String?
    private let dates: DateParser
    private let sanitizer = HTMLSanitizer()
    private(set) var warnings: [String] = []
    /// Counts entries as they are read, for warnings that point at one.
    var entryNumber = 0

    init(documentURL: String?, dates: DateParser) {
        self.documentURL = documentURL
        self.dates = dates
    }

    func warn(_ message: String) {
        guard warnings.count < 200 else { return }
        warnings.append(entryNumber > 0 ? "entry \(entryNumber): \(message)" : message)
    }

    /// The base URL in force at `element` (xml:base on it and its ancestors, then the document URL).
    func base(for element: XMLElement, ancestors: [XMLElement], outer: String? = nil) -> String? {
        var base = outer ?? documentURL
        for node in ancestors {
            if let xmlBase = node.attribute("base", in: .xml) {
                base = URLResolver.resolve(xmlBase, against: parsed(base)) ?? base
            }
        }
        if let xmlBase = element.attribute("base", in: .xml) {
            base = URLResolver.resolve(xmlBase, against: parsed(base)) ?? base
        }
        return base
    }

    /// The last base parsed: every entry of a feed usually shares one.
    private var parsedBase: (text: String, base: URLResolver.Base?)?

    /// `base` parsed for resolving, once per distinct base.
    func parsed(_ base: String?) -> URLResolver.Base? {
        guard let base else { return nil }
        if let parsedBase, parsedBase.text == base { return parsedBase.base }
        let parsed = URLResolver.Base(base)
        parsedBase = (base, parsed)
        return parsed
    }

    /// A link made absolute, or nil when it is empty or not safe to follow (`javascript:` and the like).
    func url(_ text: String?, base: String?) -> String? {
        guard let text else { return nil }
        guard let url = HTMLPolicy.safeURL(text, base: parsed(base), allowsImageData: false) else {
            if !text.isBlank { warn("unsafe link dropped: \"\(text.prefix(60))\"") }
            return nil
        }
        return url
    }

    /// A title or name: plain text, markup and entities decoded (titles often carry escaped HTML).
    func plainText(_ element: XMLElement?) -> String? {
        guard let element else { return nil }
        let text = HTMLText.plainText(fromHTML: element.text)
        return text.isEmpty ? nil : text
    }

    /// A text field that is plain text by definition (Atom `type="text"`): not read as HTML.
    func literalText(_ text: String?) -> String? {
        guard let text else { return nil }
        let collapsed = HTMLText.collapsingWhitespace(text)
        return collapsed.isEmpty ? nil : collapsed
    }

    /// An HTML field (RSS `description`, `content:encoded`), sanitized. A feed that put raw markup in the field
    /// instead of escaping it gets that markup read back.
    func html(_ element: XMLElement?, base: String?) -> String? {
        guard let element else { return nil }
        if element.hasElementChildren {
            return sanitizedHTML(element.innerMarkup(base: base), base: base, isValidUTF8: element.document.isValidUTF8)
        }
        return element.withTextBytes { sanitizedHTML($0, base: base, isValidUTF8: $1) }
    }

    /// Sanitized HTML from UTF-8 bytes; nil when nothing but white space is left.
    func sanitizedHTML(_ html: [UInt8], base: String?, isValidUTF8: Bool) -> String? {
        html.withUnsafeBufferPointer { sanitizedHTML($0, base: base, isValidUTF8: isValidUTF8) }
    }

    func sanitizedHTML(_ html: UnsafeBufferPointer<UInt8>, base: String?, isValidUTF8: Bool) -> String? {
        let clean = sanitizer.sanitize(html, base: parsed(base), isValidUTF8: isValidUTF8)
        return clean.isBlank ? nil : clean.trimmed
    }

    func date(_ element: XMLElement?) -> Date? {
        guard let element else { return nil }
        let text = element.text.trimmed
        guard !text.isEmpty else { return nil }
        guard let date = dates.parse(text) else {
            warn("unreadable date \"\(text.prefix(60))\" in <\(element.name)>")
            return nil
        }
        return date
    }

    func length(_ text: String?) -> Int64? {
        guard let text = text?.trimmed, !text.isEmpty else { return nil }
        guard let value = Int64(text), value >= 0 else {
            warn("unreadable length \"\(text.prefix(30))\"")
            return nil
        }
        return value
    }

    /// A stable id for an entry that has none: its link, else a hash of what identifies it.
    func fallbackID(link: String?, title: String?, date: Date?, content: String?) -> String {
        if let link { return link }
        var material = (title ?? "") + "\u{0}" + (date.map { String(Int64($0.timeIntervalSince1970)) } ?? "")
        if title == nil && date == nil { material += "\u{0}" + (content ?? "") }
        let digest = SHA256.hash(data: Data(material.utf8))
        let hex = digest.prefix(16).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        return "urn:feedmerge:entry:" + hex
    }

    /// Trims, drops empties and repeats, keeps order.
    static func unique(_ values: [String]) -> [String] {
        var result: [String] = []
        result.reserveCapacity(values.count)
        for value in values {
            let value = HTMLText.collapsingWhitespace(value)
            // A handful per entry: a linear search costs less than hashing each.
            if !value.isEmpty && !result.contains(value) { result.append(value) }
        }
        return result
    }
}
