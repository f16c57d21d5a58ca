import FeedModel
import Foundation
import Testing

@testable import FeedStore

/// The fast reader of an entry's lists (`ListsReader`) against `JSONSerialization`, which reads any JSON: on
/// what the history writes, and on what a hand or a later version could leave in the state file.
struct EntryListsTests {
    /// What the history stores (see `EntryHistory`): the lists of an entry, encoded with sorted keys.
    struct Lists: Encodable {
        var authors: [Author]
        var categories: [String]
        var enclosures: [Enclosure]
    }

    static func encoded(_ lists: Lists) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(lists), as: UTF8.self)
    }

    /// Both readers give the same lists; `fast` says whether the fast reader read it (rather than gave up).
    static func check(_ json: String, fast: Bool, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var copy = json
        let read = copy.withUTF8 { utf8 in
            var reader = ListsReader(utf8)
            return reader.lists()
        }
        #expect((read != nil) == fast, "\(json)", sourceLocation: sourceLocation)
        let slow = try EntryLists(serialized: json)
        let both = try EntryLists(json: json)
        for lists in [read, both].compactMap({ $0 }) {
            #expect(lists.authors == slow.authors, "\(json)", sourceLocation: sourceLocation)
            #expect(lists.categories == slow.categories, "\(json)", sourceLocation: sourceLocation)
            #expect(lists.enclosures == slow.enclosures, "\(json)", sourceLocation: sourceLocation)
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
        for _ in 0..<2_000 {
            let lists = Lists(
                authors: (0..<Int.random(in: 0...3, using: &random)).map { _ in
                    Author(name: maybe(), email: maybe(), uri: maybe())
                },
                categories: (0..<Int.random(in: 0...4, using: &random)).map { _ in text() },
                enclosures: (0..<Int.random(in: 0...2, using: &random)).map { _ in
                    Enclosure(
                        url: text(), type: maybe(),
                        length: Bool.random(using: &random) ? Int64.random(in: -5...Int64.max, using: &random) : nil)
                })
            try Self.check(try Self.encoded(lists), fast: true)
        }
    }

    @Test func escapesAndSpacingAreRead() throws {
        try Self.check(
            #"{"authors":[{"name":"\u0416\ud83d\ude00 \"q\" \/"}],"categories":[],"enclosures":[]}"#, fast: true)
        try Self.check(#" { "categories" : [ "a" , "b" ] , "authors" : [ ] } "#, fast: true)
        try Self.check(#"{"authors":[{"name":null,"uri":"u"}],"enclosures":[{"url":"x","length":null}]}"#, fast: true)
        try Self.check(#"{}"#, fast: true)
    }

    /// Anything else goes to `JSONSerialization`, which reads it as before.
    @Test func unusualListsAreLeftToFoundation() throws {
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
        ] {
            let slow = try? EntryLists(serialized: json)
            guard slow != nil else {
                #expect(throws: (any Error).self) { try EntryLists(json: json) }
                continue
            }
            try Self.check(json, fast: false)
        }
    }
}
