import Foundation
import GRDB
import Testing

@testable import FeedStore

/// The state's dates are read back without Foundation's calendar (`StoredDate`); they must be the very `Date`s
/// GRDB would give, or a date read and written back could move by a millisecond.
struct StoredDateTests {
    @Test func everyStoredDateReadsAsGRDBReadsIt() throws {
        var generator = SystemRandomNumberGenerator()
        var wrong: [String] = []
        for _ in 0..<100_000 {
            // Any millisecond from 1900 to 2100, as GRDB stores it.
            let milliseconds = Int64.random(in: -2_208_988_800_000..<4_102_444_800_000, using: &generator)
            let stored = Date(timeIntervalSince1970: Double(milliseconds) / 1_000).databaseValue
            guard let text = String.fromDatabaseValue(stored), let expected = Date.fromDatabaseValue(stored) else {
                Issue.record("GRDB cannot read back \(stored)")
                continue
            }
            var utf8 = text
            let read = utf8.withUTF8 { StoredDate.date(UnsafeRawBufferPointer($0)) }
            if read?.timeIntervalSinceReferenceDate.bitPattern != expected.timeIntervalSinceReferenceDate.bitPattern {
                wrong.append(text)
            }
        }
        #expect(wrong.isEmpty)
    }

    @Test(arguments: [
        "2026-11-27 10:15:00", "2026-11-27 10:15:00.250", "2000-02-29 23:59:59.999", "2001-01-02 14:57:17.368",
    ])
    func theStoredFormsAreRead(_ text: String) throws {
        var utf8 = text
        let read = utf8.withUTF8 { StoredDate.date(UnsafeRawBufferPointer($0)) }
        #expect(read == Date.fromDatabaseValue(text.databaseValue))
    }

    @Test(arguments: [
        "2026-11-27", "2026-11-27T10:15:00Z", "2026-13-01 00:00:00", "2026-11-27 10:15:00.2", "x",
        // Before the Gregorian calendar, Foundation counts Julian days.
        "0001-01-03 00:00:00.000", "1582-10-15 00:00:00.000",
    ])
    func otherFormsAreLeftToGRDB(_ text: String) {
        var utf8 = text
        #expect(utf8.withUTF8 { StoredDate.date(UnsafeRawBufferPointer($0)) } == nil)
    }

    /// Any date, however far (a `--max-days` meaning "all time"), is written as GRDB writes it, or at least
    /// without a crash where GRDB's formatter gives up.
    @Test(arguments: [
        -1e30, -62_135_596_800, -12_212_553_600.001, -12_212_553_600, 253_402_300_799.999, 253_402_300_800, 1e30,
    ])
    func farDatesAreWrittenAsGRDBWritesThem(_ seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(StoredDate.text(date) == String.fromDatabaseValue(date.databaseValue))
    }

    /// The text a cutoff is bound as must be GRDB's, to the millisecond, or a story at the edge of the window
    /// could come and go.
    @Test func datesAreWrittenAsGRDBWritesThem() {
        var generator = SystemRandomNumberGenerator()
        var wrong: [String] = []
        for _ in 0..<100_000 {
            // Any instant from 1900 to 2100, with parts of a millisecond.
            let seconds = Double.random(in: -2_208_988_800..<4_102_444_800, using: &generator)
            let date = Date(timeIntervalSince1970: seconds)
            let expected = String.fromDatabaseValue(date.databaseValue)
            if StoredDate.text(date) != expected {
                wrong.append("\(seconds): \(StoredDate.text(date)), not \(expected ?? "?")")
            }
        }
        #expect(wrong.isEmpty)
    }

    /// A date column reads as GRDB reads a `Date`, whatever its form (and NULL as nil), both from a statement (a cursor's rows, the
    /// fast path) and from a row copied out of one.
    @Test func dateColumnsReadAsGRDBReadsThem() throws {
        let database = try DatabaseQueue()
        let values: [DatabaseValue] = [
            "2026-11-27 10:15:00.250".databaseValue, "2026-11-27 10:15:00".databaseValue, "2026-11-27".databaseValue,
            "2026-11-27T10:15:00Z".databaseValue, 1_764_238_500.databaseValue,
            1_764_238_500.5.databaseValue, .null,
        ]
        try database.write { db in
            try db.execute(sql: "CREATE TABLE t (position INTEGER, value)")
            for (position, value) in values.enumerated() {
                try db.execute(sql: "INSERT INTO t VALUES (?, ?)", arguments: [position, value])
            }
        }
        let (cursorRead, copiedRead, expected) = try database.read { db in
            var fromCursor: [Date?] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT value FROM t ORDER BY position")
            while let row = try rows.next() { fromCursor.append((row[0] as StoredDate.Column?)?.date) }
            let copied = try Row.fetchAll(db, sql: "SELECT value FROM t ORDER BY position")
            let expected = try Row.fetchAll(db, sql: "SELECT value FROM t ORDER BY position").map { $0[0] as Date? }
            return (fromCursor, copied.map { ($0[0] as StoredDate.Column?)?.date }, expected)
        }
        #expect(expected.compactMap { $0 }.count == 6 && expected.last == .some(nil))
        #expect(cursorRead == expected)
        #expect(copiedRead == expected)
    }
}
