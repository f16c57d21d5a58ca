import FeedModel
import Foundation

/// Reads the dates that feeds really carry into instants.
///
/// Feeds say "when" in several dialects: RFC 822 §5 (as amended by RFC 1123 §5.2.14 and RFC 2822 §3.3) in RSS,
/// RFC 3339 §5.6 and the W3C-DTF profile of ISO 8601 in Atom and Dublin Core, and free Russian and Kazakh
/// dates on regional sites. This is a small hand-written scanner rather than `DateFormatter`, because formatters
/// are slow, follow the process locale, and each reads a single pattern, while this runs once per entry on feeds
/// with 50,000 entries. The text is cut into numbers, words and marks in one pass over its scalars, the tokens
/// are matched against the forms below, and the epoch is computed from the calendar fields.
///
/// Whitespace (U+00A0 too) and RFC 822 comments such as `(UTC)` are ignored; letters are matched in any case.
/// - RFC 822: `Tue, 03 Jun 2003 09:39:21 GMT`. The weekday is optional and never checked (feeds get it wrong);
///   months are English, full or short; a 2-digit year is read by RFC 2822 §4.3: 00-49 → 20xx, 50-99 → 19xx.
/// - RFC 3339: `2026-11-27T05:15:00.5Z`, `t`/`z` in any case, a space for `T`, seconds and zone optional.
///   A date alone is midnight; W3C-DTF `2026-11` is the first of the month; a bare year (`2026`) is nil,
///   being too coarse to place an entry and more often a stray number than a date.
/// - Russian and Kazakh: `27 ноября 2026 г. 10:15`, `27 ноябрь 2026`, `27 нояб. 2026`, `2026 жылғы 27 қараша`,
///   `27 қарашада 2026`, `27.11.2026 10:15`, `10:15 27.11.2026`; `27.11.26` takes the RFC 2822 year rule,
///   as day-first is the only order these sites use. US-style `June 3, 2003` is read as well.
/// - Zones: `+0500`, `-03:30`, `+05`, `GMT UT UTC Z`, `EST EDT CST CDT MST MDT PST PDT`, `MSK`/`МСК` +3,
///   `CET` +1, `CEST` +2, `EET` +2, `EEST` +3, `BST` +1, and `ALMT` as Almaty's own local time (its offset
///   moved from +6 to +5 in 2024). Ambiguous names (`IST`) are not read. The military letters other than `Z`
///   carry no information, as RFC 1123 §5.2.14 found RFC 822 had their signs reversed, so they read as UTC,
///   as RFC 2822 §4.3 says for unknown zones; `J` (local) is not a zone.
/// - No zone: the wall time is read in `defaultTimeZone`, with that zone's offset at that very instant.
///
/// A seconds value of 60 (a leap second) is read as 59; `24:00:00` is the next midnight.
struct DateParser: Sendable {
    /// The zone of the source, for dates that carry none.
    let defaultTimeZone: TimeZone

    /// `defaultTimeZone` is used for a date without a zone (a source's own zone; default Asia/Almaty).
    init(defaultTimeZone: TimeZone = .almaty) {
        self.defaultTimeZone = defaultTimeZone
    }

    /// The instant `text` names.
    ///
    /// nil when the text is not a date it can read: never a made-up "now", which would reorder a feed.
    func parse(_ text: String) -> Date? {
        var text = text
        if let date = text.withUTF8(Self.parseCanonical) { return date }
        return parseAnyForm(text)
    }

    /// `parse` without the shortcut for the canonical forms. Internal for the tests, which hold the two to the
    /// same answers.
    func parseAnyForm(_ text: String) -> Date? {
        guard let tokens = Self.tokenize(text) else { return nil }
        var cursor = TokenCursor(tokens: tokens)
        guard let reading = cursor.read(), let wall = reading.wallSeconds() else { return nil }
        let seconds: Int
        switch reading.zone {
        case .offset(let offset): seconds = wall - offset
        case .local(let zone): seconds = Self.utcSeconds(wall: wall, in: zone)
        case nil: seconds = Self.utcSeconds(wall: wall, in: defaultTimeZone)
        }
        return Date(timeIntervalSince1970: Double(seconds) + reading.clock.fraction)
    }

