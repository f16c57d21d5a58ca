import CLibXML2

/// Makes HTML from a feed safe to embed: an allow-list of elements and attributes, URLs checked and made absolute.
///
/// Elements on the allow-list keep only their allowed attributes; elements that carry active or hidden content
/// (`script`, `style`, `iframe`, `object`, `embed`, `form`, `svg`, ...) go with everything inside them; any other
/// element (`font`, `html`, a custom tag) is dropped but its content kept. No event handler, `style` or unknown
/// attribute survives. URL attributes must resolve to http(s), mailto, ftp or tel (plus `data:image/` raster
/// images in `img src`); anything else, `javascript:` in all its disguises included, loses the attribute. Text is
/// kept exactly (Cyrillic and Kazakh letters included); only C0 control characters are dropped.
///
/// One sanitizer serves one parse: it keeps its working buffers from one piece of content to the next (a feed has
/// thousands), so it is a class and not shared between threads.
final class HTMLSanitizer {
    /// The fast path's working buffers, reused.
    private var buffers = RegularHTMLSanitizer.Buffers()

    /// Sanitized HTML; relative URLs resolve against `base`.
    func sanitize(_ html: String, base: String?) -> String {
        var html = html
        let base = base.flatMap(URLResolver.Base.init)
        return html.withUTF8 { sanitize($0, base: base, isValidUTF8: true) }
    }

    /// Sanitized HTML from UTF-8 bytes (as the feed reader holds them), with the base already parsed;
    /// `isValidUTF8` says whether the bytes are known to be valid (and need no check).
    func sanitize(_ html: UnsafeBufferPointer<UInt8>, base: URLResolver.Base?, isValidUTF8: Bool) -> String {
        // Plain text needs no parser: nothing to escape, no control character, nothing in U+F000-U+FFFF (where
        // U+FFFE and U+FFFF, which XML cannot hold, sit).
        if Self.isPlainText(html) {
            return String(utf8: html, isValid: isValidUTF8)
        }
        if let rewritten = Windows1252.rewritingReferences(in: html) {
            return rewritten.withUnsafeBufferPointer { sanitize($0, base: base, isValidUTF8: isValidUTF8) }
        }
        return RegularHTMLSanitizer.sanitize(html, base: base, isValidUTF8: isValidUTF8, buffers: &buffers)
            ?? sanitizeWithLibxml2(html, base: base)
    }

    /// No markup, no control character, nothing in U+F000-U+FFFF (DEL is plain here).
    private static func isPlainText(_ html: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = MarkupScan.nextSpecialByte(in: html, from: 0)
        while index < html.count && html[index] == 0x7F {
            index = MarkupScan.nextSpecialByte(in: html, from: index + 1)
        }
        return index == html.count
    }

    /// The general path: any HTML at all, read by libxml2's HTML parser.
    func sanitizeWithLibxml2(_ html: UnsafeBufferPointer<UInt8>, base: URLResolver.Base?) -> String {
        let writer = SanitizingWriter(base: base, capacity: html.count)
        HTMLFragmentParser.parse(html, into: writer)
        return String(decoding: writer.output, as: UTF8.self)
    }
}

private final class SanitizingWriter: HTMLEventSink {
    enum Frame {
        case written(HTMLPolicy.Element)
        case omitted
        case dropped
    }

    private(set) var output: [UInt8] = []
    private let base: URLResolver.Base?
    private var frames: [Frame] = []
    private var droppedDepth = 0
    private var hasSeenWrapper = false

    init(base: URLResolver.Base?, capacity: Int) {
        self.base = base
        output.reserveCapacity(capacity)
    }

