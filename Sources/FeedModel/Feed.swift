import Foundation

/// The syndication format a document was written in, detected from the document itself.
public enum FeedFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case rss20 = "rss2.0"
    case rss10 = "rss1.0"
    case rss09x = "rss0.9x"
    case atom10 = "atom1.0"
    case atom03 = "atom0.3"
}

/// One parsed feed, normalized: the same shape whatever format it came in.
public struct Feed: Sendable, Hashable {
    public var format: FeedFormat
    /// Plain text.
    public var title: String?
    /// The site's home page, absolute.
    public var link: String?
    public var id: String?
    /// UTC.
    public var updated: Date?
    /// A language tag as the feed gave it (`ru`, `kk-KZ`).
    public var language: String?
    public var entries: [Entry]

    public init(
        format: FeedFormat,
        title: String? = nil,
        link: String? = nil,
        id: String? = nil,
        updated: Date? = nil,
        language: String? = nil,
        entries: [Entry] = []
    ) {
        self.format = format
        self.title = title
        self.link = link
        self.id = id
        self.updated = updated
        self.language = language
        self.entries = entries
    }
}
