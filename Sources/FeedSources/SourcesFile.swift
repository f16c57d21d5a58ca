import Crypto
import FeedModel
import Foundation

/// `feeds/sources.json`: the merged feed's own settings and the sources to fetch, checked.
public struct SourcesFile: Sendable, Hashable {
    /// The merged feed's title.
    public var title: String
    /// The merged feed's id: the file's `id`, else derived from `link` (or the title) so it stays the same run
    /// after run (RFC 4287 §4.2.6 wants an id that never changes).
    public var id: String
    /// The public URL the merged feed is served at (`rel="self"`).
    public var link: String?
    /// The zone of dates that carry none, for sources that set none.
    public var timezone: String
    public var sources: [Source]

    public static let defaultTimeZone = "Asia/Almaty"

    public init(title: String, id: String? = nil, link: String? = nil, timezone: String? = nil, sources: [Source]) {
        self.title = title
        self.id = id ?? Self.derivedID(link: link, title: title)
        self.link = link
        self.timezone = timezone ?? Self.defaultTimeZone
        self.sources = sources
    }

    /// `tag:feedmerge,2026:` and 64 bits of SHA-256 over the link (or, without one, the title): a tag URI
    /// (RFC 4151) that only changes when the feed moves.
    static func derivedID(link: String?, title: String) -> String {
        let digest = SHA256.hash(data: Data((link ?? title).utf8))
        let hex = digest.prefix(8).map { String(format: "%02x", $0) }.joined()
        return "tag:feedmerge,2026:" + hex
    }

    public var enabledSources: [Source] { sources.filter(\.enabled) }
}

/// Something wrong with a sources file, where it is, and how bad.
public struct SourcesProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        /// The file cannot be used: the run stops before anything is written.
        case error
        /// The file can be used, but probably says something it did not mean (an unknown key).
        case warning
    }

    public var severity: Severity
    /// The file, as the user named it.
    public var path: String
    public var location: TextLocation?
    public var message: String

    /// `feeds/sources.json:14:9: error: source 3 has no "url"`, as compilers write it (editors link it).
    public var description: String {
        "\(path):" + (location.map { "\($0):" } ?? "") + " \(severity.rawValue): \(message)"
    }
}

/// A sources file that cannot be used: every problem found, errors first.
public struct SourcesError: Error, Sendable, CustomStringConvertible {
    public var problems: [SourcesProblem]

    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
