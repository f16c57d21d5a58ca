import Foundation

/// One entry as the repost detector sees it: who published it, when, and what it says.
public struct DedupeEntry: Sendable, Hashable {
    /// Unique among the entries compared.
    public var uid: String
    /// The feed it came from: two entries of one feed are never reposts of each other.
    public var source: String
    public var url: String?
    public var title: String
    public var published: Date
    /// The content or summary, HTML.
    public var html: String

    public init(uid: String, source: String, url: String? = nil, title: String, published: Date, html: String) {
        self.uid = uid
        self.source = source
        self.url = url
        self.title = title
        self.published = published
        self.html = html
    }
}
