import Foundation

/// One feed to fetch, as a person listed it in `feeds/sources.json`.
public struct Source: Sendable, Hashable, Codable {
    /// Who writes what a source publishes: dedupe prefers the origin of a story when it picks its canonical entry.
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
        /// A press centre that writes its own releases (an akimat, an assembly, an agency's own desk).
        case origin
        /// A site that republishes (regional newspapers, national agencies).
        case outlet
    }

    /// How the source is named in reports and in the merged feed.
    public var name: String
    /// The feed's address: http or https.
    public var url: String
    public var region: String?
    /// A language tag (`ru`, `kk`).
    public var language: String?
    /// The zone of dates that carry none; nil: the merged feed's.
    public var timezone: String?
    /// A charset that beats what the server and the document say (for a site that lies).
    public var charset: String?
    public var role: Role
    public var enabled: Bool
    public var tags: [String]

    public init(
        name: String, url: String, region: String? = nil, language: String? = nil, timezone: String? = nil,
        charset: String? = nil, role: Role = .outlet, enabled: Bool = true, tags: [String] = []
    ) {
        self.name = name
        self.url = url
        self.region = region
        self.language = language
        self.timezone = timezone
        self.charset = charset
        self.role = role
        self.enabled = enabled
        self.tags = tags
    }
}
