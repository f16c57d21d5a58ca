/// A feed element as the SAX reader builds it: just enough tree for the format adapters to read.
///
/// A class so the reader can grow it in place; adapters only read it, and each entry's subtree is dropped once
/// its `Entry` is built, which keeps memory near the size of one entry rather than of the whole document.
final class XMLElement {
    /// The local name (`link` for `atom:link`).
    let name: String
    /// The namespace, by its well-known meaning.
    let namespace: XMLNamespace
    private(set) var attributes: [XMLAttribute]
    /// Children, in document order; empty for a leaf, whose text is in `leafText`.
    private(set) var children: [Child] = []
    /// The text of an element that holds nothing else (most feed fields): kept apart from `children` to save an
    /// array per field.
    private var leafText: [UInt8] = []

    enum Child {
        case element(XMLElement)
        /// UTF-8 as libxml2 reported it; a string is made only when a field is read as one, and HTML content
        /// goes to the sanitizer as bytes.
        case text([UInt8])
    }

    init(name: String, namespace: XMLNamespace, attributes: [XMLAttribute]) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
    }

    func append(_ child: Child) {
        if case .text(let text) = child, children.isEmpty, leafText.isEmpty {
            leafText = text
            return
        }
        if !leafText.isEmpty {
            children.append(.text(leafText))
            leafText = []
        }
        children.append(child)
    }

    /// The first child element with this local name in one of these namespaces.
    func first(_ name: String, in namespaces: [XMLNamespace]) -> XMLElement? {
        for case .element(let element) in children where element.name == name {
            if namespaces.contains(where: { $0 == element.namespace }) { return element }
        }
        return nil
    }

    /// Every child element with this local name in one of these namespaces.
    func all(_ name: String, in namespaces: [XMLNamespace]) -> [XMLElement] {
        var result: [XMLElement] = []
        for case .element(let element) in children where element.name == name {
            if namespaces.contains(where: { $0 == element.namespace }) { result.append(element) }
        }
        return result
    }

    /// An attribute's value by local name; unprefixed attributes first, as feeds rarely prefix their own.
    func attribute(_ name: String, in namespace: XMLNamespace = .none) -> String? {
        attributes.first { $0.name == name && $0.namespace == namespace }?.value
    }

    /// All text inside the element, markup dropped.
    var text: String {
        String(decoding: textBytes, as: UTF8.self)
    }

    /// All text inside the element as UTF-8, markup dropped.
    var textBytes: [UInt8] {
        if children.isEmpty { return leafText }
        var result: [UInt8] = []
        appendText(to: &result)
        return result
    }

    private func appendText(to result: inout [UInt8]) {
        result += leafText
        for child in children {
            switch child {
            case .text(let text): result += text
            case .element(let element): element.appendText(to: &result)
            }
        }
    }

    /// Whether any child is an element: a feed that put raw (unescaped) HTML inside a text field.
    var hasElementChildren: Bool {
        children.contains {
            if case .element = $0 { return true }
            return false
        }
    }

    /// The children serialized back to markup (UTF-8), for raw HTML inside RSS fields and Atom `type="xhtml"`.
    ///
    /// `href` and `src` are resolved against the `xml:base` in force at their element (RFC 4287 §2 lets any
    /// element set one), starting from `base`; the HTML that results carries no `xml:base` of its own.
    /// Attributes in another namespace (`xlink:href`) are left out: HTML would read them without their prefix.
    func innerMarkup(base: String?) -> [UInt8] {
        var result: [UInt8] = []
        leafText.withUnsafeBufferPointer { MarkupEscaping.appendEscapedText($0, to: &result) }
        for child in children {
            child.appendMarkup(to: &result, base: base)
        }
        return result
    }
}

extension XMLElement.Child {
    fileprivate func appendMarkup(to result: inout [UInt8], base: String?) {
        switch self {
        case .text(let text):
            text.withUnsafeBufferPointer { MarkupEscaping.appendEscapedText($0, to: &result) }
        case .element(let element):
            var base = base
            if let xmlBase = element.attribute("base", in: .xml) {
                base = URLResolver.resolve(xmlBase, against: base) ?? base
            }
            result.append(UInt8(ascii: "<"))
            result += element.name.utf8
            for attribute in element.attributes where attribute.namespace == .none {
                var value = attribute.value
                if attribute.name == "href" || attribute.name == "src", let base {
                    value = URLResolver.resolve(value, against: base) ?? value
                }
                result.append(UInt8(ascii: " "))
                result += attribute.name.utf8
                result += "=\"".utf8
                for byte in value.utf8 {
                    MarkupEscaping.appendEscaped(byte, to: &result, quotes: true)
                }
                result.append(UInt8(ascii: "\""))
            }
            result.append(UInt8(ascii: ">"))
            result += element.innerMarkup(base: base)
            result += "</".utf8
            result += element.name.utf8
            result.append(UInt8(ascii: ">"))
        }
    }
}

struct XMLAttribute {
    let name: String
    let namespace: XMLNamespace
    let value: String
}

/// The namespaces feeds use, by meaning rather than URI, so adapters match `(name, namespace)` cheaply and
/// feeds that forget to declare a well-known prefix (`dc:`, `yandex:`) still read correctly.
enum XMLNamespace: Hashable, Sendable {
    case none
    case atom10
    case atom03
    case rdf
    case rss10
    case rss090
    /// RSS 2.0 feeds that declare the old UserLand namespace as their default.
    case rss20Userland
    case dublinCore
    case content
    case media
    case yandex
    case turbo
    case xhtml
    case xml
    case other(String)

    init(uri: String?, prefix: String?) {
        guard let uri else {
            self = prefix.map(Self.init(undeclaredPrefix:)) ?? .none
            return
        }
        switch uri {
        case "": self = .none
        case "http://www.w3.org/2005/Atom": self = .atom10
        case "http://purl.org/atom/ns#": self = .atom03
        case "http://www.w3.org/1999/02/22-rdf-syntax-ns#": self = .rdf
        case "http://purl.org/rss/1.0/": self = .rss10
        case "http://my.netscape.com/rdf/simple/0.9/": self = .rss090
        case "http://backend.userland.com/rss2", "http://blogs.law.harvard.edu/tech/rss": self = .rss20Userland
        case "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/": self = .dublinCore
        case "http://purl.org/rss/1.0/modules/content/": self = .content
        case "http://search.yahoo.com/mrss/", "http://search.yahoo.com/mrss": self = .media
        case "http://news.yandex.ru", "http://news.yandex.ru/", "https://news.yandex.ru": self = .yandex
        case "http://turbo.yandex.ru", "http://turbo.yandex.ru/", "https://turbo.yandex.ru": self = .turbo
        case "http://www.w3.org/1999/xhtml": self = .xhtml
        case "http://www.w3.org/XML/1998/namespace": self = .xml
        default: self = .other(uri)
        }
    }

    /// Sites often use these prefixes without declaring them; libxml2 then reports the prefix with no URI.
    private init(undeclaredPrefix prefix: String) {
        switch prefix {
        case "atom": self = .atom10
        case "dc", "dcterms": self = .dublinCore
        case "content": self = .content
        case "media": self = .media
        case "yandex": self = .yandex
        case "turbo": self = .turbo
        case "rdf": self = .rdf
        case "xml": self = .xml
        default: self = .other(prefix + ":")
        }
    }
}