    /// The UTC seconds of a wall time in `zone`, using the offset in force at that instant, not today's.
    ///
    /// The offset at the wall time itself is the first guess; it is corrected until it agrees with the offset at
    /// the instant it gives. In a fold (Almaty's 2024-02-29 23:xx happened twice) one of the two readings results.
    private static func utcSeconds(wall: Int, in zone: TimeZone) -> Int {
        var offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wall)))
        for _ in 0..<2 {
            let actual = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wall - offset)))
            if actual == offset { break }
            offset = actual
        }
        return wall - offset
    }

    /// The lower-case form of a Latin or Cyrillic letter (Kazakh letters included), or nil for anything else.
    ///
    /// Hand-written because `lowercased()` allocates a string per call. Combining marks are kept, so that a
    /// decomposed `й` still compares equal to the precomposed one in the name tables. Internal for the tests.
    static func foldedLetter(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let code = scalar.value
        switch code {
        case 0x61...0x7A, 0x430...0x45F, 0x300...0x36F: return scalar
        case 0x41...0x5A, 0x410...0x42F: return Unicode.Scalar(code + 0x20)
        case 0x400...0x40F: return Unicode.Scalar(code + 0x50)  // Ѐ-Џ, including the Kazakh І
        case 0x460...0x4BF, 0x4D0...0x4FF: return Unicode.Scalar(code | 1)  // even upper, odd lower: Қ Ң Ү Ұ Һ Ә Ө
        case 0x4C1...0x4CE: return Unicode.Scalar(code + (code & 1))  // odd upper, even lower
        case 0x4C0, 0x4CF: return Unicode.Scalar(0x4CF)
        default: return nil
        }
    }
}

extension TimeZone {
    /// Asia/Almaty, the zone of most sources here, looked up by name because its offset changed (+6 → +5 on
    /// 2024-03-01); a fixed +5 is the fallback on a system without time zone data.
    ///
    /// Public because `FeedParser`'s public initializer uses it as a default argument.
    public static let almaty: TimeZone =
        TimeZone(identifier: "Asia/Almaty") ?? TimeZone(secondsFromGMT: 5 * 3_600) ?? .gmt
}

// MARK: - Tokens

extension DateParser {
    /// One piece of a date: a run of digits, a run of letters (lower-cased), or one of the marks `+ , - . :`.
    private enum Token {
        /// `value` holds the first 18 digits only, so a long fraction cannot overflow; `digits` counts them all.
        case number(value: Int, digits: Int)
        case word(String)
        case mark(Unicode.Scalar)
    }

    /// Cuts `text` into tokens in one pass, or nil at a character no date form uses.
    private static func tokenize(_ text: String) -> [Token]? {
        var tokens: [Token] = []
        tokens.reserveCapacity(16)
        var value = 0
        var digits = 0
        var word = String.UnicodeScalarView()
        var isCyrillic = false
        var hasLatinI = false
        var commentDepth = 0
        func flush() {
            if digits > 0 { tokens.append(.number(value: value, digits: digits)) }
            if !word.isEmpty {
                // Kazakh is often typed with a Latin `i` for `і`; in a Cyrillic word it can only mean that.
                if isCyrillic && hasLatinI { word = String.UnicodeScalarView(word.map { $0 == "i" ? "\u{456}" : $0 }) }
                tokens.append(.word(String(word)))
            }
            value = 0
            digits = 0
            word = String.UnicodeScalarView()
            isCyrillic = false
            hasLatinI = false
        }
        for scalar in text.unicodeScalars {
            let code = scalar.value
            if commentDepth > 0 {
                commentDepth += code == 0x28 ? 1 : code == 0x29 ? -1 : 0
            } else if (0x30...0x39).contains(code) {
                if !word.isEmpty { flush() }
                if digits < 18 { value = value * 10 + Int(code - 0x30) }
                digits += 1
            } else if let letter = foldedLetter(scalar) {
                if digits > 0 { flush() }
                word.append(letter)
                isCyrillic = isCyrillic || code >= 0x400
                hasLatinI = hasLatinI || letter == "i"
            } else {
                flush()
                switch code {
                case 0x2B, 0x2C, 0x2D, 0x2E, 0x3A: tokens.append(.mark(scalar))
                case 0x28: commentDepth = 1
                case 0x20, 0xFEFF, 0x200B: break
                default: guard scalar.properties.isWhitespace else { return nil }
                }
            }
        }
        flush()
        return commentDepth == 0 ? tokens : nil
    }
}

