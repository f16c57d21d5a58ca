import FeedModel
import Foundation

/// The two forms almost every feed writes, read straight from their bytes: most dates never need the general
/// scanner, which tokenizes and tries every form in turn (about ten times the work).
///
/// - RFC 3339 as Atom and Dublin Core write it: `2026-11-27T10:15:00Z`, `2026-11-27T10:15:00.250+05:00`.
/// - RFC 822 as RSS writes it: `Fri, 27 Nov 2026 10:15:00 +0500` (or `GMT`, `UT`, `UTC`, `Z`; the weekday
///   optional, the day one or two digits).
///
/// Anything else, a variation the general scanner accepts included (lower-case `t`, no seconds, a leap second,
/// `24:00`, a named zone), returns nil here and goes to the general scanner; where both read a text they agree,
/// which the tests check.
extension DateParser {
    static func parseCanonical(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var scanner = ByteScanner(bytes: bytes)
        if bytes.count >= 20, bytes[4] == UInt8(ascii: "-") {
            return scanner.rfc3339()
        }
        return scanner.rfc822()
    }

    private struct ByteScanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var isAtEnd: Bool { index == bytes.count }

        mutating func skip(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// Exactly `count` ASCII digits.
        mutating func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for _ in 0..<count {
                let digit = Int(bytes[index]) - Int(UInt8(ascii: "0"))
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
                index += 1
            }
            return value
        }

        /// Three ASCII letters, packed, as written.
        mutating func word3() -> UInt32? {
            guard index + 3 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<3 {
                let byte = bytes[index]
                guard (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") else { return nil }
                value = value << 8 | UInt32(byte)
                index += 1
            }
            return value
        }

        /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`
        mutating func rfc3339() -> Date? {
            guard let year = digits(4), skip(UInt8(ascii: "-")), let month = digits(2), skip(UInt8(ascii: "-")),
                let day = digits(2), skip(UInt8(ascii: "T")), let (hour, minute, second) = clock()
            else { return nil }
            var fraction = 0.0
            if skip(UInt8(ascii: ".")) {
                let start = index
                var value = 0
                while index < bytes.count, index - start < 9, let digit = digits(1) { value = value * 10 + digit }
                let count = index - start
                guard count > 0, index < bytes.count, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index])
                else { return nil }
                fraction = Double(value) / pow(10, Double(count))
            }
            let offset: Int
            if skip(UInt8(ascii: "Z")) {
                offset = 0
            } else {
                guard index < bytes.count else { return nil }
                let sign = bytes[index] == UInt8(ascii: "+") ? 1 : bytes[index] == UInt8(ascii: "-") ? -1 : 0
                index += 1
                guard sign != 0, let hours = digits(2), skip(UInt8(ascii: ":")), let minutes = digits(2), hours <= 23,
                    minutes <= 59
                else { return nil }
                offset = sign * (hours * 3_600 + minutes * 60)
            }
            return instant(year, month, day, hour, minute, second, offset: offset, fraction: fraction)
        }

        /// `[Www, ]D[D] Mon YYYY HH:MM:SS (±HHMM|GMT|UT|UTC|Z)`
        mutating func rfc822() -> Date? {
            if index + 4 < bytes.count, bytes[index + 3] == UInt8(ascii: ",") {
                guard let weekday = word3(), Self.weekdays.contains(weekday), skip(UInt8(ascii: ",")),
                    skip(UInt8(ascii: " "))
                else { return nil }
            }
            let dayDigits = index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: " ") ? 1 : 2
            guard let day = digits(dayDigits), skip(UInt8(ascii: " ")), let name = word3(),
                let month = Self.months.firstIndex(of: name).map({ $0 + 1 }), skip(UInt8(ascii: " ")),
                let year = digits(4), skip(UInt8(ascii: " ")), let (hour, minute, second) = clock(),
                skip(UInt8(ascii: " ")), index < bytes.count
            else { return nil }
            let offset: Int
            if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                let sign = bytes[index] == UInt8(ascii: "+") ? 1 : -1
                index += 1
                guard let hours = digits(2), let minutes = digits(2), hours <= 23, minutes <= 59 else { return nil }
                offset = sign * (hours * 3_600 + minutes * 60)
            } else {
                let rest = UnsafeBufferPointer(rebasing: bytes[index...])
                guard Self.utcNames.contains(where: { $0.elementsEqual(rest) }) else { return nil }
                index = bytes.count
                offset = 0
            }
            return instant(year, month, day, hour, minute, second, offset: offset, fraction: 0)
        }

        /// `HH:MM:SS`, in range (no leap second, no `24:00`).
        mutating func clock() -> (Int, Int, Int)? {
            guard let hour = digits(2), skip(UInt8(ascii: ":")), let minute = digits(2), skip(UInt8(ascii: ":")),
                let second = digits(2), hour <= 23, minute <= 59, second <= 59
            else { return nil }
            return (hour, minute, second)
        }

        func instant(
            _ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int, offset: Int,
            fraction: Double
        ) -> Date? {
            guard isAtEnd, (1...12).contains(month), day >= 1, day <= Self.daysIn(month, of: year) else { return nil }
            let days = CivilDate(year: year, month: month, day: day).daysSince1970
            let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset
            return Date(timeIntervalSince1970: Double(seconds) + fraction)
        }

        static func daysIn(_ month: Int, of year: Int) -> Int {
            let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            return month == 2 ? (isLeap ? 29 : 28) : [4, 6, 9, 11].contains(month) ? 30 : 31
        }

        private static func packed(_ word: String) -> UInt32 {
            word.utf8.reduce(0) { $0 << 8 | UInt32($1) }
        }

        static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            .map(packed)
        static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map(packed)
        static let utcNames = ["GMT", "UT", "UTC", "Z"].map { Array($0.utf8) }
    }
}
