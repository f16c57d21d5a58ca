import FeedModel
import FeedParse
import Foundation

/// Byte-level helpers for writing feeds: the output encodings (UTF-8, windows-1251, KOI8-R), XML escaping
/// and the two date formats feeds use.
///
/// Why a table rather than `String.data(using:)`: Foundation on Linux does know windows-1251 and KOI8-R, but
/// it fails the whole string on one character the charset lacks (every Kazakh letter, and `«»—` in KOI8-R).
/// Real single-byte feeds write those as character references, so the table is built once from Foundation's
/// decoder (byte by byte) and anything unmapped becomes `&#N;`.
struct OutputEncoding: Sendable {
    enum Name: String, Codable, Sendable {
        case utf8 = "UTF-8"
        case windows1251 = "windows-1251"
        case koi8r = "KOI8-R"
    }

    let name: Name
    /// Unicode scalar value to byte, for the upper half of a single-byte charset.
    private let table: [UInt32: UInt8]

    init(_ name: Name) throws(BenchError) {
        self.name = name
        let foundation: String.Encoding
        switch name {
        case .utf8:
            table = [:]
            return
        case .windows1251:
            foundation = .windowsCP1251
        case .koi8r:
            // CFStringConvertEncodingToNSStringEncoding(kCFStringEncodingKOI8_R); Linux Foundation knows it.
            foundation = String.Encoding(rawValue: 0x8000_0A02)
        }
        var table: [UInt32: UInt8] = [:]
        for byte in UInt8(0x80)...UInt8(0xFF) {
            guard let text = String(data: Data([byte]), encoding: foundation),
                let scalar = text.unicodeScalars.first, text.unicodeScalars.count == 1
            else { continue }
            table[scalar.value] = byte
        }
        let cyrillic = (UInt32(0x410)...UInt32(0x44F)).filter { table[$0] != nil }.count
        guard cyrillic == 64 else {
            throw BenchError("Foundation cannot decode \(name.rawValue) on this system (\(cyrillic)/64 letters)")
        }
        self.table = table
    }

    /// Appends UTF-8 `text` in this encoding; characters it lacks become numeric character references.
    func append(_ text: [UInt8], to out: inout [UInt8]) {
        guard name != .utf8 else {
            out.append(contentsOf: text)
            return
        }
        for scalar in String(decoding: text, as: UTF8.self).unicodeScalars {
            if scalar.value < 0x80 {
                out.append(UInt8(scalar.value))
            } else if let byte = table[scalar.value] {
                out.append(byte)
            } else {
                out.append(contentsOf: "&#\(scalar.value);".utf8)
            }
        }
    }
}

enum XMLText {
    /// Appends `text` escaped for XML character data (and for attribute values in double quotes).
    static func appendEscaped(_ text: [UInt8], to out: inout [UInt8]) {
        for byte in text {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
            default: out.append(byte)
            }
        }
    }

    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        appendEscaped(Array(text.utf8), to: &out)
    }
}

extension [UInt8] {
    mutating func write(_ text: String) {
        append(contentsOf: text.utf8)
    }
}

/// RFC 822 (RSS 2.0) and RFC 3339 (Atom, Dublin Core) dates, formatted by hand so that no locale or time zone
/// database takes part.
struct FeedDate {
    /// Seconds since 1970, UTC.
    var seconds: Int64
    /// The zone the site writes its dates in, east of UTC.
    var offsetMinutes: Int

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private var local: (year: Int, month: Int, day: Int, weekday: Int, hour: Int, minute: Int, second: Int) {
        let shifted = seconds + Int64(offsetMinutes * 60)
        let secondsSinceMidnight = (shifted % 86_400 + 86_400) % 86_400
        let days = Int((shifted - secondsSinceMidnight) / 86_400)
        let secondOfDay = Int(secondsSinceMidnight)
        let date = CivilDate(daysSince1970: days)
        let (year, month, day) = (date.year, date.month, date.day)
        let weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday (4).
        return (year, month, day, weekday, secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60)
    }

    private static func two(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    /// `Tue, 03 Jun 2025 14:05:00 +0500`, or `GMT` for UTC when `gmt` is set.
    func rfc822(gmt: Bool = false) -> String {
        let time = local
        let sign = offsetMinutes < 0 ? "-" : "+"
        let zone =
            gmt && offsetMinutes == 0
            ? "GMT" : sign + Self.two(abs(offsetMinutes) / 60) + Self.two(abs(offsetMinutes) % 60)
        return "\(Self.weekdays[time.weekday]), \(Self.two(time.day)) \(Self.months[time.month - 1]) \(time.year) "
            + "\(Self.two(time.hour)):\(Self.two(time.minute)):\(Self.two(time.second)) \(zone)"
    }

    /// `2025-06-03T14:05:00+05:00`, `Z` for UTC, optionally with milliseconds.
    func rfc3339(fraction: Bool = false) -> String {
        let time = local
        let sign = offsetMinutes < 0 ? "-" : "+"
        let zone =
            offsetMinutes == 0
            ? "Z" : sign + Self.two(abs(offsetMinutes) / 60) + ":" + Self.two(abs(offsetMinutes) % 60)
        return "\(time.year)-\(Self.two(time.month))-\(Self.two(time.day))T"
            + "\(Self.two(time.hour)):\(Self.two(time.minute)):\(Self.two(time.second))\(fraction ? ".000" : "")\(zone)"
    }
}

/// An error the benchmark reports and exits on.
struct BenchError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
