import FeedDedupe
import FeedModel
import Foundation

/// What a run did to the stories.
public struct StoryChange: Sendable, Hashable {
    /// Stories started this run.
    public var created = 0
    /// New entries that joined a story, one from an earlier run or one another new entry started: reposts merged.
    public var merged = 0
    /// Stories whose canonical entry's text was edited: their `updated` moved to the run.
    public var edited = 0

    public init(created: Int = 0, merged: Int = 0, edited: Int = 0) {
        self.created = created
        self.merged = merged
        self.edited = edited
    }
}

/// The stories' rules, apart from the state: which story each new entry joins (the repost detector's call), which
/// entry a story shows, and when a story counts as updated. The rules are in docs/design.md (Stories).
public struct StoryAssignment: Sendable {
    /// URLs of the sources whose role is `origin`: a story shows their entry when it has one.
    public var origins: Set<String>
    /// The run's time: what a story's `updated` becomes when its canonical text is edited.
    public var now: Date
    public var detector: Deduplicator

    public init(origins: Set<String>, now: Date, detector: Deduplicator = Deduplicator()) {
        self.origins = origins
        self.now = now
        self.detector = detector
    }

    /// The story each of `unassigned` joins, by entry: an existing story of `assigned` (entries that keep their
    /// stories, so ids never move) or a new one.
    public func assign(unassigned: [StoredEntry], assigned: [StoredEntry]) -> [EntryKey: String] {
        guard !unassigned.isEmpty else { return [:] }
        var known: [String: String] = [:]
        for entry in assigned {
            if let story = entry.story { known[Self.uid(entry.key)] = story }
        }
        let batch = assigned + unassigned
        let ids = detector.assign(batch.map(Self.dedupeEntry), known: known)
        var joined: [EntryKey: String] = [:]
        for (entry, id) in zip(batch, ids) where entry.story == nil { joined[entry.key] = id }
        return joined
    }

    /// An entry's uid for the detector, which also seeds the id of a story it starts: the source's URL and the
    /// source's id for the entry, apart by U+001F (a control character no URL or parsed id contains). Both
    /// parts are stable from run to run, so a story's id is too.
    public static func uid(_ key: EntryKey) -> String { key.source + "\u{1F}" + key.entryID }

    /// An entry as the detector reads it: dated like `StoredEntry.date`, its content or else its summary.
    static func dedupeEntry(_ stored: StoredEntry) -> DedupeEntry {
        DedupeEntry(
            uid: uid(stored.key), source: stored.source, url: stored.entry.link, title: stored.entry.title ?? "",
            published: stored.date, html: stored.entry.content ?? stored.entry.summary ?? "")
    }

    /// The rows of the stories that `members` belong to, sorted by id, and what changed.
    ///
    /// - Parameters:
    ///   - members: every entry of the stories looked at; an entry's story is `joined[entry]`, else its own.
    ///   - joined: the stories given this run (from `assign`).
    ///   - previous: the stories' rows as stored; none for a story this run starts.
    public func stories(members: [StoredEntry], joined: [EntryKey: String], previous: [String: StoredStory])
        -> (stories: [StoredStory], change: StoryChange)
    {
        let byStory = Dictionary(grouping: members) { joined[$0.key] ?? $0.story ?? "" }
        var change = StoryChange()
        var stories: [StoredStory] = []
        for (id, members) in byStory.sorted(by: { $0.key < $1.key }) where !id.isEmpty {
            let before = previous[id]
            guard let story = story(id: id, members: members, previous: before) else { continue }
            stories.append(story)
            let newcomers = members.count(where: { joined[$0.key] != nil })
            if before == nil && newcomers > 0 {
                change.created += 1
                change.merged += newcomers - 1
            } else {
                change.merged += newcomers
            }
            if let before, isEdit(of: story, before: before) { change.edited += 1 }
        }
        return (stories, change)
    }

    /// One story's row, from all its entries and its row as stored (nil for a new story); nil without entries.
    ///
    /// A new story is dated by its canonical entry. Afterwards only an edit of the canonical entry's text moves
    /// `updated`, to the run's time: a repost joining, or a better canonical entry arriving, is not news to a
    /// reader who has seen the story. `published` only ever moves earlier.
    public func story(id: String, members: [StoredEntry], previous: StoredStory?) -> StoredStory? {
        guard let canonical = canonical(of: members) else { return nil }
        let earliest = members.compactMap(\.entry.published).min()
        var story = StoredStory(
            id: id, published: earliest, updated: canonical.entry.updated ?? canonical.date,
            canonical: canonical.key, canonicalHash: canonical.contentHash)
        guard let previous else { return story }
        story.published = [previous.published, earliest].compactMap { $0 }.min()
        story.updated = isEdit(of: story, before: previous) ? max(previous.updated, now) : previous.updated
        return story
    }

    /// The entry a story shows: the earliest from an origin source, else the earliest (ties: source, then id).
    public func canonical(of members: [StoredEntry]) -> StoredEntry? {
        let fromOrigins = members.filter { origins.contains($0.source) }
        return (fromOrigins.isEmpty ? members : fromOrigins).min { ($0.date, $0.key) < ($1.date, $1.key) }
    }

    /// The same canonical entry with another text: an edit. (Another canonical entry is not one.)
    private func isEdit(of story: StoredStory, before: StoredStory) -> Bool {
        story.canonical == before.canonical && story.canonicalHash != before.canonicalHash
    }
}
