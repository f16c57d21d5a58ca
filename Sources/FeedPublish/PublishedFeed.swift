import FeedModel
import Foundation

/// The merged feed as it is published: everything the writers (Atom, JSON Feed, HTML, OPML) show, already chosen
/// and ordered, so that each writer only formats it. Built from the state by `FeedPipeline.PublishRun`.
///
/// Nothing here is read from a clock: the same state gives the same value, and so the same bytes.
public struct PublishedFeed: Sendable, Hashable {
    /// Plain text, from sources.json.
    public var title: String
    /// A stable absolute IRI (a `tag:` URI from sources.json, never random).
    public var id: String
    /// Where `feed.atom` is served (`rel="self"`), when sources.json says.
    public var selfLink: String?
    /// The page for people (`index.html` beside the feed; `rel="alternate"`).
    public var alternateLink: String?
    /// The newest story's `updated`; when there is no story, a fixed instant (see `PublishRun`).
    public var updated: Date
    /// The sources' regions and tags, sorted and once each.
    public var categories: [String]
    /// Newest first (by `updated`, then id).
    public var stories: [PublishedStory]
    /// Every enabled source, in the order of sources.json (for the OPML list and the page's footer).
    public var sources: [PublishedSource]

    public init(
        title: String, id: String, selfLink: String? = nil, alternateLink: String? = nil, updated: Date,
        categories: [String] = [], stories: [PublishedStory], sources: [PublishedSource] = []
    ) {
        self.title = title
        self.id = id
        self.selfLink = selfLink
        self.alternateLink = alternateLink
        self.updated = updated
        self.categories = categories
        self.stories = stories
        self.sources = sources
    }
}

/// One merged story: a release and every outlet that carried it.
public struct PublishedStory: Sendable, Hashable {
    /// The story's id from the state: never changes.
    public var id: String
    /// Plain text: the canonical entry's title (may be empty when no entry had one).
    public var title: String
    public var published: Date?
    public var updated: Date
    /// The canonical entry's authors; empty when it named none (writers then credit the outlet).
    public var authors: [Author]
    /// The canonical entry's article.
    public var link: String?
    /// Every outlet that published the story, the canonical one first, then by date.
    public var outlets: [PublishedOutlet]
    /// Sanitized HTML: the longest full text among the members, or, when none has one, the longest summary.
    public var html: String?
    /// Whether `html` is a full text (Atom `content`) or only a summary.
    public var isFullText: Bool
    /// The members' categories, once each, in the order first seen (canonical entry first).
    public var categories: [String]
    /// The feed the canonical entry came from (`atom:source`).
    public var source: PublishedSource

    public init(
        id: String, title: String, published: Date?, updated: Date, authors: [Author] = [], link: String?,
        outlets: [PublishedOutlet], html: String?, isFullText: Bool, categories: [String] = [],
        source: PublishedSource
    ) {
        self.id = id
        self.title = title
        self.published = published
        self.updated = updated
        self.authors = authors
        self.link = link
        self.outlets = outlets
        self.html = html
        self.isFullText = isFullText
        self.categories = categories
        self.source = source
    }
}

/// An outlet's publication of a story: who, and where the article is.
public struct PublishedOutlet: Sendable, Hashable {
    /// The source's name from sources.json.
    public var name: String
    /// The article's link, when the entry had one.
    public var link: String?

    public init(name: String, link: String?) {
        self.name = name
        self.link = link
    }
}

/// A source feed, as sources.json and its last fetch describe it.
public struct PublishedSource: Sendable, Hashable {
    /// The source's name from sources.json.
    public var name: String
    /// The feed's URL (as in sources.json).
    public var feedURL: String
    /// The feed's own id when it gave one, else its URL.
    public var id: String
    /// The site's home page, when the feed named one.
    public var homePage: String?
    /// The newest date among the source's entries kept; nil when none is kept.
    public var updated: Date?
    public var language: String?
    public var region: String?

    public init(
        name: String, feedURL: String, id: String? = nil, homePage: String? = nil, updated: Date? = nil,
        language: String? = nil, region: String? = nil
    ) {
        self.name = name
        self.feedURL = feedURL
        self.id = id ?? feedURL
        self.homePage = homePage
        self.updated = updated
        self.language = language
        self.region = region
    }
}
