import FeedModel
import Foundation
import GRDB
import Testing

@testable import FeedStore

/// The entry history against a real SQLite file in a fresh temporary folder per test.
struct EntryHistoryTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedmerge-history-\(UUID().uuidString)")
    var path: String { folder.appendingPathComponent("state.sqlite").path }

    static let monday = Date(timeIntervalSince1970: 1_795_000_000)
    static let tuesday = monday.addingTimeInterval(86_400)
    static let source = "https://akimat.gov.kz/rss"

    static func sighted(
        _ id: String, _ title: String, text: String = "<p>Текст</p>", url: String? = nil, source: String = source
    ) -> SightedEntry {
        SightedEntry(
            source: source,
            entry: Entry(id: id, title: title, link: url.map { "https://\($0)" }, published: monday, content: text),
            canonicalURL: url)
    }

    @Test func anEntrySeenAgainIsNotAddedTwice() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: path)
        let first = try store.record([Self.sighted("1", "Совещание"), Self.sighted("2", "Слет")], seenAt: Self.monday)
        #expect(first.added == 2)
        let second = try StateStore(path: path).record([Self.sighted("1", "Совещание")], seenAt: Self.tuesday)
        #expect(second.unchanged == 1 && second.added == 0)
        let stored = try store.storedEntries()
        #expect(stored.count == 2)
        #expect(stored.first { $0.entry.id == "1" }?.firstSeen == Self.monday)
        #expect(stored.first { $0.entry.id == "1" }?.lastSeen == Self.tuesday)
    }

    @Test func anEditUpdatesInPlace() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: path)
        try store.record([Self.sighted("1", "Совещание")], seenAt: Self.monday)
        let change = try store.record([Self.sighted("1", "Совещание в акимате")], seenAt: Self.tuesday)
        #expect(change.edited == 1)
        let stored = try store.storedEntries()
        #expect(stored.map(\.entry.title) == ["Совещание в акимате"])
        #expect(stored.first?.firstSeen == Self.monday)
    }

    @Test func aSourceDroppingAnEntryDoesNotDropIt() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: path)
        try store.record([Self.sighted("1", "Совещание"), Self.sighted("2", "Слет")], seenAt: Self.monday)
        try store.record([Self.sighted("3", "Форум")], seenAt: Self.tuesday)  // the feed's window moved on
        #expect(Set(try store.storedEntries().map(\.entry.id)) == ["1", "2", "3"])
    }

    @Test func aGuidChangeAtTheSourceIsTheSameEntry() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: path)
        try store.record([Self.sighted("guid-1", "Совещание", url: "akimat.gov.kz/news/1")], seenAt: Self.monday)
        let change = try store.record(
            [Self.sighted("https://akimat.gov.kz/news/1?from=rss", "Совещание", url: "akimat.gov.kz/news/1")],
            seenAt: Self.tuesday)
        #expect(change.unchanged == 1 && change.added == 0)
        let stored = try store.storedEntries()
        #expect(stored.map(\.entry.id) == ["https://akimat.gov.kz/news/1?from=rss"])
        #expect(stored.first?.firstSeen == Self.monday)
    }

    @Test func anotherSourceWithTheSameURLIsAnotherEntry() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: path)
        try store.record([Self.sighted("1", "Совещание", url: "akimat.gov.kz/news/1")], seenAt: Self.monday)
        let change = try store.record(
            [Self.sighted("1", "Совещание", url: "akimat.gov.kz/news/1", source: "https://agency.kz/rss")],
            seenAt: Self.monday)
        #expect(change.added == 1)
    }

    @Test func anExpiredEntryDoesNotComeBack() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: path)
        try store.record([Self.sighted("1", "Совещание", url: "akimat.gov.kz/news/1")], seenAt: Self.monday)
        try store.record([Self.sighted("2", "Слет")], seenAt: Self.tuesday)
        let expired = try store.expire(
            firstSeenBefore: Self.tuesday, tombstonesBefore: Self.monday, now: Self.tuesday)
        #expect(expired == 1)
        #expect(try store.storedEntries().map(\.entry.id) == ["2"])
        // The source still lists it, even under a new guid.
        let change = try store.record(
            [Self.sighted("1", "Совещание"), Self.sighted("1b", "Совещание", url: "akimat.gov.kz/news/1")],
            seenAt: Self.tuesday)
        #expect(change.buried == 2 && change.added == 0)
        // Once its tombstone is old enough to go, the entry would be news again.
        try store.expire(
            firstSeenBefore: Self.monday, tombstonesBefore: Self.tuesday.addingTimeInterval(1),
            now: Self.tuesday)
        #expect(try store.record([Self.sighted("1", "Совещание")], seenAt: Self.tuesday).added == 1)
    }

    @Test func theWholeEntryIsKept() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let entry = Entry(
            id: "1", title: "Аким провёл совещание", link: "https://akimat.gov.kz/news/1", published: Self.monday,
            updated: Self.tuesday, authors: [Author(name: "Пресс-служба", email: "press@akimat.gov.kz")],
            summary: "<p>Кратко</p>", content: "<p>Полностью</p>", categories: ["Регион"],
            enclosures: [Enclosure(url: "https://akimat.gov.kz/1.jpg", type: "image/jpeg", length: 1_024)])
        try StateStore(path: path).record(
            [SightedEntry(source: Self.source, entry: entry, canonicalURL: "akimat.gov.kz/news/1")],
            seenAt: Self.monday)
        #expect(try StateStore(path: path).storedEntries().first?.entry == entry)
    }

    /// An entry's fields are read back from its JSON: its dates, fractions of a second and all (as the JSON keeps
    /// them), and its lists come back as they were, and an entry without lists has none.
    @Test func fieldsComeBackExactly() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let entries = [0.123, 0.5, 0.999_999, 1e-6].enumerated().map { index, fraction in
            Entry(
                id: "\(index)", title: "Заголовок \"\(index)\" \\ \u{1F600}", link: "https://a.kz/\(index)?q=\"x\"",
                published: Self.monday.addingTimeInterval(fraction),
                updated: Self.tuesday.addingTimeInterval(-fraction),
                authors: index == 0 ? [] : [Author(name: "Ә \(index)"), Author(email: "a@b.kz", uri: "https://b.kz")],
                categories: index == 1 ? [] : ["Регион", "Спорт, и \"кавычки\""],
                enclosures: index == 2 ? [] : [Enclosure(url: "https://a.kz/\(index).mp3", length: 4_000_000_000)])
        }
        try StateStore(path: path).record(
            entries.map { SightedEntry(source: Self.source, entry: $0, canonicalURL: nil) }, seenAt: Self.monday)
        let stored = try StateStore(path: path).storedEntries().map(\.entry).sorted { $0.id < $1.id }
        // The history keeps dates as seconds since 1970 (a double): that, exactly, is what comes back.
        func asKept(_ date: Date?) -> Date? { date.map { Date(timeIntervalSince1970: $0.timeIntervalSince1970) } }
        #expect(stored.map(\.published) == entries.map { asKept($0.published) })
        #expect(stored.map(\.updated) == entries.map { asKept($0.updated) })
        var kept = entries
        for index in kept.indices {
            (kept[index].published, kept[index].updated) = (stored[index].published, stored[index].updated)
        }
        #expect(stored == kept)
        try StateStore(path: path).record(
            [SightedEntry(source: Self.source, entry: Entry(id: "bare"), canonicalURL: nil)], seenAt: Self.monday)
        #expect(try StateStore(path: path).storedEntries().first { $0.entry.id == "bare" }?.entry == Entry(id: "bare"))
    }

    /// A damaged entry (its stored fields are not a JSON object) is an error naming the entry, not a crash or a
    /// silently empty entry.
    @Test func aDamagedEntryIsNamedInTheError() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let entry = Entry(id: "1", title: "Совещание", authors: [Author(name: "Пресс-служба")])
        try StateStore(path: path).record(
            [SightedEntry(source: Self.source, entry: entry, canonicalURL: nil)], seenAt: Self.monday)
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "UPDATE entry SET entry = '[1, 2]'") }
        do {
            _ = try StateStore(path: path).storedEntries()
            Issue.record("a damaged entry was read back")
        } catch {
            #expect(error.description.contains("entry 1 of \(Self.source): its stored fields cannot be read"))
        }
    }
}
