import FeedModel
import Foundation
import GRDB

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
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
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

    /// The date in column `index` of `row`, read here when it is in the stored form; nil when it is NULL or in
    /// another form (for GRDB to read).
    static func read(_ row: Row, atIndex index: Int) -> Date? {
        (try? row.withUnsafeData(atIndex: index) { data in data?.withUnsafeBytes(date) }) ?? nil
    }
}
