/// A story rendered for both feeds at once: its `feed.atom` entry and its `feed.json` item. Both end with the
/// same outlet footer (`OutletFooter`), made once here.
///
/// Rendering is a story's own business (nothing in it depends on the other stories), so a publish renders each
/// story as soon as it is built, on whichever core is free, and the documents only put the pieces in order
/// (`AtomWriter.parts(_:entries:)`, `JSONFeedWriter.parts(_:items:)`).
public struct RenderedStory: Sendable {
    /// The story's `entry` element.
    public let atomEntry: [UInt8]
    /// The story's item, as an element of the JSON Feed's `items`.
    public let jsonItem: [UInt8]

    /// `sources`: the `atom:source` elements of the stories rendered so far, shared by every story of a publish.
    public init(_ story: borrowing PublishedStory, sources: SourceElements) {
        let footer = OutletFooter.html(for: story)
        atomEntry = AtomWriter.entry(story, footer: footer, sources: sources)
        jsonItem = JSONFeedWriter.item(story, footer: footer)
    }
}
