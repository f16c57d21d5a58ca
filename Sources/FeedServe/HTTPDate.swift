import FeedModel
import Foundation

/// HTTP dates (RFC 9110 §5.6.7) for `Last-Modified` and `If-Modified-Since`, in whole seconds since 1970, without
/// Foundation's calendars or formatters.
enum HTTPDate {
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The IMF-fixdate every server must send: `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func string(_ seconds: Int64) -> String {
        let time = UTCDateTime(Date(timeIntervalSince1970: TimeInterval(seconds)))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let weekday = weekdays[Int(((days % 7) + 7) % 7)]
        let year = String(time.date.year)
        return "\(weekday), \(two(time.date.day)) \(months[time.date.month - 1]) "
            + "\(String(repeating: "0", count: max(0, 4 - year.count)))\(year) "
            + "\(two(time.hour)):\(two(time.minute)):\(two(time.second)) GMT"
    }

    /// Seconds since 1970 of an IMF-fixdate, or nil for anything else. The two obsolete forms (RFC 850 and asctime)
    /// are not read: a date that cannot be read makes `If-Modified-Since` ignored (RFC 9110 §13.1.3), so the
    /// client gets the whole file, which is always correct; clients have sent IMF-fixdate for decades.
    static func seconds(_ text: String) -> Int64? {
        let fields = text.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0].count == 4, fields[0].last == ",",
            weekdays.contains(String(fields[0].dropLast())), fields[5] == "GMT",
            fields[1].count == 2, let day = number(fields[1]),
            let month = months.firstIndex(of: String(fields[2])),
            fields[3].count == 4, let year = number(fields[3])
        else { return nil }
        let clock = fields[4].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
            let hour = number(clock[0]), let minute = number(clock[1]), let second = number(clock[2]),
            (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        let days = Int64(CivilDate(year: year, month: month + 1, day: day).daysSince1970)
        let secondOfDay = Int64(hour * 3600 + minute * 60 + min(second, 59))
        return days * 86_400 + secondOfDay
    }

    /// The value of `text` when it is ASCII digits only (`Int` alone also takes a sign).
    private static func number(_ text: Substring) -> Int? {
        text.allSatisfy { $0.isASCII && $0.isNumber } ? Int(text) : nil
    }

    private static func two(_ number: Int) -> String {
        number < 10 ? "0\(number)" : String(number)
    }
}
