import FeedModel
import Foundation
import GRDB
import Synchronization
import Testing

@testable import FeedStore

/// Stories in the state, against a real SQLite file in a fresh temporary folder per test.
struct StoryHistoryTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedmerge-stories-\(UUID().uuidString)")
    var path: String { folder.appendingPathComponent("state.sqlite").path }

    static let monday = Date(timeIntervalSince1970: 1_795_000_000)
    static let day: TimeInterval = 86_400
    static let akimat = "https://akimat.gov.kz/rss"
    static let paper = "https://paper.kz/rss"

    static func sighted(_ id: String, source: String = akimat, published: Date = monday, text: String = "<p>Текст</p>")
        -> SightedEntry
    {
        SightedEntry(
            source: source,
            entry: Entry(
                id: id, title: "Заголовок \(id)", link: "https://x.kz/\(id)", published: published, content: text),
            canonicalURL: "x.kz/\(id)")
    }

    static func story(_ id: String, canonical: EntryKey, hash: String, updated: Date = monday) -> StoredStory {
        StoredStory(id: id, published: monday, updated: updated, canonical: canonical, canonicalHash: hash)
    }

    /// The hash the history gave an entry.
    func hash(of id: String, in store: StateStore) throws -> String {
        try #require(try store.storedEntries().first { $0.entry.id == id }).contentHash
    }

    @Test func storiesAreSavedAndReadBack() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: path)
        try store.record([Self.sighted("1"), Self.sighted("2", source: Self.paper)], seenAt: Self.monday)
        let batch = try #require(try store.dedupeBatch(window: 3 * Self.day))
        #expect(batch.unassigned.map(\.key.entryID) == ["1", "2"])
        #expect(batch.assigned.isEmpty)

        let first = EntryKey(source: Self.akimat, entryID: "1")
        let story = Self.story("tag:s1", canonical: first, hash: try hash(of: "1", in: store))
        try store.saveStories(
            [story], assignments: [first: "tag:s1", EntryKey(source: Self.paper, entryID: "2"): "tag:s1"])

        let reopened = try StateStore(path: path)
        #expect(try reopened.stories() == [story])
        #expect(try reopened.stories(ids: ["tag:s1", "tag:none"]) == ["tag:s1": story])
        #expect(try reopened.storedEntries().map(\.story) == ["tag:s1", "tag:s1"])
        #expect(
            try reopened.entries(inStories: ["tag:s1"]).map(\.key) == [
                first, EntryKey(source: Self.paper, entryID: "2"),
            ])
        // Every entry has its story: nothing for the detector, and nothing to review.
        #expect(try reopened.dedupeBatch(window: 3 * Self.day) == nil)
        #expect(try reopened.storiesToReview().isEmpty)
    }

    /// Read in groups (as a publish reads them), each group's entries come by themselves, an entry with a full
    /// text without its summary, and one without keeps it.
    @Test func entriesAreReadByGroupsOfStories() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: path)
        var full = Self.sighted("1")
        full.entry.summary = "<p>Кратко</p>"
        var short = Self.sighted("2", source: Self.paper)
        (short.entry.summary, short.entry.content) = ("<p>Только кратко</p>", nil)
        try store.record([full, short, Self.sighted("3")], seenAt: Self.monday)
        let keys = ["1", "2", "3"].map { EntryKey(source: $0 == "2" ? Self.paper : Self.akimat, entryID: $0) }
        try store.saveStories([], assignments: [keys[0]: "tag:a", keys[1]: "tag:a", keys[2]: "tag:b"])

        // Read otherwise, an entry keeps its summary beside its full text.
        #expect(try store.entries(inStories: ["tag:a"]).first { $0.key == keys[0] }?.entry.summary == "<p>Кратко</p>")

        // To publish: on several connections at once, every group once, whatever the number of readers.
        let storyGroups = [["tag:b"], ["tag:a", "tag:none"], [], ["tag:b", "tag:a"], ["tag:none"]]
        for readers in [1, 2, 3, 8] {
            let read = Mutex([Int: [StoredEntry]]())
            try store.entriesToPublish(inStoryGroups: storyGroups, readers: readers) { index, entries in
                read.withLock { #expect($0.updateValue(entries, forKey: index) == nil) }
            }
            let byGroup = read.withLock { $0 }.mapValues { Set($0.map(\.key)) }
            #expect(byGroup == [0: [keys[2]], 1: [keys[0], keys[1]], 2: [], 3: Set(keys), 4: []])
            let published = Dictionary(uniqueKeysWithValues: (read.withLock { $0[1] } ?? []).map { ($0.key, $0.entry) })
            #expect(published[keys[0]]?.summary == nil)
            #expect(published[keys[0]]?.content == "<p>Текст</p>")
            #expect(published[keys[1]]?.summary == "<p>Только кратко</p>")
        }
    }

    @Test func anAssignedEntryKeepsItsStory() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: path)
        try store.record([Self.sighted("1")], seenAt: Self.monday)
        let key = EntryKey(source: Self.akimat, entryID: "1")
        let story = Self.story("tag:s1", canonical: key, hash: try hash(of: "1", in: store))
        try store.saveStories([story], assignments: [key: "tag:s1"])
        try store.saveStories([], assignments: [key: "tag:other"])
        #expect(try store.storedEntries().map(\.story) == ["tag:s1"])
    }

    @Test func theBatchTakesAssignedEntriesWithinTheWindowOfTheEarliestNewOne() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: path)
        let old = Self.sighted("old", published: Self.monday.addingTimeInterval(-5 * Self.day))
        let recent = Self.sighted("recent", published: Self.monday.addingTimeInterval(-2 * Self.day))
        try store.record([old, recent], seenAt: Self.monday)
        let keys = [old, recent].map { EntryKey(source: $0.source, entryID: $0.entry.id) }
        try store.saveStories(
            [
                Self.story("tag:old", canonical: keys[0], hash: try hash(of: "old", in: store)),
                Self.story("tag:recent", canonical: keys[1], hash: try hash(of: "recent", in: store)),
            ],
            assignments: [keys[0]: "tag:old", keys[1]: "tag:recent"])
        try store.record([Self.sighted("new", source: Self.paper)], seenAt: Self.monday)

        let batch = try #require(try store.dedupeBatch(window: 3 * Self.day))
        #expect(batch.unassigned.map(\.key.entryID) == ["new"])
        #expect(batch.assigned.map(\.key.entryID) == ["recent"])
        #expect(batch.assigned.first?.story == "tag:recent")
    }

    @Test func aStoryGoesWithItsLastEntry() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: path)
        try store.record([Self.sighted("1"), Self.sighted("2", source: Self.paper)], seenAt: Self.monday)
        try store.record([Self.sighted("3")], seenAt: Self.monday.addingTimeInterval(Self.day))
        let keys = ["1", "2", "3"].map { EntryKey(source: $0 == "2" ? Self.paper : Self.akimat, entryID: $0) }
        try store.saveStories(
            [
                Self.story("tag:a", canonical: keys[0], hash: try hash(of: "1", in: store)),
                Self.story("tag:b", canonical: keys[2], hash: try hash(of: "3", in: store)),
            ],
            assignments: [keys[0]: "tag:a", keys[1]: "tag:a", keys[2]: "tag:b"])

        // Entries 1 and 2 expire: story a goes with them, story b stays.
        let expired = try store.expire(
            firstSeenBefore: Self.monday.addingTimeInterval(1), tombstonesBefore: Self.monday, now: Self.monday)
        #expect(expired == 2)
        #expect(try store.stories().map(\.id) == ["tag:b"])
    }

    @Test func aStoryWhoseCanonicalEntryExpiredIsReviewed() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: path)
        try store.record([Self.sighted("1")], seenAt: Self.monday)
        try store.record([Self.sighted("2", source: Self.paper)], seenAt: Self.monday.addingTimeInterval(Self.day))
        let keys = [EntryKey(source: Self.akimat, entryID: "1"), EntryKey(source: Self.paper, entryID: "2")]
        try store.saveStories(
            [Self.story("tag:a", canonical: keys[0], hash: try hash(of: "1", in: store))],
            assignments: [keys[0]: "tag:a", keys[1]: "tag:a"])
        try store.expire(
            firstSeenBefore: Self.monday.addingTimeInterval(1), tombstonesBefore: Self.monday, now: Self.monday)
        #expect(try store.stories().map(\.id) == ["tag:a"])
        #expect(try store.storiesToReview() == ["tag:a"])
    }

    @Test func anEditOfTheCanonicalEntryIsReviewed() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: path)
        try store.record([Self.sighted("1"), Self.sighted("2", source: Self.paper)], seenAt: Self.monday)
        let keys = [EntryKey(source: Self.akimat, entryID: "1"), EntryKey(source: Self.paper, entryID: "2")]
        try store.saveStories(
            [Self.story("tag:a", canonical: keys[0], hash: try hash(of: "1", in: store))],
            assignments: [keys[0]: "tag:a", keys[1]: "tag:a"])
        // Another member's edit is not the story's business.
        try store.record([Self.sighted("2", source: Self.paper, text: "<p>Текст, дополнен</p>")], seenAt: Self.monday)
        #expect(try store.storiesToReview().isEmpty)
        try store.record([Self.sighted("1", text: "<p>Текст, исправлен</p>")], seenAt: Self.monday)
        #expect(try store.storiesToReview() == ["tag:a"])
    }

    @Test func aNewGuidForTheCanonicalEntryKeepsItCanonical() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: path)
        try store.record([Self.sighted("guid-1")], seenAt: Self.monday)
        let key = EntryKey(source: Self.akimat, entryID: "guid-1")
        try store.saveStories(
            [Self.story("tag:a", canonical: key, hash: try hash(of: "guid-1", in: store))], assignments: [key: "tag:a"])
        // Same link (so the same canonical URL), new guid.
        var renamed = Self.sighted("guid-1")
        renamed.entry.id = "guid-2"
        #expect(try store.record([renamed], seenAt: Self.monday).unchanged == 1)
        #expect(try store.stories().first?.canonical == EntryKey(source: Self.akimat, entryID: "guid-2"))
        #expect(try store.storiesToReview().isEmpty)
        #expect(try store.dedupeBatch(window: 3 * Self.day) == nil)
    }

    @Test func aStateFileOfMigrationTwoOpensWithItsEntries() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: path)
        try StateSchema.migrator.migrate(queue, upTo: "2 entry history")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO entry (source, entry_id, first_seen, last_seen, content_hash, entry)
                    VALUES (?, '1', ?, ?, 'ab',
                            '{"id":"1","authors":[],"categories":[],"enclosures":[],"summary":"<p>Кратко</p>",
                              "content":"<p>Полный \\"текст\\"</p>"}')
                    """,
                arguments: [Self.akimat, Self.monday, Self.monday])
        }
        try queue.close()

        let store = try StateStore(path: path)
        #expect(try store.schemaVersion() == "8 stories whole by recency")
        #expect(try store.stories().isEmpty)
        let batch = try #require(try store.dedupeBatch(window: 3 * Self.day))
        #expect(batch.unassigned.map(\.key) == [EntryKey(source: Self.akimat, entryID: "1")])
        // The texts moved out of the JSON into their columns, unchanged.
        #expect(batch.unassigned.first?.entry.summary == "<p>Кратко</p>")
        #expect(batch.unassigned.first?.entry.content == "<p>Полный \"текст\"</p>")
    }
}
