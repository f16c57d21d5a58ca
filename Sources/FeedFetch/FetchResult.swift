import FeedModel
import Foundation

/// What fetching one source gave.
public struct FetchResult: Sendable {
    public enum Outcome: Sendable, Hashable {
        /// A body to parse: new, or changed since the last run.
        case fetched(body: Data, charset: String?)
        /// Nothing new: the server said 304, or sent the very body it sent last time.
        case notModified
        case sameBody
        /// The server said 410: the feed is gone for good.
        case gone
        case failed(FetchFailure)
    }

    public var source: Source
    public var outcome: Outcome
    /// The final HTTP status, if a response came.
    public var status: Int?
    /// The URL the body came from, after redirects.
    public var finalURL: String
    /// Body bytes read (decoded).
    public var bytes: Int
    public var duration: Duration
    /// Each redirect followed, in order.
    public var redirects: [Redirect]
    /// Validators and hash of a new body, for the next run.
    public var etag: String?
    public var lastModified: String?
    public var bodyHash: String?

    /// Whether the source answered usefully (a body, or nothing new).
    public var isSuccess: Bool {
        switch outcome {
        case .fetched, .notModified, .sameBody: true
        case .gone, .failed: false
        }
    }
}

/// One hop of a redirect chain.
public struct Redirect: Sendable, Hashable {
    public var status: Int
    public var from: String
    public var to: String

    /// 301 and 308 say the feed moved for good.
    public var isPermanent: Bool { status == 301 || status == 308 }
}

/// Why a fetch failed, in words a report can print, and whether the server asked for a pause.
public struct FetchFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case http, timeout, tooLarge, redirects, network, invalidURL
        /// The body came, but the parser could not read a feed in it.
        case notAFeed
    }

    public var kind: Kind
    public var message: String
    /// A 429 or 503 with `Retry-After`: how long that source must wait.
    public var retryAfter: Duration?

    public init(kind: Kind, message: String, retryAfter: Duration? = nil) {
        self.kind = kind
        self.message = message
        self.retryAfter = retryAfter
    }

    public var description: String { message }
}
