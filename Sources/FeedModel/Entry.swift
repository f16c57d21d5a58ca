import Foundation

/// One item of a feed, normalized.
///
/// Titles are plain text; `summary` and `content` are sanitized HTML (safe to embed as is); links are absolute;
/// dates are instants (serialized in UTC). A field the source did not give, or gave unreadably, is `nil`.
public struct Entry: Sendable, Hashable, Codable {
    /// The source's guid/id, or one derived from the link, or from a hash of title and date: never empty.
    public var id: String
    public var title: String?
    public var link: String?
    public var published: Date?
    public var updated: Date?
    public var authors: [Author]
    public var summary: String?
    public var content: String?
    public var categories: [String]
    public var enclosures: [Enclosure]

    public init(
        id: String,
        title: String? = nil,
        link: String? = nil,
        published: Date? = nil,
        updated: Date? = nil,
        authors: [Author] = [],
        summary: String? = nil,
        content: String? = nil,
        categories: [String] = [],
        enclosures: [Enclosure] = []
    ) {
        self.id = id
        self.title = title
        self.link = link
        self.published = published
        self.updated = updated
        self.authors = authors
        self.summary = summary
        self.content = content
        self.categories = categories
        self.enclosures = enclosures
    }
}

/// A person credited with an entry (RFC 4287 §3.2; RSS `author` and `dc:creator`).
public struct Author: Sendable, Hashable, Codable {
    public var name: String?
    public var email: String?
    public var uri: String?

    public init(name: String? = nil, email: String? = nil, uri: String? = nil) {
        self.name = name
        self.email = email
        self.uri = uri
    }
}

/// A media file attached to an entry (RSS `enclosure`, Atom `link rel="enclosure"`, `media:content`).
public struct Enclosure: Sendable, Hashable, Codable {
    public var url: String
    public var type: String?
    /// Bytes, when the source said and it was a number.
    public var length: Int64?

    public init(url: String, type: String? = nil, length: Int64? = nil) {
        self.url = url
        self.type = type
        self.length = length
    }
}
