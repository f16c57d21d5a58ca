import Foundation
import Testing

/// The validator itself: a good feed passes every check, and each broken document is caught by the check meant for
/// it, with a message that says what is wrong. (If these pass, a generated feed that passes is worth something.)
struct AtomValidatorTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    /// Valid in every respect; each case below breaks exactly one thing in it.
    static let minimal = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom">
          <title>Новости</title>
          <id>tag:news.example.kz,2026:feed</id>
          <updated>2026-05-04T10:00:00Z</updated>
          <author><name>Редакция</name></author>
          <entry>
            <title>Бірінші жаңалық</title>
            <id>tag:news.example.kz,2026:1</id>
            <updated>2026-05-04T09:00:00+05:00</updated>
            <link rel="alternate" type="text/html" href="https://news.example.kz/1"/>
          </entry>
          <entry>
            <title>Вторая новость</title>
            <id>tag:news.example.kz,2026:2</id>
            <updated>2026-05-04T08:00:00Z</updated>
            <content type="html">&lt;p&gt;Текст&lt;/p&gt;</content>
          </entry>
        </feed>
        """

    /// Which check is meant to catch a case.
    enum Check: String, Sendable {
        case wellFormedness, relaxNG, atomRules

        func run(_ data: [UInt8]) -> [String] {
            switch self {
            case .wellFormedness: AtomValidator.wellFormedness(data)
            case .relaxNG: AtomValidator.relaxNGErrors(data)
            case .atomRules: AtomValidator.atomRuleErrors(data)
            }
        }
    }

    struct BrokenCase: Sendable, CustomTestStringConvertible {
        /// What is wrong, in words.
        var testDescription: String
        /// `minimal` with `original` replaced by `replacement` (the first occurrence).
        var original: String
        var replacement: String
        var check: Check
        /// A phrase the problem must contain.
        var expected: String

        var document: [UInt8] {
            guard let range = AtomValidatorTests.minimal.range(of: original) else { return [] }
            return Array(AtomValidatorTests.minimal.replacingCharacters(in: range, with: replacement).utf8)
        }
    }

    static let brokenCases: [BrokenCase] = [
        // The first entry has no atom:id.
        BrokenCase(
            testDescription: "missing id", original: "<id>tag:news.example.kz,2026:1</id>", replacement: "",
            check: .atomRules, expected: "entry 1: no id element"),
        // A relative reference is not an absolute IRI (no scheme).
        BrokenCase(
            testDescription: "relative id", original: "tag:news.example.kz,2026:1", replacement: "/news/1",
            check: .atomRules, expected: "entry 1: id '/news/1' is not an absolute IRI"),
        // An IRI holds no whitespace.
        BrokenCase(
            testDescription: "id with a space", original: "tag:news.example.kz,2026:1", replacement: "tag:a b",
            check: .atomRules, expected: "is not an absolute IRI"),
        // The second entry repeats the first one's id.
        BrokenCase(
            testDescription: "duplicate entry ids", original: "tag:news.example.kz,2026:2",
            replacement: "tag:news.example.kz,2026:1", check: .atomRules,
            expected: "entry 2: id 'tag:news.example.kz,2026:1' is already the id of entry 1"),
        // Two alternates of one type and no hreflang (one of them without rel, which means alternate).
        BrokenCase(
            testDescription: "two alternates of one type",
            original: #"<link rel="alternate" type="text/html" href="https://news.example.kz/1"/>"#,
            replacement: #"<link rel="alternate" type="text/html" href="https://news.example.kz/1"/>"#
                + #"<link type="TEXT/HTML" href="https://news.example.kz/1?amp"/>"#,
            check: .atomRules, expected: "entry 1: 2 alternate links with type 'text/html' and no hreflang"),
        // Neither the feed nor the entries name an author.
        BrokenCase(
            testDescription: "no author anywhere", original: "<author><name>Редакция</name></author>",
            replacement: "", check: .atomRules, expected: "entry 1: no author"),
        // A date without a zone (xsd:dateTime in the schema allows it; RFC 3339 does not).
        BrokenCase(
            testDescription: "date without zone", original: "2026-05-04T08:00:00Z", replacement: "2026-05-04T08:00:00",
            check: .atomRules, expected: "entry 2: updated '2026-05-04T08:00:00' is not an RFC 3339 date-time"),
        // A date with a lower-case "z" (RFC 4287 §3.3 wants "T" and "Z" upper-case).
        BrokenCase(
            testDescription: "lower-case zone", original: "2026-05-04T10:00:00Z", replacement: "2026-05-04T10:00:00z",
            check: .atomRules, expected: "feed: updated '2026-05-04T10:00:00z' is not an RFC 3339"),
        // February 30th has the right shape but is no day.
        BrokenCase(
            testDescription: "impossible date", original: "2026-05-04T08:00:00Z", replacement: "2026-02-30T08:00:00Z",
            check: .atomRules, expected: "is not an RFC 3339 date-time"),
        // Two titles in one entry.
        BrokenCase(
            testDescription: "two titles", original: "<title>Вторая новость</title>",
            replacement: "<title>Вторая новость</title><title>Ещё раз</title>", check: .atomRules,
            expected: "entry 2: 2 title elements"),
        // An entry with neither content nor an alternate link.
        BrokenCase(
            testDescription: "no content, no alternate",
            original: #"<link rel="alternate" type="text/html" href="https://news.example.kz/1"/>"#,
            replacement: #"<link rel="related" href="https://news.example.kz/1"/>"#, check: .atomRules,
            expected: "entry 1: no content and no alternate link"),
        // Remote content (src) needs a summary.
        BrokenCase(
            testDescription: "content with src, no summary",
            original: #"<content type="html">&lt;p&gt;Текст&lt;/p&gt;</content>"#,
            replacement: #"<content type="video/mp4" src="https://news.example.kz/2.mp4"/>"#, check: .atomRules,
            expected: "entry 2: content has src but the entry has no summary"),
        // Base64 content (a media type that is not text or XML) needs a summary.
        BrokenCase(
            testDescription: "Base64 content, no summary",
            original: #"<content type="html">&lt;p&gt;Текст&lt;/p&gt;</content>"#,
            replacement: #"<content type="image/png">iVBORw0KGgo=</content>"#, check: .atomRules,
            expected: "entry 2: content of type 'image/png' is Base64"),
        // An element in the Atom namespace that Atom does not define.
        BrokenCase(
            testDescription: "unknown Atom element", original: "<title>Новости</title>",
            replacement: "<title>Новости</title><headline>Новости</headline>", check: .relaxNG,
            expected: "RELAX NG: line 3, feed/headline: "),
        // A link without its required href.
        BrokenCase(
            testDescription: "link without href", original: #" href="https://news.example.kz/1"/>"#,
            replacement: "/>", check: .relaxNG, expected: "RELAX NG: Element link failed to validate attributes"),
        // An unescaped "<" in text.
        BrokenCase(
            testDescription: "raw less-than", original: "<title>Новости</title>", replacement: "<title>1 < 2</title>",
            check: .wellFormedness, expected: "not well-formed: line 3: StartTag: invalid element name"),
        // A raw U+0001, which XML 1.0 does not allow even escaped.
        BrokenCase(
            testDescription: "raw control character", original: "<title>Новости</title>",
            replacement: "<title>Ново\u{01}сти</title>", check: .wellFormedness,
            expected: "not well-formed: line 3: PCDATA invalid Char value 1"),
        // "]]>" in character data must be written with "&gt;" (XML 1.0 §2.4), even outside CDATA.
        BrokenCase(
            testDescription: "raw ]]> in text", original: "<title>Новости</title>", replacement: "<title>a]]>b</title>",
            check: .wellFormedness, expected: "Sequence ']]>' not allowed in content"),
        // A character reference to a surrogate is no character.
        BrokenCase(
            testDescription: "surrogate reference", original: "<title>Новости</title>",
            replacement: "<title>&#xD800;</title>", check: .wellFormedness, expected: "invalid xmlChar value 55296"),
        // An entity XML does not predefine, and nothing declares.
        BrokenCase(
            testDescription: "undefined entity", original: "<title>Новости</title>",
            replacement: "<title>a&nbsp;b</title>",
            check: .wellFormedness, expected: "Entity 'nbsp' not defined"),
    ]

    @Test func validFeedHasNoProblems() throws {
        let data = try Self.fixture("valid-feed.atom")
        #expect(AtomValidator.wellFormedness(data) == [])
        #expect(AtomValidator.relaxNGErrors(data) == [])
        #expect(AtomValidator.atomRuleErrors(data) == [])
        #expect(AtomValidator.problems(data) == [])
    }

    @Test func minimalFeedHasNoProblems() {
        #expect(AtomValidator.problems(Array(Self.minimal.utf8)) == [])
    }

    @Test(arguments: brokenCases)
    func brokenDocumentIsCaught(_ broken: BrokenCase) {
        let document = broken.document
        #expect(document.isEmpty == false, "the case's original text is not in the minimal feed")
        let found = broken.check.run(document)
        #expect(found.contains { $0.contains(broken.expected) }, "\(broken.check) found: \(found)")
        // The summary check sees it too.
        #expect(AtomValidator.problems(document).contains { $0.contains(broken.expected) })
    }

    /// Raw bytes that are not UTF-8 (a UTF-8-encoded lone surrogate, U+D800) cannot be in a well-formed document.
    @Test func loneSurrogateBytesAreNotWellFormed() {
        var document = Array(Self.minimal.utf8)
        guard let title = Self.minimal.utf8.firstRange(of: "Новости".utf8) else {
            Issue.record("no title in the minimal feed")
            return
        }
        let start = Self.minimal.utf8.distance(from: Self.minimal.utf8.startIndex, to: title.lowerBound)
        document.replaceSubrange(start..<start + 2, with: [0xED, 0xA0, 0x80])
        let found = AtomValidator.wellFormedness(document)
        #expect(found.contains { $0.contains("not well-formed: line 3") }, "\(found)")
    }

    /// An Atom Entry Document (RFC 4287 §2) is checked as its own entry: it needs its own author.
    @Test func entryDocument() {
        let entry = """
            <entry xmlns="http://www.w3.org/2005/Atom">
              <title>Жаңалық</title>
              <id>urn:uuid:0b8b6f3e-3c1a-4d0e-9f7a-1e2d3c4b5a69</id>
              <updated>2026-05-04T09:00:00.5-03:30</updated>
              <content>Мәтін</content>
            </entry>
            """
        #expect(AtomValidator.relaxNGErrors(Array(entry.utf8)) == [])
        #expect(
            AtomValidator.atomRuleErrors(Array(entry.utf8)) == [
                "entry: no author, neither in the entry, its source nor the feed (RFC 4287 §4.1.2)"
            ])
    }

    @Test(arguments: [
        ("2026-05-04T10:00:00Z", true), ("2026-05-04T10:00:00.123456+05:00", true), ("2024-02-29T00:00:00-12:00", true),
        ("2016-12-31T23:59:60Z", true), ("2026-05-04T10:00:00", false), ("2026-05-04 10:00:00Z", false),
        ("2026-05-04T10:00Z", false), ("2026-05-04T10:00:00+0500", false), ("2025-02-29T00:00:00Z", false),
        ("2026-13-01T00:00:00Z", false), ("2026-05-04T24:00:00Z", false), ("2026-05-04T10:00:00+24:00", false),
        ("٢٠٢٦-05-04T10:00:00Z", false), (" 2026-05-04T10:00:00Z", false),
    ])
    func rfc3339Dates(_ text: String, _ isValid: Bool) {
        #expect(AtomRules.isRFC3339(text) == isValid)
    }

    @Test(arguments: [
        ("tag:news.example.kz,2026:1", true), ("urn:uuid:6f1d8a52", true), ("https://пример.kz/новости", true),
        ("/news/1", false), ("news/1", false), ("1tag:x", false), ("", false), ("tag:a b", false), ("tag:a\n", false),
    ])
    func absoluteIRIs(_ text: String, _ isAbsolute: Bool) {
        #expect(AtomRules.isAbsoluteIRI(text) == isAbsolute)
    }

    /// Swift Testing runs tests in parallel: errors must reach the call that caused them, and the shared schema must
    /// give every caller the same answer. Many validations at once, on many threads, each compared with a serial run.
    @Test func parallelCallsKeepTheirOwnErrors() async throws {
        let documents = try [Self.fixture("valid-feed.atom")] + Self.brokenCases.map(\.document)
        let expected = documents.map(AtomValidator.problems)
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                for (index, document) in documents.enumerated() {
                    group.addTask {
                        AtomValidator.problems(document) == expected[index] ? 0 : 1
                    }
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }
}
