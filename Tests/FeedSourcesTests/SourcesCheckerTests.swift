import FeedModel
import Foundation
import Testing

@testable import FeedSources

/// Each problem a person can make in `feeds/sources.json`, with the exact message and place `feedmerge check`
/// prints. The files are written inline so that the line and column can be read off the test.
struct SourcesCheckerTests {
    let checker = SourcesChecker(isKnownCharset: { ["UTF-8", "WINDOWS-1251", "KOI8-R"].contains($0.uppercased()) })

    func problems(_ json: String) -> [String] {
        checker.check(Data(json.utf8), path: "sources.json").problems.map(\.description)
    }

    @Test func readsAValidFile() throws {
        let json = """
            {
              "title": "Регионы",
              "link": "https://example.kz/feed.atom",
              "timezone": "Asia/Aqtobe",
              "sources": [
                {"name": "Акимат Алматы", "url": "https://almaty.gov.kz/rss", "role": "origin", "region": "Almaty",
                 "language": "ru", "charset": "windows-1251", "tags": ["akimat"]},
                {"name": "Tengrinews", "url": "https://tengrinews.kz/news.rss", "enabled": false}
              ]
            }
            """
        let result = checker.check(Data(json.utf8), path: "sources.json")
        #expect(result.problems.isEmpty)
        let file = try #require(result.file)
        #expect(file.title == "Регионы")
        #expect(file.timezone == "Asia/Aqtobe")
        #expect(file.id == SourcesFile.derivedID(link: "https://example.kz/feed.atom", title: "Регионы"))
        #expect(file.id.hasPrefix("tag:feedmerge,2026:"))
        #expect(
            file.sources == [
                Source(
                    name: "Акимат Алматы", url: "https://almaty.gov.kz/rss", region: "Almaty", language: "ru",
                    charset: "windows-1251", role: .origin, tags: ["akimat"]),
                Source(name: "Tengrinews", url: "https://tengrinews.kz/news.rss", enabled: false),
            ])
        #expect(file.enabledSources.map(\.name) == ["Акимат Алматы"])
    }

    @Test func theDefaultFileIsValid() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../feeds/sources.json").standardized.path
        let result = checker.check(fileAt: path)
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect((result.file?.sources.count ?? 0) >= 4)
    }

    @Test(arguments: [
        ("", ["sources.json:1:1: error: not JSON: unexpected end of the file: a value is missing"]),
        (
            "{\"title\": \"x\",\n \"sources\": [}",
            ["sources.json:2:14: error: not JSON: unexpected character \"}\": expected a value"]
        ),
        (
            "{\"title\": \"x\", \"sources\": [],}",
            ["sources.json:1:30: error: not JSON: a comma before \"}\" is not allowed in JSON"]
        ),
        ("{'title': 1}", ["sources.json:1:2: error: not JSON: expected a key in double quotes"]),
        ("{\"title\": \"x\n\"}", ["sources.json:1:11: error: not JSON: this string is never closed (a \" is missing)"]),
        (
            "[1, 2]",
            [
                "sources.json:1:1: error: the file must hold one JSON object (with \"title\" and \"sources\"), not an array"
            ]
        ),
        (
            "{\"title\": \"x\", \"sources\": []} x",
            ["sources.json:1:31: error: not JSON: unexpected text after the end of the JSON value"]
        ),
    ])
    func reportsSyntaxErrorsWhereTheyAre(_ json: String, _ expected: [String]) {
        #expect(problems(json) == expected)
    }

    @Test func reportsEverySourceProblemAtItsPlace() {
        let json = """
            {
              "title": "x",
              "link": "https://example.kz/feed.atom",
              "sources": [
                {"name": "A", "url": "https://a.kz/rss"},
                {"name": "B"},
                {"url": "https://c.kz/rss"},
                {"name": "D", "url": "ftp://d.kz/rss"},
                {"name": "E", "url": "HTTPS://A.KZ/rss/"},
                {"name": "F", "url": "https://f.kz/rss", "timezone": "Asia/Nowhere"},
                {"name": "G", "url": "https://g.kz/rss", "charset": "windows-9999"},
                {"name": "H", "url": "https://h.kz/rss", "role": "press"},
                {"name": "I", "url": "https://i.kz/rss", "enabled": "yes"},
                {"name": "J", "url": 42},
                "K"
              ]
            }
            """
        #expect(
            problems(json) == [
                "sources.json:6:5: error: source 2 has no \"url\"",
                "sources.json:7:5: error: source 3 has no \"name\"",
                "sources.json:8:26: error: source 4 (D): \"url\" must be an absolute http or https URL, not \"ftp://d.kz/rss\"",
                "sources.json:9:26: error: source 5 (E): the URL HTTPS://A.KZ/rss/ is already listed at line 5",
                "sources.json:10:58: error: unknown time zone \"Asia/Nowhere\" (an IANA name such as Asia/Almaty)",
                "sources.json:11:57: error: source 7 (G): unknown charset \"windows-9999\" (e.g. windows-1251, KOI8-R, UTF-8)",
                "sources.json:12:54: error: source 8 (H): \"role\" is \"origin\" or \"outlet\", not \"press\"",
                "sources.json:13:57: error: \"enabled\" must be true or false, not a string",
                "sources.json:14:26: error: \"url\" must be a string, not a number",
                "sources.json:15:5: error: source 11 must be an object with \"name\" and \"url\", not a string",
            ])
        #expect(checker.check(Data(json.utf8), path: "sources.json").file == nil)
    }

    @Test func warnsAboutUnknownKeysWithTheClosestKnownOne() throws {
        let json = """
            {
              "title": "x",
              "sources": [
                {"name": "A", "url": "https://a.kz/rss", "lang": "ru", "rgion": "Almaty", "color": "red"}
              ],
              "timezon": "Asia/Almaty"
            }
            """
        let result = checker.check(Data(json.utf8), path: "sources.json")
        #expect(
            result.problems.map(\.description) == [
                "sources.json:1:1: warning: no \"link\": the merged feed will not say where it is served (rel=\"self\")",
                "sources.json:4:46: warning: source 1: unknown key \"lang\" (did you mean \"language\"?); it is ignored",
                "sources.json:4:60: warning: source 1: unknown key \"rgion\" (did you mean \"region\"?); it is ignored",
                "sources.json:4:79: warning: source 1: unknown key \"color\"; it is ignored",
                "sources.json:6:3: warning: the file: unknown key \"timezon\" (did you mean \"timezone\"?); it is ignored",
            ])
        // Warnings alone leave the file usable.
        #expect(try #require(result.file).sources.count == 1)
    }

    @Test(arguments: [
        ("{\"sources\": []}", "sources.json:1:1: error: the file has no \"title\""),
        (
            "{\"title\": \"x\"}",
            "sources.json:1:1: error: the file has no \"sources\" (a list of {\"name\": ..., \"url\": ...})"
        ),
        ("{\"title\": \" \", \"sources\": []}", "sources.json:1:11: error: the file: \"title\" is empty"),
        ("{\"title\": \"x\", \"sources\": {}}", "sources.json:1:27: error: \"sources\" must be a list, not an object"),
        (
            "{\"title\": \"x\", \"id\": \"my feed\", \"sources\": []}",
            "sources.json:1:22: error: \"id\" must be an absolute URI such as tag:example.kz,2026:regions, not \"my feed\""
        ),
        (
            "{\"title\": \"x\", \"link\": \"/feed.atom\", \"sources\": []}",
            "sources.json:1:24: error: \"link\" must be an absolute http or https URL, not \"/feed.atom\""
        ),
        (
            "{\"title\": \"x\", \"title\": \"y\", \"sources\": []}",
            "sources.json:1:16: error: the file: \"title\" is given twice"
        ),
        (
            "{\"title\": \"x\", \"timezone\": \"Almaty\", \"sources\": []}",
            "sources.json:1:28: error: unknown time zone \"Almaty\" (an IANA name such as Asia/Almaty)"
        ),
    ])
    func reportsFileLevelErrors(_ json: String, _ expected: String) {
        #expect(problems(json).contains(expected), "\(problems(json))")
        #expect(checker.check(Data(json.utf8), path: "sources.json").file == nil)
    }

    @Test func aSourceWithoutURLStillHasItsOtherFieldsChecked() {
        #expect(
            problems(
                "{\"title\": \"x\", \"link\": \"https://e.kz/f\", \"sources\": [{\"name\": \"a\", \"region\": 5}]}")
                == [
                    "sources.json:1:54: error: source 1 has no \"url\"",
                    "sources.json:1:78: error: \"region\" must be a string, not a number",
                ])
    }

    @Test func anUnreadableFileIsOneError() {
        let result = checker.check(fileAt: "/nonexistent/sources.json")
        #expect(result.file == nil)
        #expect(result.problems.count == 1)
        #expect(result.problems.first?.description.hasPrefix("/nonexistent/sources.json: error: cannot read") == true)
    }

    @Test func loadThrowsWithEveryError() {
        #expect(throws: SourcesError.self) {
            _ = try checker.load(fileAt: "/nonexistent/sources.json")
        }
    }

    @Test func columnsCountCharactersNotBytes() {
        // "Қ" is two bytes in UTF-8 but one column.
        #expect(
            problems("{\"title\": \"Қ\", \"sources\": 1}") == [
                "sources.json:1:1: warning: no \"link\": the merged feed will not say where it is served (rel=\"self\")",
                "sources.json:1:27: error: \"sources\" must be a list, not a number",
            ])
    }
}

