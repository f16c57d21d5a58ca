import Foundation

/// An entry as the history keeps it between runs: the merged feed keeps a story after its source drops it from
/// the feed's window, until retention ends.
public struct StoredEntry: Sendable, Hashable, Codable {
    /// The source's URL (as in sources.json).
    public var source: String
    public var entry: Entry
    /// The entry's link in canonical form: how an entry is recognized when its site changes its guids.
    public var canonicalURL: String?
    /// The run that first saw it, and the last run that did.
    public var firstSeen: Date
    public var lastSeen: Date
    /// Of the title and text: a change is a real edit.
    public var contentHash: String
    /// The story it belongs to, once assigned.
    public var story: String?

    public init(
        source: String, entry: Entry, canonicalURL: String?, firstSeen: Date, lastSeen: Date, contentHash: String,
        story: String? = nil
    ) {
        self.source = source
        self.entry = entry
        self.canonicalURL = canonicalURL
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.contentHash = contentHash
        self.story = story
    }
}