// MARK: - Forms

extension DateParser {
    /// A calendar date as read, before its ranges are checked.
    private typealias Day = (year: Int, month: Int, day: Int)

    /// A wall-clock time as read, before its ranges are checked.
    private struct Clock {
        var hour = 0
        var minute = 0
        var second = 0
        var fraction = 0.0
    }

    /// How a zone was given: a fixed offset in seconds east of UTC, or a named zone's own local time.
    private enum Zone {
        case offset(Int)
        case local(TimeZone)
    }

    /// The fields read from one text, before they are checked and turned into an instant.
    private struct Reading {
        var day: Day
        var clock = Clock()
        var zone: Zone?

        /// The seconds since 1970 of these fields read as UTC, or nil when a field is out of range.
        ///
        /// Days come from Howard Hinnant's days-from-civil, exact for the proleptic Gregorian calendar at any year.
        func wallSeconds() -> Int? {
            let (year, month, day) = day
            let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let monthDays = month == 2 ? (isLeap ? 29 : 28) : [4, 6, 9, 11].contains(month) ? 30 : 31
            guard (1...12).contains(month), (1...monthDays).contains(day), clock.hour <= 24, clock.minute <= 59,
                clock.second <= 60, clock.hour < 24 || (clock.minute == 0 && clock.second == 0 && clock.fraction == 0)
            else { return nil }
            let days = CivilDate(year: year, month: month, day: day).daysSince1970
            return days * 86_400 + clock.hour * 3_600 + clock.minute * 60 + min(clock.second, 59)
        }
    }

    /// Walks the tokens with one-token lookahead, trying each form in turn and rewinding when one fails.
    private struct TokenCursor {
        let tokens: [Token]
        var index = 0

        var isAtEnd: Bool { index == tokens.count }
        var next: Token? { index < tokens.count ? tokens[index] : nil }

        /// An optional time, a date, an optional time, an optional zone, and nothing else.
        mutating func read() -> Reading? {
            let leadingTime = attempt { $0.time() }
            if leadingTime != nil { _ = skip(",") }
            guard let day = date() else { return nil }
            var reading = Reading(day: day, clock: leadingTime ?? Clock())
            if leadingTime == nil {
                // After a word such as `T` or `в` a time must follow; after a comma it may.
                _ = skip(",")
                let needsTime = skipWord(in: separatorWords)
                if let clock = attempt({ $0.time() }) {
                    reading.clock = clock
                } else if needsTime {
                    return nil
                }
            }
            if !isAtEnd {
                guard let zone = attempt({ $0.zone() }) else { return nil }
                reading.zone = zone
            }
            return isAtEnd ? reading : nil
        }

        /// A date in any of the forms, after an optional weekday that is never checked (feeds get it wrong).
        mutating func date() -> Day? {
            if skipWord(in: weekdays) { _ = skip(",") }
            return attempt { $0.isoDate() } ?? attempt { $0.yearFirstDate() } ?? attempt { $0.dottedDate() }
                ?? attempt { $0.namedDate() } ?? attempt { $0.monthFirstDate() }
        }

