import Foundation

/// A proleptic Gregorian calendar date from a day count, without Foundation's calendars (H. Hinnant's
/// `civil_from_days`). Shared by the parser's JSON, the published files and the benchmark's corpus generator.
package struct CivilDate: Sendable, Hashable {
    package var year: Int
    /// 1-12.
    package var month: Int
    /// 1-31.
    package var day: Int

    package init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date `days` days after 1970-01-01 (negative: before).
    package init(daysSince1970 days: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Days from 1970-01-01 to this date (negative: before); the inverse of `init(daysSince1970:)` (Hinnant's
    /// `days_from_civil`). The fields must be in range.
    package var daysSince1970: Int {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// An instant's date and time of day in UTC, in whole seconds (a fraction is dropped): computed from the instant
/// alone, with no calendar, locale or zone database, so every machine writes the same text for it.
package struct UTCDateTime: Sendable, Hashable {
    package var date: CivilDate
    /// 0-23.
    package var hour: Int
    /// 0-59.
    package var minute: Int
    /// 0-59.
    package var second: Int

    package init(_ instant: Date) {
        let seconds = Int64(instant.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        date = CivilDate(daysSince1970: Int(days))
        hour = secondOfDay / 3600
        minute = secondOfDay % 3600 / 60
        second = secondOfDay % 60
    }

    /// RFC 3339 §5.6 in UTC: `2026-11-27T05:15:00Z`.
    package var rfc3339: String {
        guard (0...9999).contains(date.year) else {
            // Outside four digits (no feed date is): as it is, so that nothing is cut.
            return "\(date.year)-\(Self.digits(date.month))-\(Self.digits(date.day))T\(Self.digits(hour)):"
                + "\(Self.digits(minute)):\(Self.digits(second))Z"
        }
        // Twenty ASCII bytes written in place: dates are written for every story of every file.
        return String(unsafeUninitializedCapacity: 20) { buffer in
            func put(_ value: Int, width: Int, at offset: Int) {
                var value = value
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[position] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(date.year, width: 4, at: 0)
            put(date.month, width: 2, at: 5)
            put(date.day, width: 2, at: 8)
            put(hour, width: 2, at: 11)
            put(minute, width: 2, at: 14)
            put(second, width: 2, at: 17)
            (buffer[4], buffer[7], buffer[10]) = (UInt8(ascii: "-"), UInt8(ascii: "-"), UInt8(ascii: "T"))
            (buffer[13], buffer[16], buffer[19]) = (UInt8(ascii: ":"), UInt8(ascii: ":"), UInt8(ascii: "Z"))
            return 20
        }
    }

    private static func digits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}

/// Dates as RFC 3339 in UTC, to the second (`2026-11-27T10:15:00Z`): what every file feedmerge writes says.
public enum RFC3339 {
    public static func string(_ date: Date) -> String {
        UTCDateTime(date).rfc3339
    }
}
