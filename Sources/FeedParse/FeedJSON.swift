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
        return out.text + "\n"
    }

    /// RFC 3339 in UTC, `2026-11-27T05:15:00Z` (fractions of a second are dropped).
    public static func timestamp(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Civil from days (H. Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay % 3600 / 60, 2)):\(pad(secondOfDay % 60, 2))Z"
    }
}

/// A small pretty-printing JSON writer that keeps keys in the order they are written.
private final class JSONWriter {
    var text = ""
    private var depth = 0
    private var needsComma = false

    func object(_ body: () -> Void) {
        open("{")
        body()
        close("}")
    }

    func key(_ name: String, _ value: String?, raw: Bool = false) {
        member(name)
        if let value {
            text += raw ? value : Self.quoted(value)
        } else {
            text += "null"
        }
        needsComma = true
    }

    func value(_ value: String) {
        separator()
        text += Self.quoted(value)
        needsComma = true
    }

    func array<T>(_ name: String, _ items: [T], _ body: (T) -> Void) {
        member(name)
        if items.isEmpty {
            text += "[]"
            needsComma = true
            return
        }
        needsComma = false
        text += "["
        depth += 1
        for item in items { body(item) }
        close("]")
    }

    private func member(_ name: String) {
        separator()
        text += Self.quoted(name) + ": "
    }

    private func open(_ bracket: String) {
        separator()
        text += bracket
        depth += 1
        needsComma = false
    }

    private func close(_ bracket: String) {
        depth -= 1
        text += "\n" + String(repeating: "  ", count: depth) + bracket
        needsComma = true
    }

    private func separator() {
        if needsComma { text += "," }
        if depth > 0 { text += "\n" + String(repeating: "  ", count: depth) }
        needsComma = false
    }

    static func quoted(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{2028}": result += "\\u2028"
            case "\u{2029}": result += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    result += String(format: "\\u%04x", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