    func start(_ name: UnsafePointer<xmlChar>, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        if droppedDepth > 0 {
            frames.append(.dropped)
            droppedDepth += 1
            return
        }
        if !hasSeenWrapper && xmlStrEqual(name, "div") != 0 {
            // The `<div>` HTMLFragmentParser put in front (after the implied `html` and `body`).
            hasSeenWrapper = true
            frames.append(.omitted)
            return
        }
        let tag = String(cString: name)
        if HTMLPolicy.droppedWithContent.contains(tag) {
            frames.append(.dropped)
            droppedDepth = 1
            return
        }
        guard let element = HTMLPolicy.allowed[tag] else {
            frames.append(.omitted)
            return
        }
        frames.append(.written(element))
        output.append(UInt8(ascii: "<"))
        output.append(contentsOf: element.name.utf8)
        if let attributes {
            var index = 0
            while let attributeName = attributes[index] {
                let value = attributes[index + 1]
                index += 2
                writeAttribute(String(cString: attributeName).lowercased(), value: value, of: element)
            }
        }
        output.append(UInt8(ascii: ">"))
    }

    func end(_ name: UnsafePointer<xmlChar>) {
        guard let frame = frames.popLast() else { return }
        switch frame {
        case .dropped:
            droppedDepth -= 1
        case .omitted:
            break
        case .written(let element):
            guard !element.isVoid else { return }
            output.append(contentsOf: "</".utf8)
            output.append(contentsOf: element.name.utf8)
            output.append(UInt8(ascii: ">"))
        }
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>, isRaw: Bool) {
        guard droppedDepth == 0, !isRaw else { return }
        MarkupEscaping.appendEscapedText(bytes, to: &output)
    }

    private func writeAttribute(_ name: String, value: UnsafePointer<xmlChar>?, of element: HTMLPolicy.Element) {
        HTMLPolicy.appendAttribute(
            name, value: value.map { String(cString: $0) }, of: element, base: base, to: &output)
    }
}

/// What the sanitizer lets through. Close to what Miniflux and feedparser allow for feed content.
enum HTMLPolicy {
    struct Element: Sendable {
        let name: String
        let attributes: Set<String>
        let isVoid: Bool
    }

    static let globalAttributes: Set<String> = ["title", "lang", "dir"]

    static let urlAttributes: Set<String> = ["href", "src", "cite", "poster"]

    /// Removed with everything inside: active content, or content that is not meant to be read.
    static let droppedWithContent: Set<String> = [
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
        "button", "select", "textarea", "option", "base", "meta", "link", "head", "title", "noscript",
        "template", "svg", "math", "canvas", "param", "dialog", "portal", "noembed", "noframes", "xml",
    ]

    static let allowed: [String: Element] = {
        var table: [String: Element] = [:]
        func allow(_ names: [String], _ attributes: Set<String> = [], isVoid: Bool = false) {
            for name in names { table[name] = Element(name: name, attributes: attributes, isVoid: isVoid) }
        }
        allow([
            "abbr", "acronym", "address", "article", "aside", "b", "bdi", "big", "center", "code", "dd",
            "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4",
            "h5", "h6", "header", "i", "kbd", "li", "mark", "p", "pre", "rp", "rt", "ruby", "s", "samp", "section",
            "small", "span", "strike", "strong", "sub", "summary", "sup", "tt", "u", "ul", "var", "caption",
            "tbody", "thead", "tfoot", "cite", "picture",
        ])
        allow(["br", "hr", "wbr"], isVoid: true)
        allow(["a"], ["href", "rel", "hreflang"])
        allow(["img"], ["src", "alt", "width", "height"], isVoid: true)
        allow(["blockquote", "q", "del", "ins"], ["cite"])
        allow(["bdo"], ["dir"])
        allow(["ol"], ["start", "type", "reversed"])
        allow(["table"], ["summary", "width", "border", "cellpadding", "cellspacing"])
        allow(["td", "th"], ["colspan", "rowspan", "align", "valign", "scope", "headers", "abbr"])
        allow(["tr"], ["align", "valign"])
        allow(["col"], ["span", "width"], isVoid: true)
        allow(["colgroup"], ["span", "width"])
        allow(["time"], ["datetime"])
        allow(["audio"], ["src", "controls", "loop", "muted", "preload"])
        allow(["video"], ["src", "controls", "loop", "muted", "preload", "poster", "width", "height"])
        allow(["source"], ["src", "type", "media"], isVoid: true)
        return table
    }()

