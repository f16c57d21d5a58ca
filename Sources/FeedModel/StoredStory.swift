import Foundation

/// A merged story as the state keeps it between runs: one release and its reposts, under an id that never
/// changes, shown through its canonical entry.
public struct StoredStory: Sendable, Hashable, Codable {
    /// A `tag:` URI (RFC 4151), given once and kept for the story's whole life (the merged feed's entry id).
    public var id: String
    /// When the story first came out: the earliest published date of any entry it ever had.
    public var published: Date?
    /// When readers should see the story as changed: set when it starts, and moved only by a real edit of its
    /// canonical entry's text, never by a repost joining (see docs/design.md, Stories).
    public var updated: Date
    /// The entry the merged feed shows: the earliest from an origin source, else the earliest.
    public var canonical: EntryKey
    /// The canonical entry's content hash when the story last looked at it: a different hash is an edit.
    public var canonicalHash: String

    public init(id: String, published: Date?, updated: Date, canonical: EntryKey, canonicalHash: String) {
        self.id = id
        self.published = published
        self.updated = updated
        self.canonical = canonical
        self.canonicalHash = canonicalHash
    }
}

/// Which entry: its source's URL and the source's id for it (the history's primary key).
public struct EntryKey: Sendable, Hashable, Codable, Comparable {
    public var source: String
    public var entryID: String

    public init(source: String, entryID: String) {
        self.source = source
        self.entryID = entryID
    }

    public static func < (lhs: EntryKey, rhs: EntryKey) -> Bool {
        (lhs.source, lhs.entryID) < (rhs.source, rhs.entryID)
    }
}

extension StoredEntry {
    public var key: EntryKey { EntryKey(source: source, entryID: entry.id) }

    /// The date stories are ordered and windowed by: when it was published, or first seen when its source gave
    /// no date (the same date the repost detector uses).
    public var date: Date { entry.published ?? firstSeen }
}
