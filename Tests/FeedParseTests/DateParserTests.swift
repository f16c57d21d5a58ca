import FeedModel
import Foundation
import Testing

@testable import FeedParse

/// Expected instants are epoch seconds computed outside the parser (Python's `zoneinfo` and `date -u -d`), so a
/// wrong field, offset or zone rule in the parser cannot agree with itself.
struct DateParserTests {
    /// The parser as sources use it: zone-less dates are Almaty time.
    let parser = DateParser()

    @Test("RFC 822 / RFC 2822 dates, every zone form", arguments: rfc822Cases)
    func rfc822(text: String, epoch: Int) {
        #expect(parser.parse(text)?.timeIntervalSince1970 == Double(epoch))
    }

    @Test("RFC 3339 / W3C-DTF dates", arguments: rfc3339Cases)
    func rfc3339(text: String, epoch: Int) {
        #expect(parser.parse(text)?.timeIntervalSince1970 == Double(epoch))
    }

    @Test("Russian dates", arguments: russianCases)
    func russian(text: String, epoch: Int) {
        #expect(parser.parse(text)?.timeIntervalSince1970 == Double(epoch))
    }

    @Test("Kazakh dates", arguments: kazakhCases)
    func kazakh(text: String, epoch: Int) {
        #expect(parser.parse(text)?.timeIntervalSince1970 == Double(epoch))
    }

    @Test("Every month name, in every language and form", arguments: monthNameCases)
    func monthName(text: String, epoch: Int) {
        #expect(parser.parse(text)?.timeIntervalSince1970 == Double(epoch))
    }

    /// Almaty was +7 in summer before 2004, +6 until 2024-03-01 and +5 since; Moscow was +4 in 2011-2014.
    @Test("Zone-less dates take the default zone's offset at that instant", arguments: defaultZoneCases)
    func defaultZone(identifier: String, text: String, epoch: Int) throws {
        let zone = try #require(TimeZone(identifier: identifier))
        #expect(DateParser(defaultTimeZone: zone).parse(text)?.timeIntervalSince1970 == Double(epoch))
    }

    @Test("The default zone is Asia/Almaty")
    func almatyIsTheDefault() {
        #expect(TimeZone.almaty.identifier == "Asia/Almaty")
        #expect(DateParser().defaultTimeZone == TimeZone.almaty)
    }

    @Test("Text that is not a readable date is nil", arguments: invalidCases)
    func invalid(text: String) {
        #expect(parser.parse(text) == nil)
    }

    @Test("Fractional seconds are kept")
    func fractionalSeconds() {
        #expect(parser.parse("2026-11-27T05:15:00.5Z")?.timeIntervalSince1970 == 1_795_756_500.5)
        #expect(parser.parse("2026-11-27T10:15:00.5+05:00")?.timeIntervalSince1970 == 1_795_756_500.5)
        #expect(parser.parse("27.11.2026 10:15:00.25")?.timeIntervalSince1970 == 1_795_756_500.25)
    }

    @Test("Fractions of any length", arguments: fractionCases)
    func fractionLength(text: String, fraction: Double) throws {
        let seconds = try #require(parser.parse(text)).timeIntervalSince1970
        #expect(abs(seconds - (1_795_756_500 + fraction)) < 1e-6)
    }

    /// The shortcut for canonical RFC 3339 and RFC 822 dates must read every text exactly as the general scanner
    /// does, or leave it to the scanner: canonical texts with every field at and past its limits, and near misses.
    @Test("The canonical-form shortcut agrees with the general scanner")
    func canonicalShortcutAgrees() {
        var generator = SystemRandomNumberGenerator()
        let weekdays = ["Mon, ", "Thu, ", "Sun, ", "", "Xyz, ", "mon, "]
        let months = ["Jan", "Feb", "Jun", "Nov", "Dec", "nov", "Foo"]
        let zones822 = ["+0500", "-0330", "GMT", "UT", "UTC", "Z", "+2360", "EST", "+05", "+05:00", ""]
        let zones3339 = ["Z", "+05:00", "-03:30", "+23:59", "+24:00", "z", "+0500", "", "+05"]
        let fractions = ["", ".5", ".123456789", ".1234567891", "."]
        var texts: [String] = []
        for _ in 0..<3_000 {
            let year = [1969, 1970, 2000, 2024, 2026, 2100, 1900][Int.random(in: 0..<7, using: &generator)]
            let month = Int.random(in: 0...13, using: &generator)
            let day = Int.random(in: 0...32, using: &generator)
            let clock = String(
                format: "%02d:%02d:%02d", Int.random(in: 0...25, using: &generator),
                Int.random(in: 0...60, using: &generator), Int.random(in: 0...61, using: &generator))
            texts.append(
                String(format: "%04d-%02d-%02dT", year, month, day) + clock
                    + fractions.randomElement(using: &generator)! + zones3339.randomElement(using: &generator)!)
            let dayText = Bool.random(using: &generator) ? String(day) : String(format: "%02d", day)
            texts.append(
                weekdays.randomElement(using: &generator)! + dayText + " "
                    + months.randomElement(using: &generator)! + " \(year) " + clock + " "
                    + zones822.randomElement(using: &generator)!)
        }
        for text in texts {
            #expect(parser.parse(text) == parser.parseAnyForm(text), "\(text)")
        }
    }

