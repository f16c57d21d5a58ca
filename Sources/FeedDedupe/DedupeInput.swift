import Foundation

/// Entries to deduplicate as JSON Lines, one object a line: `uid`, `source_feed`, `url`, `title`, `published`
/// (RFC 3339) and `content_html` or `summary_html`. The format of `feedmerge dedupe --input`.
public enum DedupeInput {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var input: String
        public var line: Int
        public var reason: String
        public var description: String { "\(input):\(line): \(reason)" }
    }

    private struct Line: Decodable {
        var uid: String
        var sourceFeed: String
        var url: String?
        var title: String?
        var published: String
        var contentHTML: String?
        var summaryHTML: String?

        enum CodingKeys: String, CodingKey {
            case uid, url, title, published
            case sourceFeed = "source_feed"
            case contentHTML = "content_html"
            case summaryHTML = "summary_html"
        }
    }

    /// The entries of `data`; `name` names the input in errors. Blank lines are skipped.
    public static func read(_ data: Data, name: String) throws(Failure) -> [DedupeEntry] {
        var entries: [DedupeEntry] = []
        var seen: [String: Int] = [:]
        let decoder = JSONDecoder()
        for (offset, bytes) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
        {
            let number = offset + 1
            guard bytes.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") }) else { continue }
            let line: Line
            do {
                line = try decoder.decode(Line.self, from: Data(bytes))
            } catch let DecodingError.keyNotFound(key, _) {
                throw Failure(input: name, line: number, reason: "missing \"\(key.stringValue)\"")
            } catch let DecodingError.typeMismatch(_, context) {
                let key = context.codingPath.last?.stringValue ?? "value"
                throw Failure(input: name, line: number, reason: "\"\(key)\" has the wrong type")
            } catch {
                throw Failure(input: name, line: number, reason: "not a JSON object")
            }
            guard let published = parseDate(line.published) else {
                throw Failure(
                    input: name, line: number, reason: "\"published\" is not an RFC 3339 date: \(line.published)")
            }
            if let first = seen[line.uid] {
                throw Failure(input: name, line: number, reason: "uid \"\(line.uid)\" already used on line \(first)")
            }
            seen[line.uid] = number
            entries.append(
                DedupeEntry(
                    uid: line.uid, source: line.sourceFeed, url: line.url, title: line.title ?? "",
                    published: published, html: line.contentHTML ?? line.summaryHTML ?? ""))
        }
        return entries
    }

    private static func parseDate(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
