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
    private(set) var children: [Child] = []

    enum Child {
        case element(XMLElement)
        case text(String)
    }

    init(name: String, namespace: XMLNamespace, attributes: [XMLAttribute]) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
    }

    func append(_ child: Child) {
        children.append(child)
    }

    /// The child elements, in document order.
    var elements: some Sequence<XMLElement> {
        children.lazy.compactMap {
            if case .element(let element) = $0 { return element }
            return nil
        }
    }

    /// The first child element with this local name in one of these namespaces.
    func first(_ name: String, in namespaces: Set<XMLNamespace>) -> XMLElement? {
        elements.first { $0.name == name && namespaces.contains($0.namespace) }
    }

    /// Every child element with this local name in one of these namespaces.
    func all(_ name: String, in namespaces: Set<XMLNamespace>) -> [XMLElement] {
        elements.filter { $0.name == name && namespaces.contains($0.namespace) }
    }

    /// An attribute's value by local name; unprefixed attributes first, as feeds rarely prefix their own.
    func attribute(_ name: String, in namespace: XMLNamespace = .none) -> String? {
        attributes.first { $0.name == name && $0.namespace == namespace }?.value
    }

    /// All text inside the element, markup dropped.
    var text: String {
        var result = ""
        appendText(to: &result)
        return result
    }

    private func appendText(to result: inout String) {
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

    /// The children serialized back to markup, for raw HTML inside RSS fields and Atom `type="xhtml"`.
    var innerMarkup: String {
        var result = ""
        for child in children {
            child.appendMarkup(to: &result)
        }
        return result
    }
}

extension XMLElement.Child {
    fileprivate func appendMarkup(to result: inout String) {
        switch self {
        case .text(let text):
            result += MarkupEscaping.escapeText(text)
        case .element(let element):
            result += "<" + element.name
            for attribute in element.attributes {
                result += " " + attribute.name + "=\"" + MarkupEscaping.escapeAttribute(attribute.value) + "\""
            }
            result += ">"
            for child in element.children {
                child.appendMarkup(to: &result)
            }
            result += "</" + element.name + ">"
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