    @Test("Kazakh and Russian capitals fold to their small letters")
    func cyrillicCaseFolding() {
        let capitals = "ҚӘҮҰӨҒҢІҺАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ".unicodeScalars
        let smalls = "қәүұөғңіһабвгдеёжзийклмнопрстуфхцчшщъыьэюя".unicodeScalars
        for (capital, small) in zip(capitals, smalls) {
            #expect(DateParser.foldedLetter(capital) == small)
            #expect(DateParser.foldedLetter(small) == small)
        }
    }
}

// MARK: - Tables

/// RFC 822 §5 / RFC 2822 dates, mostly 2003-06-03 09:39:21 written in every zone form RSS feeds use.
private let rfc822Cases: [(String, Int)] = [
    ("Tue, 03 Jun 2003 09:39:21 GMT", 1_054_633_161),
    ("Tue, 3 Jun 2003 09:39:21 GMT", 1_054_633_161),
    ("Tue 03 Jun 2003 09:39:21 GMT", 1_054_633_161),
    ("Tuesday, 03 June 2003 09:39:21 GMT", 1_054_633_161),
    ("Fri, 03 Jun 2003 09:39:21 GMT", 1_054_633_161),
    ("03 Jun 2003 09:39:21 GMT", 1_054_633_161),
    ("  tue,   03  JUN  2003   09:39:21   gmt  ", 1_054_633_161),
    ("\u{A0}Tue,\u{A0}03\u{A0}Jun 2003 09:39:21 GMT\u{A0}", 1_054_633_161),
    ("\tTue, 03 Jun 2003 09:39:21 GMT\r\n", 1_054_633_161),
    ("Tue, 03-Jun-2003 09:39:21 GMT", 1_054_633_161),
    ("Tue, 03 Jun 03 09:39:21 GMT", 1_054_633_161),
    ("Thu, 03 Jun 99 09:39:21 GMT", 928_402_761),
    ("Mon, 03 Jun 49 09:39:21 GMT", 2_506_325_961),
    ("Tue, 03 Jun 50 09:39:21 GMT", -617_898_039),
    ("Tue, 03 Jun 2003 09:39 GMT", 1_054_633_140),
    ("Tue, 03 Jun 2003 9:39:21 GMT", 1_054_633_161),
    ("Tue, 03 Jun 2003 09:39:21 UT", 1_054_633_161),
    ("Tue, 03 Jun 2003 09:39:21 UTC", 1_054_633_161),
    ("Tue, 03 Jun 2003 09:39:21 Z", 1_054_633_161),
    ("Tue, 03 Jun 2003 09:39:21 EST", 1_054_651_161),
    ("Tue, 03 Jun 2003 09:39:21 EDT", 1_054_647_561),
    ("Tue, 03 Jun 2003 09:39:21 CST", 1_054_654_761),
    ("Tue, 03 Jun 2003 09:39:21 CDT", 1_054_651_161),
    ("Tue, 03 Jun 2003 09:39:21 MST", 1_054_658_361),
    ("Tue, 03 Jun 2003 09:39:21 MDT", 1_054_654_761),
    ("Tue, 03 Jun 2003 09:39:21 PST", 1_054_661_961),
    ("Tue, 03 Jun 2003 09:39:21 PDT", 1_054_658_361),
    ("Tue, 03 Jun 2003 09:39:21 MSK", 1_054_622_361),
    ("Tue, 03 Jun 2003 09:39:21 CET", 1_054_629_561),
    ("Tue, 03 Jun 2003 09:39:21 CEST", 1_054_625_961),
    ("Tue, 03 Jun 2003 09:39:21 EET", 1_054_625_961),
    ("Tue, 03 Jun 2003 09:39:21 EEST", 1_054_622_361),
    ("Tue, 03 Jun 2003 09:39:21 BST", 1_054_629_561),
    ("Tue, 03 Jun 2003 09:39:21 +0500", 1_054_615_161),
    ("Tue, 03 Jun 2003 09:39:21 -0330", 1_054_645_761),
    ("Tue, 03 Jun 2003 09:39:21 +05:00", 1_054_615_161),
    ("Tue, 03 Jun 2003 09:39:21 +05", 1_054_615_161),
    ("Tue, 03 Jun 2003 09:39:21 +0000 (UTC)", 1_054_633_161),
    ("Tue, 03 Jun 2003 09:39:21 GMT+0300", 1_054_622_361),
    ("Tue, 03 Jun 2003 09:39:21 A", 1_054_633_161),
    ("Tue, 03 Jun 2003 09:39:21 N", 1_054_633_161),
    ("Tue, 03 Jun 2003 09:39:21 y", 1_054_633_161),
    ("Tue, 03 Jun 2003 09:39:21", 1_054_607_961),
    ("Fri, 27 Nov 2026 10:15:00 ALMT", 1_795_756_500),
    ("Mon, 27 Nov 2023 10:15:00 ALMT", 1_701_058_500),
    ("Sat, 31 Dec 2016 23:59:60 GMT", 1_483_228_799),
    ("November 27, 2026 10:15", 1_795_756_500),
]

