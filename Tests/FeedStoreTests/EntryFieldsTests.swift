import FeedModel
import Foundation
import Testing

@testable import FeedStore

/// The fast reader of an entry's JSON (`FieldsReader`) against `JSONSerialization`, which reads any JSON: on what
/// the history writes, and on what a hand or a later version could leave in the state file.
struct EntryFieldsTests {
    /// What the history stores (see `EntryHistory`): an entry without its texts, encoded with sorted keys and
    /// dates as seconds since 1970.
    static func encoded(_ entry: Entry) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .secondsSince1970
        var fields = entry
        (fields.summary, fields.content) = (nil, nil)
        return String(decoding: try encoder.encode(fields), as: UTF8.self)
    }

    static func fast(_ json: String) -> EntryFields? {
        Array(json.utf8).withUnsafeBufferPointer { utf8 in
            var reader = FieldsReader(utf8)
            return reader.fields()
        }
    }

    static func slow(_ json: String) throws -> EntryFields {
        try Array(json.utf8).withUnsafeBufferPointer(EntryFields.init(serialized:))
    }

    static func either(_ json: String) throws -> EntryFields {
        try Array(json.utf8).withUnsafeBufferPointer(EntryFields.init(json:))
    }

    /// Both readers give the same fields; `fast` says whether the fast reader read it (rather than gave up).
    ///
    /// Dates agree to the last bits: `JSONSerialization` reads a number of many digits (a double written in full)
    /// as a neighbouring double now and then, where the fast reader gets the written one (as the history's
    /// decoder would; the caller checks that).
    static func check(_ json: String, fast: Bool, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let read = Self.fast(json)
        #expect((read != nil) == fast, "\(json)", sourceLocation: sourceLocation)
        let slow = try Self.slow(json)
        func close(_ one: Date?, _ other: Date?) -> Bool {
            guard let one, let other else { return one == other }
            let (seconds, others) = (one.timeIntervalSince1970, other.timeIntervalSince1970)
            return abs(seconds - others) <= 4 * max(seconds.ulp, others.ulp)
        }
        for var fields in [read, try Self.either(json)].compactMap({ $0 }) {
            #expect(close(fields.published, slow.published), "\(json)", sourceLocation: sourceLocation)
            #expect(close(fields.updated, slow.updated), "\(json)", sourceLocation: sourceLocation)
            (fields.published, fields.updated) = (slow.published, slow.updated)
            #expect(fields == slow, "\(json)", sourceLocation: sourceLocation)
        }
    }

    @Test func whatTheHistoryWritesIsReadFastAndTheSame() throws {
        var random = SystemRandomNumberGenerator()
        // Letters of every width, the characters JSON escapes, controls, and one beyond the BMP (a surrogate pair
        // when escaped).
        let alphabet = Array("aZ09 Әәңғүұқөһ«»—€\"\\/\n\t\r\u{1}\u{1F}\u{7F}\u{2028}😀") + ["\u{0}"]
        func text() -> String {
            String((0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
        }
        func maybe() -> String? { Bool.random(using: &random) ? text() : nil }
        func date() -> Date? {
            // Whole seconds, milliseconds, any double, before 1970, and none.
            switch Int.random(in: 0..<5, using: &random) {
            case 0: Date(timeIntervalSince1970: Double(Int.random(in: 0...2_000_000_000, using: &random)))
            case 1: Date(timeIntervalSince1970: Double(Int.random(in: 0...2_000_000_000_000, using: &random)) / 1_000)
            case 2: Date(timeIntervalSince1970: Double.random(in: 0...2e9, using: &random))
            case 3: Date(timeIntervalSince1970: -Double.random(in: 0...1e10, using: &random))
            default: nil
            }
        }
        for _ in 0..<2_000 {
            let entry = Entry(
                id: text(), title: maybe(), link: maybe(), published: date(), updated: date(),
                authors: (0..<Int.random(in: 0...3, using: &random)).map { _ in
                    Author(name: maybe(), email: maybe(), uri: maybe())
                },
                categories: (0..<Int.random(in: 0...4, using: &random)).map { _ in text() },
                enclosures: (0..<Int.random(in: 0...2, using: &random)).map { _ in
                    Enclosure(
                        url: text(), type: maybe(),
                        length: Bool.random(using: &random) ? Int64.random(in: -5...Int64.max, using: &random) : nil)
                })
            let json = try Self.encoded(entry)
            try Self.check(json, fast: true)
            // The dates come back as the seconds since 1970 the history wrote, to the bit.
            func asKept(_ date: Date?) -> Date? { date.map { Date(timeIntervalSince1970: $0.timeIntervalSince1970) } }
            let fields = try Self.either(json)
            #expect(fields.published == asKept(entry.published), "\(json)")
            #expect(fields.updated == asKept(entry.updated), "\(json)")
        }
    }

    @Test func escapesAndSpacingAreRead() throws {
        try Self.check(
            #"{"authors":[{"name":"\u0416\ud83d\ude00 \"q\" \/"}],"categories":[],"enclosures":[]}"#, fast: true)
        try Self.check(#" { "categories" : [ "a" , "b" ] , "authors" : [ ] } "#, fast: true)
        try Self.check(#"{"authors":[{"name":null,"uri":"u"}],"enclosures":[{"url":"x","length":null}]}"#, fast: true)
        try Self.check(#"{}"#, fast: true)
        try Self.check(#"{"id":"x","published":-1.5e3,"title":null,"updated":0,"link":"\/a"}"#, fast: true)
        // Texts a history of an earlier version kept here: the columns have them.
        try Self.check(#"{"id":"x","summary":"<p>a</p>","content":null}"#, fast: true)
    }

    /// Bytes that are not UTF-8 (a state file edited by hand) are repaired, as GRDB reads every text column, by
    /// either reader (`JSONSerialization` alone would refuse the whole entry).
    @Test func bytesThatAreNotUTF8AreRepaired() throws {
        for extra in ["", #","extra":1"#] {  // read fast; a key of a later version: read by `JSONSerialization`
            let json =
                Array(#"{"categories":["a"#.utf8) + [0xFF] + Array(#"b"],"title":"x"#.utf8) + [0xD0]
                + Array(#"""#.utf8) + Array(extra.utf8) + Array("}".utf8)
            let fields = try json.withUnsafeBufferPointer(EntryFields.init(json:))
            #expect(fields.categories == ["a\u{FFFD}b"], "\(extra)")
            #expect(fields.title == "x\u{FFFD}", "\(extra)")
        }
    }

    /// A date that is not a number is no date, `true` included (which `JSONSerialization` gives as a number).
    @Test func aDateThatIsNotANumberIsLeftOut() throws {
        for value in ["true", "false", #""2026-11-28""#, "[1]", "null"] {
            let fields = try Self.either(#"{"published":\#(value),"updated":5}"#)
            #expect(fields.published == nil, "\(value)")
            #expect(fields.updated == Date(timeIntervalSince1970: 5), "\(value)")
        }
    }

    /// Anything else goes to `JSONSerialization`, which reads it as before.
    @Test func unusualFieldsAreLeftToFoundation() throws {
        for json in [
            #"{"authors":[],"categories":["a"],"enclosures":[],"extra":1}"#,  // a key of a later version
            #"{"categories":["a"],"categories":["b"]}"#,  // a key twice
            #"{"categories":["a",1]}"#,  // not a string
            #"{"authors":[{"name":"a","nick":"b"}]}"#,  // an author's key it does not know
            #"{"enclosures":[{"type":"audio/mpeg"}]}"#,  // no URL
            #"{"enclosures":[{"url":"x","length":1.5}]}"#,  // a fraction
            #"{"enclosures":[{"url":"x","length":99999999999999999999}]}"#,  // beyond 64 bits
            #"{"authors":null}"#,
            #"{"categories":["\ud83d"]}"#,  // a lone surrogate
            #"{"categories":["a"]} x"#,
            #"{"title":1}"#,  // a title that is not a string
            #"{"published":"2026-11-28"}"#,  // a date that is not a number
            #"{"published":true}"#,
            #"{"updated":01}"#,  // not JSON's grammar
            #"{"updated":1.}"#,
            #"{"updated":.5}"#,
            #"{"updated":1e999}"#,  // beyond a double
            #"{"published":1,"published":2}"#,
            #"[1, 2]"#,  // not an object
        ] {
            let slow = try? Self.slow(json)
            guard slow != nil else {
                #expect(throws: (any Error).self) { try Self.either(json) }
                continue
            }
            try Self.check(json, fast: false)
        }
    }
}
