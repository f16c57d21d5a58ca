import FeedModel
import Foundation
import GRDB
import GRDBSQLite

/// Dates as the state stores them: GRDB's text form, `YYYY-MM-DD HH:MM:SS.SSS` in UTC.
///
/// GRDB reads them back through Foundation's Gregorian calendar, which costs a few microseconds a date; reading
/// back thousands of entries and stories, that was a tenth of a second. This reads the same text as integer
/// arithmetic and gives the same `Date`, to the bit (the tests compare the two over many dates); anything else
/// (another form GRDB accepts, a number) is left to GRDB.
enum StoredDate {
    /// The instant `text` says, or nil when it is not in the stored form.
    static func date(_ text: UnsafeRawBufferPointer) -> Date? {
        guard text.count == 23 || text.count == 19 else { return nil }
        func number(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for offset in start..<(start + count) {
                let digit = Int(text[offset]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-"), text[10] == UInt8(ascii: " "),
            text[13] == UInt8(ascii: ":"), text[16] == UInt8(ascii: ":"),
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60,
            // Before 1583 Foundation's calendar counts Julian days, which this arithmetic does not.
            year >= Self.firstGregorianYear
        else { return nil }
        var milliseconds = 0
        if text.count == 23 {
            guard text[19] == UInt8(ascii: "."), let fraction = number(20, 3) else { return nil }
            milliseconds = fraction
        }
        // As Foundation's calendar computes it, rounding for rounding: the day's start since 2001, plus the time
        // of day with its fraction (adding the fraction to the whole seconds since 2001 instead differs in the
        // last bit for a few dates in 100,000).
        let days = CivilDate(year: year, month: month, day: day).daysSince1970 - 11_323  // 2001-01-01
        let timeOfDay = Double(hour * 3_600 + minute * 60 + second) + Double(milliseconds * 1_000_000) / 1e9
        return Date(timeIntervalSinceReferenceDate: Double(days) * 86_400 + timeOfDay)
    }

    /// The first whole year of the Gregorian calendar, from which the arithmetic here is Foundation's.
    static let firstGregorianYear = 1583

    /// The state's form of `date` (what GRDB writes, without its formatter): to the nearest millisecond,
    /// halves up, as its formatter rounds. A date outside the years 1583-9999 (a cutoff of "all time") is left to
    /// GRDB's formatter.
    static func text(_ date: Date) -> String {
        // 1583-01-01 and 10000-01-01, in seconds since 1970.
        guard (-12_212_553_600..<253_402_300_800).contains(date.timeIntervalSince1970) else {
            return String.fromDatabaseValue(date.databaseValue) ?? ""
        }
        let milliseconds = Int((date.timeIntervalSince1970 * 1_000 + 0.5).rounded(.down))
        var (days, time) = milliseconds.quotientAndRemainder(dividingBy: 86_400_000)
        if time < 0 { (days, time) = (days - 1, time + 86_400_000) }
        let civil = CivilDate(daysSince1970: days)
        func digits(_ value: Int, _ count: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, count - text.count)) + text
        }
        return "\(digits(civil.year, 4))-\(digits(civil.month, 2))-\(digits(civil.day, 2)) "
            + "\(digits(time / 3_600_000, 2)):\(digits(time / 60_000 % 60, 2)):\(digits(time / 1_000 % 60, 2))."
            + digits(time % 1_000, 3)
    }

    /// A date column, decoded by GRDB's fast path for a row of a statement (`StatementColumnConvertible`): the
    /// stored form straight from the column's text, with no copy of it; any other form by GRDB.
    struct Column: DatabaseValueConvertible, StatementColumnConvertible {
        var date: Date

        init?(sqliteStatement: SQLiteStatement, index: CInt) {
            if sqlite3_column_type(sqliteStatement, index) == SQLITE_TEXT,
                let text = sqlite3_column_text(sqliteStatement, index),
                let date = StoredDate.date(
                    UnsafeRawBufferPointer(start: text, count: Int(sqlite3_column_bytes(sqliteStatement, index))))
            {
                self.date = date
            } else if let date = Date(sqliteStatement: sqliteStatement, index: index) {
                self.date = date
            } else {
                return nil
            }
        }

        var databaseValue: DatabaseValue { date.databaseValue }

        static func fromDatabaseValue(_ value: DatabaseValue) -> Column? {
            if case .string(let text) = value.storage {
                var text = text
                if let date = text.withUTF8({ StoredDate.date(UnsafeRawBufferPointer($0)) }) {
                    return Column(date: date)
                }
            }
            return Date.fromDatabaseValue(value).map(Column.init(date:))
        }

        private init(date: Date) {
            self.date = date
        }
    }
}