/// RFC 3339 §5.6 and W3C-DTF dates; the zone-less ones are Almaty time (+5 in 2026).
private let rfc3339Cases: [(String, Int)] = [
    ("2026-11-27T05:15:00Z", 1_795_756_500),
    ("2026-11-27t05:15:00z", 1_795_756_500),
    ("2026-11-27 05:15:00Z", 1_795_756_500),
    (" 2026-11-27T05:15:00Z\n", 1_795_756_500),
    ("2026-11-27T10:15:00+05:00", 1_795_756_500),
    ("2026-11-27T10:15:00+0500", 1_795_756_500),
    ("2026-11-27T10:15:00+05", 1_795_756_500),
    ("2026-11-27T10:15+05:00", 1_795_756_500),
    ("2026-11-27T01:45:00-03:30", 1_795_756_500),
    ("2026-11-27T05:15:00+00:00", 1_795_756_500),
    ("2026-11-27T10:15:00", 1_795_756_500),
    ("2026-11-27T10:15", 1_795_756_500),
    ("2026-11-27 10:15", 1_795_756_500),
    ("2026-11-27", 1_795_719_600),
    ("2026-11", 1_793_473_200),
    ("2026-11-27T24:00:00Z", 1_795_824_000),
    ("2024-02-29T12:00:00Z", 1_709_208_000),
    ("2016-12-31T23:59:60Z", 1_483_228_799),
    ("1969-07-20T20:17:40Z", -14_182_940),
]

/// Russian dates as regional sites write them; zone-less, so Almaty time.
private let russianCases: [(String, Int)] = [
    ("27 ноября 2026, 10:15", 1_795_756_500),
    ("27 ноября 2026 10:15", 1_795_756_500),
    ("27 ноября 2026 г. 10:15", 1_795_756_500),
    ("27 ноября 2026 года, 10:15", 1_795_756_500),
    ("27 ноября 2026 г., 10:15", 1_795_756_500),
    ("27 ноября 2026 в 10:15", 1_795_756_500),
    ("27 ноября 2026", 1_795_719_600),
    ("27 ноября 2026 г.", 1_795_719_600),
    ("27 ноябрь 2026", 1_795_719_600),
    ("27 НОЯБРЯ 2026, 10:15", 1_795_756_500),
    ("27 Ноября 2026 10:15", 1_795_756_500),
    ("27 нояб. 2026 10:15", 1_795_756_500),
    ("27 ноя 2026 10:15", 1_795_756_500),
    ("\u{A0}27\u{A0}ноября\u{A0}2026,\u{A0}10:15\u{A0}", 1_795_756_500),
    ("Пятница, 27 ноября 2026, 10:15", 1_795_756_500),
    ("27 ноября 2026, 10:15 МСК", 1_795_763_700),
    ("1 мая 2026", 1_777_575_600),
    ("1 май 2026", 1_777_575_600),
    ("1 маи\u{306} 2026", 1_777_575_600),
    ("27.11.2026 10:15", 1_795_756_500),
    ("27.11.2026 10:15:30", 1_795_756_530),
    ("27.11.2026", 1_795_719_600),
    ("7.3.2026", 1_772_823_600),
    ("27.11.26", 1_795_719_600),
    ("27.11.2026, 10:15", 1_795_756_500),
    ("10:15 27.11.2026", 1_795_756_500),
    ("10:15, 27.11.2026", 1_795_756_500),
    ("10:15 27 ноября 2026", 1_795_756_500),
    ("27.11.2026 10:15 +0300", 1_795_763_700),
    ("27.11.99", 943_639_200),
    ("29.02.2024", 1_709_143_200),
]

