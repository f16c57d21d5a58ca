import FeedModel
import Foundation
import Testing

@testable import FeedParse

/// Golden fixtures: every `Fixtures/feeds/NAME.(xml|rss|atom|rdf)` is parsed and compared, value by value, with
/// `NAME.json` (the shape `feedmerge parse` prints), or with `NAME.error.json` for a document that must fail.
/// `NAME.input.json` may give the `url` and `charset` the document arrives with (defaults: the URL below, none).
struct FixtureTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/feeds")
    static let defaultURL = "https://press.example.kz/rss"

    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { ["xml", "rss", "atom", "rdf"].contains(($0 as NSString).pathExtension) }.sorted()
    }

    @Test func fixturesExist() {
        #expect(Self.names.count >= 1)
    }

    @Test(arguments: names)
    func fixtureParsesAsExpected(_ name: String) throws {
        let base = Self.directory.appendingPathComponent((name as NSString).deletingPathExtension)
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(name))
        let input =
            try? JSONSerialization.jsonObject(with: Data(contentsOf: base.appendingPathExtension("input.json")))
            as? [String: Any]
        let url = input?["url"] as? String ?? Self.defaultURL
        let charset = input?["charset"] as? String
        let zone = (input?["timezone"] as? String).flatMap(TimeZone.init(identifier:))
        let parser = FeedParser(defaultTimeZone: zone)

        let errorFile = base.appendingPathExtension("error.json")
        if FileManager.default.fileExists(atPath: errorFile.path) {
            let expected = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: errorFile)) as? [String: Any])
            let error = #expect(throws: FeedParseError.self, "\(name) must not parse") {
                _ = try parser.parse(data, url: url, charset: charset, name: name)
            }
            guard let error else { return }
            #expect(error.code.rawValue == expected["code"] as? String, "\(name): \(error)")
            if let line = expected["line"] as? Int { #expect(error.line == line, "\(name): \(error)") }
            if let text = expected["messageContains"] as? String {
                #expect(error.description.contains(text), "\(name): \(error)")
            }
            if let links = expected["feedLinks"] as? [String] { #expect(error.feedLinks == links) }
            return
        }

        let result = try parser.parse(data, url: url, charset: charset, name: name)
        let rendered = FeedJSON.render(result.feed)
        let actual = try JSONSerialization.jsonObject(with: Data(rendered.utf8)) as? NSDictionary
        let expected =
            try JSONSerialization.jsonObject(with: Data(contentsOf: base.appendingPathExtension("json")))
            as? NSDictionary
        #expect(actual != nil && actual == expected, "\(name) parsed as:\n\(rendered)")
    }
}
