import CLibXML2
import Foundation

/// Finds the feeds an HTML page advertises (`<link rel="alternate" type="application/rss+xml" href>`), so an
/// error about a page served instead of a feed can say where the feed is.
enum FeedLinkFinder {
    static func feedLinks(inPage html: String, base: String?) -> [String] {
        let finder = LinkCollector()
        HTMLFragmentParser.parse(html, into: finder)
        var seen = Set<String>()
        return finder.hrefs.compactMap { URLResolver.resolve($0, against: base) }.filter { seen.insert($0).inserted }
    }

    /// Whether the bytes start like an HTML page rather than XML.
    static func looksLikeHTML(_ prefix: String) -> Bool {
        var head = prefix.drop { $0.isWhitespace || $0 == "\u{FEFF}" }.prefix(512).lowercased()[...]
        while head.hasPrefix("<!--"), let end = head.range(of: "-->") {
            head = head[end.upperBound...].drop(while: \.isWhitespace)
        }
        return head.hasPrefix("<!doctype html") || head.hasPrefix("<html") || head.hasPrefix("<head")
            || head.hasPrefix("<body")
    }
}

private final class LinkCollector: HTMLEventSink {
    private(set) var hrefs: [String] = []
    private static let feedTypes: Set<String> = [
        "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json",
        "application/xml", "text/xml",
    ]

    func start(_ name: UnsafePointer<xmlChar>, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        guard String(cString: name) == "link", let attributes else { return }
        var values: [String: String] = [:]
        var index = 0
        while let attributeName = attributes[index] {
            values[String(cString: attributeName).lowercased()] = attributes[index + 1].map { String(cString: $0) }
            index += 2
        }
        let rel = (values["rel"] ?? "").lowercased().split(separator: " ")
        let type = (values["type"] ?? "").lowercased().trimmed
        if rel.contains("alternate"), Self.feedTypes.contains(type), let href = values["href"] {
            hrefs.append(href)
        }
    }

    func end(_ name: UnsafePointer<xmlChar>) {}
    func text(_ bytes: UnsafeBufferPointer<UInt8>, isRaw: Bool) {}
}