        /// RFC 3339 `2026-11-27`, or W3C-DTF `2026-11` as the first of that month.
        mutating func isoDate() -> Day? {
            guard let year = number(4...4), skip("-"), let month = number(2...2) else { return nil }
            guard skip("-") else { return (year, month, 1) }
            guard let day = number(2...2) else { return nil }
            return (year, month, day)
        }

        /// Kazakh `2026 жылғы 27 қараша` / `2026 ж. 27 қараша`.
        mutating func yearFirstDate() -> Day? {
            guard let year = number(4...4), skipWord(in: yearWords), let day = number(1...2), let month = monthName()
            else { return nil }
            return (year, month, day)
        }

        /// `27.11.2026` and `27.11.26`, always day first.
        mutating func dottedDate() -> Day? {
            guard let day = number(1...2), skip("."), let month = number(1...2), skip("."), let year = year() else {
                return nil
            }
            return (year, month, day)
        }

        /// RFC 822 `3 Jun 2003` (also `03-Jun-03`), Russian `27 ноября 2026 г.`, Kazakh `27 қараша 2026 ж.`.
        mutating func namedDate() -> Day? {
            guard let day = number(1...2) else { return nil }
            _ = skip("-")
            guard let month = monthName() else { return nil }
            _ = skip("-")
            guard let year = year() else { return nil }
            _ = skipWord(in: yearWords)
            return (year, month, day)
        }

        /// `June 3, 2003`, with a 4-digit year only.
        mutating func monthFirstDate() -> Day? {
            guard let month = monthName(), let day = number(1...2) else { return nil }
            _ = skip(",")
            guard let year = number(4...4) else { return nil }
            return (year, month, day)
        }

        /// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff`, with a fraction of any length.
        mutating func time() -> Clock? {
            guard let hour = number(1...2), skip(":"), let minute = number(2...2) else { return nil }
            var clock = Clock(hour: hour, minute: minute)
            guard skip(":") else { return clock }
            guard let second = number(2...2) else { return nil }
            clock.second = second
            guard skip(".") else { return clock }
            guard case .number(let value, let digits)? = next else { return nil }
            index += 1
            clock.fraction = Double(value) / pow(10, Double(min(digits, 18)))
            return clock
        }

        /// A numeric offset, a zone name from the table, `ALMT`, or a military letter (read as UTC).
        mutating func zone() -> Zone? {
            if let offset = attempt({ $0.numericOffset() }) { return .offset(offset) }
            guard case .word(let name)? = next else { return nil }
            index += 1
            if name == "almt" { return .local(.almaty) }
            if let hours = zoneHours[name] {
                // `GMT+03:00` and `UTC+3` name UTC and then the offset from it.
                if hours == 0, let offset = attempt({ $0.numericOffset() }) { return .offset(offset) }
                return .offset(hours * 3_600)
            }
            let letters = name.unicodeScalars
            guard letters.count == 1, let letter = letters.first, ("a"..."y").contains(letter), letter != "j" else {
                return nil
            }
            return .offset(0)
        }

        /// `+0500`, `-03:30`, `+05` or `+5`, in seconds east of UTC.
        mutating func numericOffset() -> Int? {
            guard case .mark(let sign)? = next, sign == "+" || sign == "-" else { return nil }
            index += 1
            guard case .number(let value, let digits)? = next, digits != 3, digits <= 4 else { return nil }
            index += 1
            var (hours, minutes) = digits == 4 ? value.quotientAndRemainder(dividingBy: 100) : (value, 0)
            if digits <= 2, skip(":") {
                guard let value = number(2...2) else { return nil }
                minutes = value
            }
            guard hours <= 23, minutes <= 59 else { return nil }
            return (sign == "-" ? -1 : 1) * (hours * 3_600 + minutes * 60)
        }

