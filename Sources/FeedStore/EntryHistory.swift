import FeedModel
import Foundation
import GRDB
import GRDBSQLite

/// What recording one run's entries changed.
public struct HistoryChange: Sendable, Hashable {
    /// Entries never seen before.
    public var added = 0
    /// Entries seen before whose title or text changed (a real edit).
    public var edited = 0
    /// Entries seen before, unchanged (their last sighting is updated).
    public var unchanged = 0
    /// Entries that expired before and are still listed by their source: not added again.
    public var buried = 0

    public init() {}
}

/// One entry of a run, as the history takes it.
public struct SightedEntry: Sendable, Hashable {
    public var source: String
    public var entry: Entry
    public var canonicalURL: String?

    public init(source: String, entry: Entry, canonicalURL: String?) {
        self.source = source
        self.entry = entry
        self.canonicalURL = canonicalURL
    }
}

extension StateStore {
    /// Records the entries of a run, in one transaction. An entry seen before is updated in place, found by its
    /// source and id, or by its source and canonical URL when the site changed its guids; it keeps its first
    /// sighting and its story. An entry whose tombstone is there is skipped.
    @discardableResult
    public func record(_ entries: [SightedEntry], seenAt now: Date) throws(StoreError) -> HistoryChange {
        var change = HistoryChange()
        try writing { db in change = try Self.record(entries, seenAt: now, in: db) }
        return change
    }