/// Values are trimmed without Foundation (`SourcesChecker.trimmed`), to the same result.
@Test func valuesAreTrimmedAsFoundationTrimsThem() {
    // Every white space character Unicode names, and a few neighbours that are not.
    let spaces: [Unicode.Scalar] = (0...0x3000).compactMap(Unicode.Scalar.init).filter {
        $0.properties.isWhitespace || CharacterSet.whitespacesAndNewlines.contains($0)
    }
    let others: [Unicode.Scalar] = ["a", "Ж", "\u{200B}", "\u{FEFF}", "\u{301}", "\u{1F600}"]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<3_000 {
        var text = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...6, using: &generator) {
            text.append(Bool.random(using: &generator) ? spaces.randomElement()! : others.randomElement()!)
        }
        let string = String(text)
        #expect(SourcesChecker.trimmed(string) == string.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

struct LocatedJSONTests {
    @Test(arguments: [
        ("\"a\\u00e9\\n\\\"\"", LocatedJSON.Value.string("aé\n\"")),
        ("\"\\ud83d\\ude00\"", LocatedJSON.Value.string("😀")),
        ("-1.5e3", LocatedJSON.Value.number(-1500)),
        ("true", LocatedJSON.Value.bool(true)),
        ("null", LocatedJSON.Value.null),
    ])
    func readsValues(_ text: String, _ expected: LocatedJSON.Value) throws {
        #expect(try LocatedJSON.parse(text).value == expected)
    }

    @Test(arguments: ["01", "+1", "1.", ".5", "\"\\x\"", "[1,]", "{\"a\" 1}", "tru", "\"\u{01}\""])
    func refusesWhatRFC8259Refuses(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try LocatedJSON.parse(text) }
    }

    @Test func aHighSurrogateWithoutItsPairKeepsTheNextEscape() throws {
        #expect(try LocatedJSON.parse("\"\\uD800\\u0041\"").value == .string("\u{FFFD}A"))
    }

    @Test(arguments: ["\r\n", "\r", "\n"])
    func linesEndWithAnyConvention(_ newline: String) {
        let json = ["{", "  \"title\": 1", "}"].joined(separator: newline)
        let problems = SourcesChecker(isKnownCharset: { _ in true }).check(Data(json.utf8), path: "s.json").problems
        #expect(problems.map(\.description).contains("s.json:2:12: error: \"title\" must be a string, not a number"))
    }

    @Test func refusesDeepNesting() {
        #expect(throws: JSONSyntaxError.self) { try LocatedJSON.parse(String(repeating: "[", count: 100)) }
    }
}