/// Kazakh dates, day-first and year-first, in any case and with a Latin `i` typed for `і`.
private let kazakhCases: [(String, Int)] = [
    ("27 қараша 2026 ж.", 1_795_719_600),
    ("27 қараша 2026 ж. 10:15", 1_795_756_500),
    ("27 қараша 2026, 10:15", 1_795_756_500),
    ("27 қараша 2026 жыл 10:15", 1_795_756_500),
    ("2026 жылғы 27 қараша", 1_795_719_600),
    ("2026 жылғы 27 қараша, 10:15", 1_795_756_500),
    ("2026 ж. 27 қараша 10:15", 1_795_756_500),
    ("2026 жылғы 27 қарашада", 1_795_719_600),
    ("27 ҚАРАША 2026 Ж. 10:15", 1_795_756_500),
    ("2026 ЖЫЛҒЫ 27 ҚАРАША", 1_795_719_600),
    ("ЖҰМА, 27 ҚАРАША 2026", 1_795_719_600),
    ("27 қараша 2026 ж. сағ. 10:15", 1_795_756_500),
    ("15 сәу\u{69}р 2026", 1_776_193_200),
    ("15 СӘУІР 2026", 1_776_193_200),
    ("15 шілдеде 2026", 1_784_055_600),
    ("15 қыркүйекте 2026", 1_789_412_400),
]

