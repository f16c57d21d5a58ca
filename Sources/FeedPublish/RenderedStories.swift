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
        count = stories.count
        // Through a buffer pointer, whose subscript lends a story: an array's (and `map`'s, and `zip`'s) copies it,
        // a reference count for each of its strings and lists.
        (atomEntries, jsonItems) = stories.withUnsafeBufferPointer { stories in
            let footers = stories.indices.map { OutletFooter.html(for: stories[$0]) }
            return (
                AtomWriter.entries(stories, footers: footers, sources: sources),
                JSONFeedWriter.items(stories, footers: footers)
            )
        }
    }

    /// A buffer size that holds the stories' entries (or items) with little to spare: each story's HTML grows by
    /// about a tenth when escaped, and the rest of an entry takes a couple of kilobytes.
    static func capacity(_ stories: UnsafeBufferPointer<PublishedStory>) -> Int {
        var bytes = 0
        for index in stories.indices { bytes += (stories[index].html?.utf8.count ?? 0) * 11 / 10 + 2_048 }
        return bytes
    }
}
