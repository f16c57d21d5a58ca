import Foundation

/// How politely and how far the fetcher goes. Defaults from the fetcher issue (#3).
public struct FetchSettings: Sendable, Hashable {
    /// Requests in flight at once, over all hosts.
    public var maxConcurrentRequests = 8
    /// Requests in flight at once to one host: many press services share one government portal.
    public var maxRequestsPerHost = 2
    /// How long a connection may stay silent, in whole seconds (URLSession on Linux truncates fractions).
    public var idleTimeout: Int = 10
    /// The longest a whole request may take, redirects and body included.
    public var requestTimeout: Duration = .seconds(30)
    /// The most body bytes read (after gzip/deflate decoding); a longer body is cut off and the fetch fails.
    public var maxBodyBytes = 10 << 20
    public var maxRedirects = 5
    public var userAgent = "feedmerge/0.1 (+https://github.com/feedmerge/feedmerge)"

    public init() {}
}