    /// A run's end, in one transaction: the sources' new states and the entries they gave, so that a run killed
    /// halfway can never keep the validators (and get a 304 next time) without the entries that came with them.
    public func saveRun(
        states: [SourceState], entries: [SightedEntry], feeds: [SourceFeed] = [], seenAt now: Date
    ) throws(StoreError) -> HistoryChange {
        var change = HistoryChange()
        try writing { db in
            for state in states { try SourceStateRecord(state).save(db) }
            for feed in feeds {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO source_feed (url, feed_id, title, link) VALUES (?, ?, ?, ?)",
                    arguments: [feed.url, feed.id, feed.title, feed.link])
            }
            change = try Self.record(entries, seenAt: now, in: db)
        }
        return change
    }

    private static func record(_ entries: [SightedEntry], seenAt now: Date, in db: Database) throws -> HistoryChange {
        var change = HistoryChange()
        let encoder = JSONEncoder.history
        for sighted in entries {
            let source = sighted.source
            let id = sighted.entry.id
            let url = sighted.canonicalURL
            if try Self.isBuried(db, source: source, id: id, canonicalURL: url) {
                change.buried += 1
                continue
            }
            let hash = Self.contentHash(sighted.entry)
            // The texts in columns of their own: in the JSON, their escaping would cost every reading of it.
            var fields = sighted.entry
            (fields.summary, fields.content) = (nil, nil)
            let json = String(decoding: try encoder.encode(fields), as: UTF8.self)
            let (summary, content) = (sighted.entry.summary, sighted.entry.content)
            let known = try Self.knownRow(db, source: source, id: id, canonicalURL: url)
            guard let known else {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO entry (source, entry_id, canonical_url, first_seen, last_seen, published,
                                           content_hash, entry, summary, content)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """
                ).execute(
                    arguments: [source, id, url, now, now, sighted.entry.published, hash, json, summary, content])
                change.added += 1
                continue
            }
            try db.cachedStatement(
                sql: """
                    UPDATE entry SET entry_id = ?, canonical_url = ?, last_seen = ?, published = ?,
                                     content_hash = ?, entry = ?, summary = ?, content = ?
                    WHERE source = ? AND entry_id = ?
                    """
            ).execute(
                arguments: [id, url, now, sighted.entry.published, hash, json, summary, content, source, known.id])
            if known.id != id {
                // A new guid for the same entry: a story it is the canonical entry of must still find it, or the
                // story would take it for gone and miss an edit that came with the new guid.
                try db.cachedStatement(
                    sql: "UPDATE story SET canonical_entry_id = ? WHERE canonical_source = ? AND canonical_entry_id = ?"
                ).execute(arguments: [id, source, known.id])
            }
            if known.hash == hash { change.unchanged += 1 } else { change.edited += 1 }
        }
        return change
    }

    /// Every entry kept, oldest first sighting first.
    public func storedEntries() throws(StoreError) -> [StoredEntry] {
        try reading { db in
            try Self.storedEntries(db, where: "1").sorted {
                ($0.firstSeen, $0.source, $0.entry.id) < ($1.firstSeen, $1.source, $1.entry.id)
            }
        }
    }

    /// `storedEntries(_:where:...)` of the stories `ids`.
    static func storedEntries(
        _ db: Database, inStories ids: [String], sorted: Bool, summaries: Summaries = .all,
        fieldsOnEveryCore: Bool = true
    ) throws -> [StoredEntry] {
        try storedEntries(
            db, where: "story IN (SELECT value FROM json_each(?))", arguments: [jsonArray(ids)], sorted: sorted,
            summaries: summaries, fieldsOnEveryCore: fieldsOnEveryCore)
    }

    /// The entries `condition` selects (an SQL expression over the `entry` table), ordered by source and id unless
    /// `sorted` is false.
    ///
    /// An entry's fields other than its id and texts are kept as JSON, read here from the column's bytes
    /// (`EntryFields`). Decoding whole entries, and then taking them apart with SQLite's JSON functions, was
    /// what reading them back cost most.
    ///
    /// `fieldsOnEveryCore`: the entries' JSON read on every core (false: on this thread, which others are
    /// already keeping busy, as each row comes, with no copy of it).
    static func storedEntries(
        _ db: Database, where condition: String, arguments: StatementArguments = [], sorted: Bool = true,
        summaries: Summaries = .all, fieldsOnEveryCore: Bool = true
    ) throws -> [StoredEntry] {
        let summary = summaries == .all ? "summary" : "CASE WHEN content IS NULL OR content = '' THEN summary END"
        let sql = """
            SELECT source, entry_id, canonical_url, first_seen, last_seen, content_hash, story, \(summary), content,
                   entry
            FROM entry WHERE \(condition)
            """
        // The rows one at a time, so their text is never in memory twice.
        var entries: [StoredEntry] = []
        var jsons: [[UInt8]] = []
        let statement = try db.makeStatement(sql: sql)
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try rows.next() {
            var entry = StoredEntry(
                source: row[0], entry: Entry(id: row[1], summary: row[7], content: row[8]), canonicalURL: row[2],
                firstSeen: (row[3] as StoredDate.Column).date, lastSeen: (row[4] as StoredDate.Column).date,
                contentHash: row[5], story: row[6])
            // The JSON's bytes where SQLite keeps them (the column is never NULL).
            let json = UnsafeBufferPointer(
                start: sqlite3_column_text(statement.sqliteStatement, 9),
                count: Int(sqlite3_column_bytes(statement.sqliteStatement, 9)))
            if fieldsOnEveryCore {
                jsons.append(Array(json))
            } else {
                try Self.read(Result { try EntryFields(json: json) }, into: &entry)
            }
            entries.append(entry)
        }
        if fieldsOnEveryCore {
            let fields = jsons.concurrentMap(chunk: 256) { json in
                Result { try json.withUnsafeBufferPointer(EntryFields.init(json:)) }
            }
            for index in entries.indices { try Self.read(fields[index], into: &entries[index]) }
        }
        // Sorted here rather than by SQLite, whose sorter would copy every row, texts and all.
        return sorted ? entries.sorted { ($0.source, $0.entry.id) < ($1.source, $1.entry.id) } : entries
    }

    /// Sets the fields of `stored`'s entry that its JSON keeps, or throws what says which entry could not be read.
    private static func read(_ fields: Result<EntryFields, any Error>, into stored: inout StoredEntry) throws {
        switch fields {
        case .success(let fields):
            stored.entry.title = fields.title
            stored.entry.link = fields.link
            stored.entry.published = fields.published
            stored.entry.updated = fields.updated
            stored.entry.authors = fields.authors
            stored.entry.categories = fields.categories
            stored.entry.enclosures = fields.enclosures
        case .failure(let error):
            throw UnreadableEntry(source: stored.source, id: stored.entry.id, reason: "\(error)")
        }
    }

    /// Which summaries `storedEntries` reads: all, or only those of entries without a full text.
    enum Summaries {
        case all, unlessContent
    }

    /// Ends retention: entries first seen before `cutoff` are removed and leave a tombstone, so that a source
    /// still listing them does not bring them back; tombstones older than `tombstoneCutoff` go, and so do the
    /// stories left without entries. Returns how many entries expired.
    @discardableResult
    public func expire(firstSeenBefore cutoff: Date, tombstonesBefore tombstoneCutoff: Date, now: Date)
        throws(StoreError) -> Int
    {
        var expired = 0
        try writing { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO tombstone (source, entry_id, canonical_url, buried)
                    SELECT source, entry_id, canonical_url, ? FROM entry WHERE first_seen < ?
                    """,
                arguments: [now, cutoff])
            try db.execute(sql: "DELETE FROM entry WHERE first_seen < ?", arguments: [cutoff])
            expired = db.changesCount
            try db.execute(sql: "DELETE FROM tombstone WHERE buried < ?", arguments: [tombstoneCutoff])
            try db.execute(
                sql: "DELETE FROM story WHERE NOT EXISTS (SELECT 1 FROM entry WHERE entry.story = story.id)")
        }
        return expired
    }

    private static func isBuried(_ db: Database, source: String, id: String, canonicalURL: String?) throws -> Bool {
        try Bool.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT EXISTS (SELECT 1 FROM tombstone WHERE source = ?1 AND (entry_id = ?2
                                   OR (?3 IS NOT NULL AND canonical_url = ?3)))
                    """),
            arguments: [source, id, canonicalURL]) ?? false
    }

    /// The row this entry updates: same source and id, else same source and canonical URL.
    private static func knownRow(
        _ db: Database, source: String, id: String, canonicalURL: String?
    ) throws -> (id: String, hash: String)? {
        var row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT entry_id, content_hash FROM entry WHERE source = ? AND entry_id = ?"),
            arguments: [source, id])
        if row == nil, let canonicalURL {
            row = try Row.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT entry_id, content_hash FROM entry WHERE source = ? AND canonical_url = ?
                        ORDER BY first_seen LIMIT 1
                        """),
                arguments: [source, canonicalURL])
        }
        return row.map { ($0["entry_id"], $0["content_hash"]) }
    }

    /// Of the title and the text: fixed-seed, so it compares across runs.
    static func contentHash(_ entry: Entry) -> String {
        let bytes = (entry.title ?? "").utf8 + [0] + (entry.content ?? entry.summary ?? "").utf8
        return String(StableHash.fnv1a(bytes: bytes), radix: 16)
    }
}

extension JSONEncoder {
    /// Entries as the history stores them: dates as seconds, keys sorted (the same entry, the same bytes).
    fileprivate static var history: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }
}

/// An entry whose stored fields cannot be read back (a state file edited by hand, or damaged).
struct UnreadableEntry: Error, CustomStringConvertible {
    var source: String
    var id: String
    var reason: String

    var description: String { "entry \(id) of \(source): its stored fields cannot be read: \(reason)" }

    struct NotAnObject: Error, CustomStringConvertible {
        var json: String
        var description: String { "not a JSON object: \(json)" }
    }
}