        /// A year of four digits, or of two by RFC 2822 §4.3: 00-49 → 2000-2049, 50-99 → 1950-1999.
        mutating func year() -> Int? {
            guard case .number(let value, let digits)? = next, digits == 2 || digits == 4 else { return nil }
            index += 1
            return digits == 4 ? value : value < 50 ? 2000 + value : 1900 + value
        }

        /// A month name from the table, with an optional abbreviation dot.
        ///
        /// A Kazakh locative (`қарашада`, `қыркүйекте`: "in November") is read by dropping its `-да/-де/-та/-те`,
        /// only after the plain lookup fails, as that is the rare case.
        mutating func monthName() -> Int? {
            guard case .word(let word)? = next else { return nil }
            let isLocative = { ["да", "де", "та", "те"].contains { word.hasSuffix($0) } }
            guard let month = monthNumbers[word] ?? (isLocative() ? monthNumbers[String(word.dropLast(2))] : nil)
            else { return nil }
            index += 1
            _ = skip(".")
            return month
        }

        /// Consumes a word from `words`, and the dot of its abbreviation if one follows.
        mutating func skipWord(in words: Set<String>) -> Bool {
            guard case .word(let word)? = next, words.contains(word) else { return false }
            index += 1
            _ = skip(".")
            return true
        }

        /// A number of the given digit count (leading zeros count), consumed only when it fits.
        mutating func number(_ length: ClosedRange<Int>) -> Int? {
            guard case .number(let value, let digits)? = next, length.contains(digits) else { return nil }
            index += 1
            return value
        }

        /// Consumes `mark` when it is next.
        mutating func skip(_ mark: Unicode.Scalar) -> Bool {
            guard case .mark(let found)? = next, found == mark else { return false }
            index += 1
            return true
        }

        /// Runs `read`, rewinding to where it started when it fails, so the next form starts from the same token.
        mutating func attempt<Value>(_ read: (inout TokenCursor) -> Value?) -> Value? {
            let start = index
            if let value = read(&self) { return value }
            index = start
            return nil
        }
    }
}

// MARK: - Names

extension DateParser {
    /// Month names by number: English, Russian genitive, nominative and short forms, and Kazakh.
    private static let monthNumbers: [String: Int] = {
        let tables = [
            "jan feb mar apr may jun jul aug sep oct nov dec",
            "january february march april may june july august september october november december",
            "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
            "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",
            "янв фев мар апр май июн июл авг сен окт ноя дек",
            "янв февр мар апр май июн июл авг сент окт нояб дек",
            "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан",
        ]
        var numbers = ["sept": 9]
        for table in tables {
            for (offset, name) in table.split(separator: " ").enumerated() { numbers[String(name)] = offset + 1 }
        }
        return numbers
    }()

    /// Weekday names, skipped unchecked: English, Russian and Kazakh, full and short.
    private static let weekdays: Set<String> = Set(
        """
        mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday saturday sunday \
        пн вт ср чт пт сб вс понедельник вторник среда четверг пятница суббота воскресенье \
        дүйсенбі сейсенбі сәрсенбі бейсенбі жұма сенбі жексенбі
        """.split(separator: " ").map(String.init))

    /// Words that may follow a year (Russian `г.`/`года`, Kazakh `ж.`/`жылғы`).
    private static let yearWords: Set<String> = ["г", "год", "года", "ж", "жыл", "жылы", "жылғы"]

    /// Words that may stand between a date and its time.
    private static let separatorWords: Set<String> = ["t", "at", "в", "сағ", "сағат"]

    /// Zone names with a fixed offset in hours; RFC 822 §5 names plus a few unambiguous European ones.
    private static let zoneHours: [String: Int] = [
        "gmt": 0, "ut": 0, "utc": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6,
        "pst": -8, "pdt": -7, "cet": 1, "cest": 2, "eet": 2, "eest": 3, "bst": 1, "msk": 3, "мск": 3,
    ]
}