/// The 15th of each month at noon (Almaty) in every month-name table the parser knows.
private let monthNameCases: [(String, Int)] = [
    ("15 jan 2026 12:00", 1_768_460_400),
    ("15 feb 2026 12:00", 1_771_138_800),
    ("15 mar 2026 12:00", 1_773_558_000),
    ("15 apr 2026 12:00", 1_776_236_400),
    ("15 may 2026 12:00", 1_778_828_400),
    ("15 jun 2026 12:00", 1_781_506_800),
    ("15 jul 2026 12:00", 1_784_098_800),
    ("15 aug 2026 12:00", 1_786_777_200),
    ("15 sep 2026 12:00", 1_789_455_600),
    ("15 oct 2026 12:00", 1_792_047_600),
    ("15 nov 2026 12:00", 1_794_726_000),
    ("15 dec 2026 12:00", 1_797_318_000),
    ("15 january 2026 12:00", 1_768_460_400),
    ("15 february 2026 12:00", 1_771_138_800),
    ("15 march 2026 12:00", 1_773_558_000),
    ("15 april 2026 12:00", 1_776_236_400),
    ("15 may 2026 12:00", 1_778_828_400),
    ("15 june 2026 12:00", 1_781_506_800),
    ("15 july 2026 12:00", 1_784_098_800),
    ("15 august 2026 12:00", 1_786_777_200),
    ("15 september 2026 12:00", 1_789_455_600),
    ("15 october 2026 12:00", 1_792_047_600),
    ("15 november 2026 12:00", 1_794_726_000),
    ("15 december 2026 12:00", 1_797_318_000),
    ("15 января 2026 12:00", 1_768_460_400),
    ("15 февраля 2026 12:00", 1_771_138_800),
    ("15 марта 2026 12:00", 1_773_558_000),
    ("15 апреля 2026 12:00", 1_776_236_400),
    ("15 мая 2026 12:00", 1_778_828_400),
    ("15 июня 2026 12:00", 1_781_506_800),
    ("15 июля 2026 12:00", 1_784_098_800),
    ("15 августа 2026 12:00", 1_786_777_200),
    ("15 сентября 2026 12:00", 1_789_455_600),
    ("15 октября 2026 12:00", 1_792_047_600),
    ("15 ноября 2026 12:00", 1_794_726_000),
    ("15 декабря 2026 12:00", 1_797_318_000),
    ("15 январь 2026 12:00", 1_768_460_400),
    ("15 февраль 2026 12:00", 1_771_138_800),
    ("15 март 2026 12:00", 1_773_558_000),
    ("15 апрель 2026 12:00", 1_776_236_400),
    ("15 май 2026 12:00", 1_778_828_400),
    ("15 июнь 2026 12:00", 1_781_506_800),
    ("15 июль 2026 12:00", 1_784_098_800),
    ("15 август 2026 12:00", 1_786_777_200),
    ("15 сентябрь 2026 12:00", 1_789_455_600),
    ("15 октябрь 2026 12:00", 1_792_047_600),
    ("15 ноябрь 2026 12:00", 1_794_726_000),
    ("15 декабрь 2026 12:00", 1_797_318_000),
    ("15 янв. 2026 12:00", 1_768_460_400),
    ("15 февр. 2026 12:00", 1_771_138_800),
    ("15 мар. 2026 12:00", 1_773_558_000),
    ("15 апр. 2026 12:00", 1_776_236_400),
    ("15 май 2026 12:00", 1_778_828_400),
    ("15 июн. 2026 12:00", 1_781_506_800),
    ("15 июл. 2026 12:00", 1_784_098_800),
    ("15 авг. 2026 12:00", 1_786_777_200),
    ("15 сент. 2026 12:00", 1_789_455_600),
    ("15 окт. 2026 12:00", 1_792_047_600),
    ("15 нояб. 2026 12:00", 1_794_726_000),
    ("15 дек. 2026 12:00", 1_797_318_000),
    ("15 қаңтар 2026 12:00", 1_768_460_400),
    ("15 ақпан 2026 12:00", 1_771_138_800),
    ("15 наурыз 2026 12:00", 1_773_558_000),
    ("15 сәуір 2026 12:00", 1_776_236_400),
    ("15 мамыр 2026 12:00", 1_778_828_400),
    ("15 маусым 2026 12:00", 1_781_506_800),
    ("15 шілде 2026 12:00", 1_784_098_800),
    ("15 тамыз 2026 12:00", 1_786_777_200),
    ("15 қыркүйек 2026 12:00", 1_789_455_600),
    ("15 қазан 2026 12:00", 1_792_047_600),
    ("15 қараша 2026 12:00", 1_794_726_000),
    ("15 желтоқсан 2026 12:00", 1_797_318_000),
    ("15 ҚАҢТАР 2026 12:00", 1_768_460_400),
    ("15 АҚПАН 2026 12:00", 1_771_138_800),
    ("15 НАУРЫЗ 2026 12:00", 1_773_558_000),
    ("15 СӘУІР 2026 12:00", 1_776_236_400),
    ("15 МАМЫР 2026 12:00", 1_778_828_400),
    ("15 МАУСЫМ 2026 12:00", 1_781_506_800),
    ("15 ШІЛДЕ 2026 12:00", 1_784_098_800),
    ("15 ТАМЫЗ 2026 12:00", 1_786_777_200),
    ("15 ҚЫРКҮЙЕК 2026 12:00", 1_789_455_600),
    ("15 ҚАЗАН 2026 12:00", 1_792_047_600),
    ("15 ҚАРАША 2026 12:00", 1_794_726_000),
    ("15 ЖЕЛТОҚСАН 2026 12:00", 1_797_318_000),
]

