import FeedModel
import Foundation
import GRDB
import Synchronization

/// The entries the repost detector compares in one run.
public struct DedupeBatch: Sendable, Hashable {
    /// Entries without a story yet: the run's new ones (and any that a run killed halfway left without one).
    public var unassigned: [StoredEntry]
    /// Entries with a story, dated from the window before the earliest unassigned entry on: members of the
    /// stories a new entry may join. They keep their stories.
    public var assigned: [StoredEntry]
}

extension StateStore {
    /// What the detector must compare, or nil when every entry has its story (a run that brought nothing new
    /// costs one indexed look-up). Entries are ordered by source and id, so the same state gives the same batch.
    public func dedupeBatch(window: TimeInterval) throws(StoreError) -> DedupeBatch? {
        try reading { db in
            let unassigned = try Self.storedEntries(db, where: "story IS NULL")
            guard let earliest = unassigned.map(\.date).min() else { return nil }
            // The expression is the one `entry_by_date` indexes (and `StoredEntry.date`).
            let assigned = try Self.storedEntries(
                db, where: "story IS NOT NULL AND coalesce(published, first_seen) >= ?",
                arguments: [earliest.addingTimeInterval(-window)])
            return DedupeBatch(unassigned: unassigned, assigned: assigned)
        }
    }

    /// Stories to look at again though no entry joined them: their canonical entry was edited since (its hash
    /// is not the one the story saw) or is gone (expired). Sorted.
    public func storiesToReview() throws(StoreError) -> [String] {
        try reading { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT story.id FROM story
                    LEFT JOIN entry ON entry.source = story.canonical_source
                                   AND entry.entry_id = story.canonical_entry_id
                    WHERE entry.content_hash IS NULL OR entry.content_hash <> story.canonical_hash
                    ORDER BY story.id
                    """)
        }
    }

    /// The stories among `ids` that exist, by id.
    public func stories(ids: some Collection<String>) throws(StoreError) -> [String: StoredStory] {
        let list = Self.jsonArray(ids)
        return try reading { db in
            let stories = try Self.stories(db, where: "id IN (SELECT value FROM json_each(?))", arguments: [list])
            return Dictionary(uniqueKeysWithValues: stories.map { ($0.id, $0) })
        }
    }

    /// Every entry kept of the stories among `ids`, in no particular order (callers group them by story).
    public func entries(inStories ids: some Collection<String>) throws(StoreError) -> [StoredEntry] {
        try reading { db in try Self.storedEntries(db, inStories: Array(ids), sorted: false) }
    }

    /// The entries of `groups` of stories, for a publish: read by `readers` threads at once, each with a
    /// connection of its own (`readingMapped(onConnections:)`), each taking the next group not yet taken.
    /// `body` gets each group's index and its entries (in no particular order) on the thread that read them, to
    /// work on them there: the memory of a group is taken and given back by one thread, and the threads share
    /// the reading as much as the rest.
    ///
    /// The summary of an entry that has a full text is left out: a story that has one never shows it (see
    /// `FeedPipeline.FeedBuilder`).
    public func entriesToPublish(
        inStoryGroups groups: [[String]], readers: Int, _ body: @Sendable (Int, [StoredEntry]) -> Void
    ) throws(StoreError) {
        let next = Atomic(0)
        try readingMapped(onConnections: min(readers, groups.count)) { db in
            while case let index = next.wrappingAdd(1, ordering: .relaxed).oldValue, index < groups.count {
                let entries = try Self.storedEntries(
                    db, inStories: groups[index], sorted: false, summaries: .unlessContent, fieldsOnEveryCore: false)
                body(index, entries)
            }
        }
    }

    /// Saves what a run decided, in one transaction: the story of each entry that had none (`assignments`), and
    /// the rows of the stories it created or changed. An entry that already has a story keeps it.
    public func saveStories(_ stories: [StoredStory], assignments: [EntryKey: String]) throws(StoreError) {
        try writing { db in
            let assign = try db.makeStatement(
                sql: "UPDATE entry SET story = ? WHERE source = ? AND entry_id = ? AND story IS NULL")
            for (key, story) in assignments.sorted(by: { $0.key < $1.key }) {
                try assign.execute(arguments: [story, key.source, key.entryID])
            }
            let save = try db.makeStatement(
                sql: """
                    INSERT OR REPLACE INTO story (id, published, updated, canonical_source, canonical_entry_id,
                                                  canonical_hash)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
            for story in stories {
                try save.execute(arguments: [
                    story.id, story.published, story.updated, story.canonical.source, story.canonical.entryID,
                    story.canonicalHash,
                ])
            }
        }
    }

    /// Every story, the most recently updated first (ties by id): the merged feed's order.
    public func stories() throws(StoreError) -> [StoredStory] {
        try stories(updatedSince: .distantPast, limit: Int(Int32.max))
    }

    /// The `limit` most recently updated stories updated since `cutoff`, in the merged feed's order.
    ///
    /// Read from the index alone (migration 8), through a memory map (`readingMapped`).
    public func stories(updatedSince cutoff: Date, limit: Int) throws(StoreError) -> [StoredStory] {
        try readingMapped { db in
            try Self.stories(
                db, where: "updated >= ? ORDER BY updated DESC, id LIMIT ?",
                // The cutoff as the state writes dates, without GRDB's date formatter (slow to make, once a run).
                arguments: [StoredDate.text(cutoff), limit])
        }
    }

    /// What the merged feed says of each source's feed.
    public struct SourceDescriptions: Sendable {
        /// By source URL: the newest date (published, else first seen) among its entries kept; what the merged
        /// feed says of a source feed's `updated`.
        public var newest: [String: Date] = [:]
        /// By source URL: what its feed said about itself when last parsed.
        public var feeds: [String: SourceFeed] = [:]
    }

    /// What the merged feed says of each source's feed, read on a read-only connection of its own
    /// (`readingAside`), so that a publish reads it beside its stories.
    public func sourceDescriptions() throws(StoreError) -> SourceDescriptions {
        try readingAside { db in
            var described = SourceDescriptions()
            let rows = try Row.fetchCursor(
                db, sql: "SELECT source, max(coalesce(published, first_seen)) AS newest FROM entry GROUP BY source")
            while let row = try rows.next() {
                if let newest = row[1] as StoredDate.Column? { described.newest[row[0]] = newest.date }
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM source_feed") {
                let url: String = row["url"]
                described.feeds[url] = SourceFeed(
                    url: url, id: row["feed_id"], title: row["title"], link: row["link"])
            }
            return described
        }
    }

    /// The story rows `condition` selects (and orders), read by column position from a cursor.
    private static func stories(_ db: Database, where condition: String, arguments: StatementArguments) throws
        -> [StoredStory]
    {
        var stories: [StoredStory] = []
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT id, published, updated, canonical_source, canonical_entry_id, canonical_hash FROM story
                WHERE \(condition)
                """,
            arguments: arguments)
        while let row = try rows.next() {
            stories.append(
                StoredStory(
                    id: row[0], published: (row[1] as StoredDate.Column?)?.date,
                    updated: (row[2] as StoredDate.Column).date,
                    canonical: EntryKey(source: row[3], entryID: row[4]), canonicalHash: row[5]))
        }
        return stories
    }

    /// Ids as one JSON array argument (read back with `json_each`), so that any number of them fits one statement.
    static func jsonArray(_ ids: some Collection<String>) -> String {
        // The writer's values, one after the other at the top level, come out separated by commas.
        let json = JSONWriter()
        for id in ids { json.value(id) }
        return "[" + String(decoding: json.bytes, as: UTF8.self) + "]"
    }
}
