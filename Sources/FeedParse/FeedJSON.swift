import FeedModel
import Foundation

/// The normalized feed as JSON, in the fixed shape `feedmerge parse` prints and the test fixtures expect:
/// keys in a fixed order, absent values as `null`, dates as RFC 3339 UTC with whole seconds.
public enum FeedJSON {
    public static func render(_ feed: Feed) -> String {
        let out = JSONWriter()
        out.object {
            out.key("format", feed.format.rawValue)
            out.key("title", feed.title)
            out.key("link", feed.link)
            out.key("id", feed.id)
            out.key("updated", feed.updated.map(timestamp))
            out.key("language", feed.language)
            out.array("entries", feed.entries) { entry in
                out.object {
                    out.key("id", entry.id)
                    out.key("title", entry.title)
                    out.key("link", entry.link)
                    out.key("published", entry.published.map(timestamp))
                    out.key("updated", entry.updated.map(timestamp))
                    out.array("authors", entry.authors) { author in
                        out.object {
                            out.key("name", author.name)
                            out.key("email", author.email)
                            out.key("uri", author.uri)
                        }
                    }
                    out.key("summary", entry.summary)
                    out.key("content", entry.content)
                    out.array("categories", entry.categories) { out.value($0) }
                    out.array("enclosures", entry.enclosures) { enclosure in
                        out.object {
                            out.key("url", enclosure.url)
                            out.key("type", enclosure.type)
                            out.key("length", enclosure.length.map(String.init), raw: true)
                        }
                    }
                }
            }
        }
        return String(decoding: out.bytes, as: UTF8.self) + "\n"
    }

    /// RFC 3339 in UTC, `2026-11-27T05:15:00Z` (fractions of a second are dropped).
    public static func timestamp(_ date: Date) -> String {
        UTCDateTime(date).rfc3339
    }
}
