import FeedModel
import Synchronization

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

    /// `sources`: the `atom:source` elements of the stories rendered so far, shared by every story of a publish;
    /// `buffers`: memory of groups written before, to render into.
    public init(_ stories: [PublishedStory], sources: SourceElements, buffers: RenderBuffers = RenderBuffers()) {
        count = stories.count
        let capacity = Self.capacity(stories)
        var atom = XMLOutput(buffer: buffers.take(), capacity: capacity)
        let json = JSONWriter(dropsUnwritable: true, buffer: buffers.take(), capacity: capacity, depth: 2)
        // Each story taken once, as the loop's own value, and lent from there: an array's subscript (or a buffer
        // pointer's) copies a story for each call it is passed to, a reference count for each of its strings and
        // lists.
        for story in stories {
            let footer = OutletFooter.html(for: story)
            AtomWriter.entry(story, footer: footer, sources: sources, into: &atom)
            JSONFeedWriter.encode(JSONFeedWriter.item(for: story, footer: footer), into: json)
        }
        atomEntries = atom.bytes
        jsonItems = json.bytes
    }

    /// A buffer size that holds the stories' entries (or items) with little to spare: each story's HTML grows by
    /// about a tenth when escaped, and the rest of an entry takes a couple of kilobytes.
    static func capacity(_ stories: [PublishedStory]) -> Int {
        var bytes = 0
        for index in stories.indices { bytes += (stories[index].html?.utf8.count ?? 0) * 11 / 10 + 2_048 }
        return bytes
    }
}

/// The buffers of groups of stories already written, to render the next groups into: a group renders a megabyte
/// or two for each feed, and new memory for each costs a page fault every 4 KiB, and unmapping it after, where
/// memory used again costs neither. A publish writes its groups as they come, so only a few are ever held.
public final class RenderBuffers: Sendable {
    private let kept = Mutex<[[UInt8]]>([])
    /// The most kept: more than a publish's groups in flight.
    private static let limit = 16

    public init() {}

    /// A buffer given back before, or an empty one. It is emptied by its next writer, by which time the thread
    /// that wrote it out has let go of it (else emptying it copies nothing, into a new one).
    func take() -> [UInt8] {
        kept.withLock { $0.popLast() } ?? []
    }

    /// `buffer`, written out: to be rendered into again.
    public func give(_ buffer: [UInt8]) {
        kept.withLock { kept in
            if kept.count < Self.limit { kept.append(buffer) }
        }
    }
}
