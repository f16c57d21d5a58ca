/// Stories rendered for both feeds at once: their `feed.atom` entries one after the other, and their `feed.json`
/// items with what separates two, each feed's in one buffer. Each story's text ends with the same outlet footer
/// (`OutletFooter`), made once here.
///
/// Rendering is a story's own business (nothing in it depends on the other stories), so a publish renders each
/// group of stories as soon as it is built, on whichever core built it, and the documents only put the pieces in
/// order (`StreamedFeeds`). One buffer a group and feed, not one a story: fewer allocations, and fewer given
/// back by the threads that write them.
public struct RenderedStories: Sendable {
    /// How many stories.
    public let count: Int
    /// The stories' `entry` elements.
    public let atomEntries: [UInt8]
    /// The stories' items, as consecutive elements of the JSON Feed's `items`.
    public let jsonItems: [UInt8]

    /// `sources`: the `atom:source` elements of the stories rendered so far, shared by every story of a publish.
    public init(_ stories: [PublishedStory], sources: SourceElements) {
        let footers = stories.map(OutletFooter.html(for:))
        count = stories.count
        atomEntries = AtomWriter.entries(stories, footers: footers, sources: sources)
        jsonItems = JSONFeedWriter.items(stories, footers: footers)
    }
}