    /// Writes ` name="value"` when the element may carry the attribute and, for a URL, when it is safe.
    /// Shared by both sanitizer paths so they cannot disagree.
    static func appendAttribute(
        _ name: String, value: String?, of element: Element, base: URLResolver.Base?, to output: inout [UInt8]
    ) {
        guard element.attributes.contains(name) || globalAttributes.contains(name) else { return }
        appendAllowedAttribute(
            name, value: value, isURL: urlAttributes.contains(name), allowsImageData: element.name == "img", base: base,
            to: &output)
    }

    /// Writes an attribute already judged allowed for its element; a URL must still prove safe.
    static func appendAllowedAttribute(
        _ name: String, value: String?, isURL: Bool, allowsImageData: Bool, base: URLResolver.Base?,
        to output: inout [UInt8]
    ) {
        var text = value ?? ""
        if isURL {
            guard let safe = safeURL(text, base: base, allowsImageData: allowsImageData) else { return }
            text = safe
        }
        output.append(UInt8(ascii: " "))
        output.append(contentsOf: name.utf8)
        if value == nil { return }
        output.append(contentsOf: "=\"".utf8)
        text.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard
                    byte < 0x20 || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<")
                        || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"")
                else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                start = index + 1
                if byte >= 0x20 || byte == 0x09 { MarkupEscaping.appendEscaped(byte, to: &output, quotes: true) }
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
        }
        output.append(UInt8(ascii: "\""))
    }

    private static let safeSchemes: Set<String> = ["http", "https", "mailto", "ftp", "tel"]

    /// The URL made absolute when it is safe to follow, else nil. The scheme is judged the way a browser would
    /// read it: entities already decoded by the parser, control characters and spaces removed, any case.
    static func safeURL(_ value: String, base: URLResolver.Base?, allowsImageData: Bool) -> String? {
        let hasSpaceOrControl = value.containsByte { $0 <= 0x20 }
        if !hasSpaceOrControl && isHTTP(value) {
            // Absolute and clean, the common case for links in content.
            return value
        }
        let visible =
            hasSpaceOrControl
            ? String(String.UnicodeScalarView(value.unicodeScalars.filter { $0.value > 0x20 })) : value
        if let scheme = URLResolver.scheme(of: visible) {
            if safeSchemes.contains(scheme) {
                // Absolute and clean: nothing to resolve or trim, the common case for links in content.
                return hasSpaceOrControl ? URLResolver.resolve(value, against: base) : value
            }
            if allowsImageData && scheme == "data" { return isRasterImageData(visible) ? visible : nil }
            return nil
        }
        // A relative reference: it takes the base's scheme, or stays relative with no scheme at all.
        guard let resolved = URLResolver.resolve(value, against: base) else { return nil }
        if let scheme = URLResolver.scheme(of: resolved), !safeSchemes.contains(scheme) { return nil }
        return resolved
    }

    /// Whether the URL starts `http://` or `https://`, as written (lower case).
    private static func isHTTP(_ url: String) -> Bool {
        url.utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.count > 8, bytes[0] == UInt8(ascii: "h"), bytes[1] == UInt8(ascii: "t"),
                bytes[2] == UInt8(ascii: "t"), bytes[3] == UInt8(ascii: "p")
            else { return false }
            let rest = bytes[4] == UInt8(ascii: "s") ? 5 : 4
            return bytes[rest] == UInt8(ascii: ":") && bytes[rest + 1] == UInt8(ascii: "/")
                && bytes[rest + 2] == UInt8(ascii: "/")
        } ?? false
    }

    private static func isRasterImageData(_ url: String) -> Bool {
        let lower = url.prefix(32).lowercased()
        return ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/jpg", "data:image/webp"].contains {
            lower.hasPrefix($0 + ";") || lower.hasPrefix($0 + ",")
        }
    }
}
