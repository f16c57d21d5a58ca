import Foundation

/// What feedmerge remembers about fetching one source from run to run: the HTTP validators that make the next
/// request conditional, the hash that makes an unchanged body cheap, and the failure record that drives back-off.
public struct SourceState: Sendable, Hashable, Codable {
    /// The source's URL as `feeds/sources.json` gives it: the key.
    public var url: String
    /// A hash of the source's entry in sources.json when this was recorded. An edited entry (a fixed URL, a new
    /// charset) is a new chance: `isGone` and back-off do not carry over.
    public var settingsHash: String?
    /// `ETag` of the last 200, sent back as `If-None-Match`.
    public var etag: String?
    /// `Last-Modified` of the last 200, sent back as `If-Modified-Since`.
    public var lastModified: String?
    /// SHA-256 (hex) of the last body parsed: a 200 with the same body is not parsed again.
    public var bodyHash: String?
    public var lastAttempt: Date?
    public var lastSuccess: Date?
    public var consecutiveFailures: Int
    /// Not fetched before this (back-off or `Retry-After`); nil: at the next run.
    public var nextAttempt: Date?
    /// Why the last attempt failed, in words; nil after a success.
    public var lastError: String?
    /// The server said 410 Gone: not fetched again until the source's entry changes.
    public var isGone: Bool
    /// Where the last permanent redirect (301/308) led, and on how many runs in a row it was seen.
    public var permanentRedirect: String?
    public var permanentRedirectRuns: Int

    public init(
        url: String, settingsHash: String? = nil, etag: String? = nil, lastModified: String? = nil,
        bodyHash: String? = nil, lastAttempt: Date? = nil, lastSuccess: Date? = nil, consecutiveFailures: Int = 0,
        nextAttempt: Date? = nil, lastError: String? = nil, isGone: Bool = false, permanentRedirect: String? = nil,
        permanentRedirectRuns: Int = 0
    ) {
        self.url = url
        self.settingsHash = settingsHash
        self.etag = etag
        self.lastModified = lastModified
        self.bodyHash = bodyHash
        self.lastAttempt = lastAttempt
        self.lastSuccess = lastSuccess
        self.consecutiveFailures = consecutiveFailures
        self.nextAttempt = nextAttempt
        self.lastError = lastError
        self.isGone = isGone
        self.permanentRedirect = permanentRedirect
        self.permanentRedirectRuns = permanentRedirectRuns
    }
}