/// (default zone, text, epoch) for zone-less dates across each zone's offset changes.
private let defaultZoneCases: [(String, String, Int)] = [
    ("Asia/Almaty", "2023-11-27 10:15", 1_701_058_500),
    ("Asia/Almaty", "27.11.2023 10:15", 1_701_058_500),
    ("Asia/Almaty", "2024-02-29 12:00", 1_709_186_400),
    ("Asia/Almaty", "2024-03-01 12:00", 1_709_276_400),
    ("Asia/Almaty", "2026-11-27 10:15", 1_795_756_500),
    ("Asia/Almaty", "2003-06-03 09:39", 1_054_607_940),
    ("Europe/Moscow", "27 ноября 2026, 10:15", 1_795_763_700),
    ("Europe/Moscow", "27.11.2013 10:15", 1_385_532_900),
    ("Europe/Berlin", "2026-07-01T12:00", 1_782_900_000),
    ("Europe/Berlin", "2026-01-15T12:00", 1_768_474_800),
    ("UTC", "27 ноября 2026, 10:15", 1_795_774_500),
]

/// Fractions of 2026-11-27T05:15:00Z; past double precision only the first digits matter.
private let fractionCases: [(String, Double)] = [
    ("2026-11-27T05:15:00.123456789Z", 0.123_456_789),
    ("2026-11-27T05:15:00.1Z", 0.1),
    ("2026-11-27T05:15:00.000001Z", 0.000_001),
    ("2026-11-27T05:15:00.99999999999999999999999Z", 1.0),
]

/// Garbage, words, impossible fields (month 13, Feb 30, hour 25), missing years, unknown or ambiguous zones.
private let invalidCases: [String] = [
    "",
    "   ",
    "\u{A0}",
    "yesterday",
    "now",
    "вчера",
    "0",
    "2026",
    "12:00",
    "garbage 2026-11-27",
    "2026-11-27 garbage",
    "2026-11-27T",
    "2026-11-27T10Z",
    "2026-13-01",
    "2026-00-10",
    "2026-02-30",
    "2026-02-29",
    "2026-04-31",
    "2026-11-00",
    "2026-11-27T25:00:00Z",
    "2026-11-27T24:30:00Z",
    "2026-11-27T10:60:00Z",
    "2026-11-27T10:15:61Z",
    "2026-11-27T10:15:00+05:00:00",
    "2026-11-27T10:15:00+2500",
    "2026-11-27T10:15:00+05:75",
    "2026-11-27T10:15:00+050",
    "26-11-27",
    "30 Feb 2026",
    "29 Feb 2100",
    "32 Jan 2026",
    "00 Jun 2003",
    "Tue, 03 Foo 2003 09:39:21 GMT",
    "Tue, 03 Jun 203 09:39:21 GMT",
    "Tue, 03 Jun 2003 09:39:21 IST",
    "Tue, 03 Jun 2003 09:39:21 J",
    "Tue, 03 Jun 2003 09:39:21 GMT (unclosed",
    "Someday, 03 Jun 2003 09:39:21 GMT",
    "27 ноября",
    "27 ноября 10:15",
    "27 ноября 2026 в",
    "27 ноябряя 2026",
    "27 ноября 2026 10:15 крайне",
    "27.11.2026 25:00",
    "31.11.2026",
    "27.13.2026",
    "27.11.202",
    "27/11/2026",
    "11/27/2026",
    "2026 жылғы 32 қараша",
    "27 қарашаның 2026",
]

struct CivilDateTests {
    @Test(arguments: [
        (0, 1970, 1, 1), (-1, 1969, 12, 31), (11_016, 2000, 2, 29), (20_784, 2026, 11, 27), (-719_468, 0, 3, 1),
    ])
    func datesFromDayCounts(_ days: Int, _ year: Int, _ month: Int, _ day: Int) {
        let date = CivilDate(daysSince1970: days)
        #expect(date == CivilDate(year: year, month: month, day: day))
    }

    @Test func timestampsAreUTCWithWholeSeconds() {
        #expect(FeedJSON.timestamp(Date(timeIntervalSince1970: 1_795_756_500.9)) == "2026-11-27T05:15:00Z")
        #expect(FeedJSON.timestamp(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }

    @Test(arguments: [
        (0, "1970-01-01T00:00:00Z"), (-1, "1969-12-31T23:59:59Z"), (951_782_400, "2000-02-29T00:00:00Z"),
        (1_795_756_559, "2026-11-27T05:15:59Z"), (4_102_444_799, "2099-12-31T23:59:59Z"),
        (-62_135_596_800, "0001-01-01T00:00:00Z"),
    ])
    func instantsInUTC(_ epoch: Int, _ text: String) {
        let time = UTCDateTime(Date(timeIntervalSince1970: TimeInterval(epoch) + 0.999))
        #expect(time.rfc3339 == text)
    }
}
