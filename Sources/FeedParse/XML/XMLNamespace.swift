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
