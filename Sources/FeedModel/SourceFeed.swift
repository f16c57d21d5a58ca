/// What a source's feed says about itself, from its last parse: the merged feed's `atom:source` and the sources
/// list name it by these.
public struct SourceFeed: Sendable, Hashable {
    /// The feed's URL, as in sources.json.
    public var url: String
    /// The feed's own id (Atom `id`), when it gave one.
    public var id: String?
    public var title: String?
    /// The site's home page.
    public var link: String?

    public init(url: String, id: String? = nil, title: String? = nil, link: String? = nil) {
        self.url = url
        self.id = id
        self.title = title
        self.link = link
    }
}
