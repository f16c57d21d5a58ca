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
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))T\(pad(hour, 2)):"
            + "\(pad(minute, 2)):\(pad(second, 2))Z"
    }
}

/// Dates as RFC 3339 in UTC, to the second (`2026-11-27T10:15:00Z`): what every file feedmerge writes says.
public enum RFC3339 {
    public static func string(_ date: Date) -> String {
        UTCDateTime(date).rfc3339
    }
}
