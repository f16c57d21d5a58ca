import Foundation
import Testing

@testable import FeedDedupe

struct DedupeInputTests {
    @Test func readsEntriesAndSkipsBlankLines() throws {
        let data = Data(
            """
            {"uid":"a","source_feed":"https://a.kz/rss","url":"https://a.kz/1","title":"Т","published":"2024-09-27T09:11:07+05:00","content_html":"<p>x</p>"}

            {"uid":"b","source_feed":"https://b.kz/rss","title":"Т","published":"2024-09-27T04:52:45.250Z","summary_html":"y"}
            """.utf8)
        let entries = try DedupeInput.read(data, name: "in.jsonl")
        #expect(entries.map(\.uid) == ["a", "b"])
        #expect(entries[0].published == Date(timeIntervalSince1970: 1_727_410_267))
        #expect(entries[1].html == "y")
    }

    @Test(arguments: [
        (#"{"uid":"a","published":"2024-09-27T09:11:07Z"}"#, #"in.jsonl:2: missing "source_feed""#),
        (
            #"{"uid":"a","source_feed":"s","published":"27.09.2024"}"#,
            #"in.jsonl:2: "published" is not an RFC 3339 date: 27.09.2024"#
        ),
        (
            #"{"uid":"a","source_feed":"s","published":"2024-09-27T09:11:07Z"}"#,
            #"in.jsonl:2: uid "a" already used on line 1"#
        ),
        ("[1, 2", "in.jsonl:2: not a JSON object"),
    ])
    func badLinesAreNamedByNumber(_ line: String, _ message: String) {
        let data = Data((#"{"uid":"a","source_feed":"s","published":"2024-09-27T09:11:07Z"}"# + "\n" + line).utf8)
        #expect(throws: DedupeInput.Failure.self) { try DedupeInput.read(data, name: "in.jsonl") }
        do {
            _ = try DedupeInput.read(data, name: "in.jsonl")
        } catch {
            #expect(error.description == message)
        }
    }
}
