import Crypto
import FeedModel
import Foundation

extension SourceState {
    /// Back-off after failures: 15 minutes, doubling with each failure in a row, at most a day; never given up.
    public static func backoff(afterFailures failures: Int) -> Duration {
        let minutes = 15 * (1 << min(max(failures - 1, 0), 7))
        return .seconds(min(minutes, 24 * 60) * 60)
    }

    /// A hash of a source's entry in sources.json (all but `enabled`): editing the entry is a new chance.
    public static func settingsHash(of source: Source) -> String {
        let material =
            [
                source.name, source.url, source.region ?? "", source.language ?? "", source.timezone ?? "",
                source.charset ?? "", source.role.rawValue,
            ] + source.tags
        return SHA256.hash(data: Data(material.joined(separator: "\u{0}").utf8)).prefix(8)
            .map { String(format: "%02x", $0) }.joined()
    }

    /// The state before fetching `source`: a fresh one, or the remembered one with `isGone` and back-off
    /// cleared when the source's entry has changed since.
    public static func current(for source: Source, remembered: SourceState?) -> SourceState {
        let hash = settingsHash(of: source)
        guard var state = remembered else { return SourceState(url: source.url, settingsHash: hash) }
        if state.settingsHash != hash {
            state.settingsHash = hash
            state.isGone = false
            state.nextAttempt = nil
            state.consecutiveFailures = 0
            // A new charset or time zone must reach the parser: the next answer is a full one, and parsed.
            state.etag = nil
            state.lastModified = nil
            state.bodyHash = nil
        }
        return state
    }

    /// Whether the source should be fetched at `now`: not gone, and not waiting out back-off or a
    /// `Retry-After` (unless `force`).
    public func isDue(at now: Date, force: Bool = false) -> Bool {
        guard !isGone else { return false }
        return force || nextAttempt.map { now >= $0 } ?? true
    }

    /// The state after `result`, at `now`.
    public func recording(_ result: FetchResult, at now: Date) -> SourceState {
        var next = self
        next.lastAttempt = now
        recordRedirect(result, into: &next)
        switch result.outcome {
        case .fetched, .sameBody:
            next.etag = result.etag
            next.lastModified = result.lastModified
            next.bodyHash = result.bodyHash
            next.markSuccess(at: now)
        case .notModified:
            next.markSuccess(at: now)
        case .gone:
            next.isGone = true
            next.lastError = "HTTP 410 Gone: the feed was removed; fix or remove it in sources.json"
            next.consecutiveFailures += 1
        case .failed(let failure):
            next.consecutiveFailures += 1
            next.lastError = failure.message
            // A Retry-After is honoured up to the longest back-off: a server cannot park a source for a year.
            let longest = Self.backoff(afterFailures: Int.max / 2)
            let wait = min(failure.retryAfter ?? Self.backoff(afterFailures: next.consecutiveFailures), longest)
            next.nextAttempt = now.addingTimeInterval(Double(wait.components.seconds))
        }
        return next
    }

    private mutating func markSuccess(at now: Date) {
        lastSuccess = now
        lastError = nil
        consecutiveFailures = 0
        nextAttempt = nil
    }

    /// Counts the runs in a row on which the source's first redirect was a permanent one to the same place.
    private func recordRedirect(_ result: FetchResult, into next: inout SourceState) {
        guard let first = result.redirects.first, first.isPermanent else {
            next.permanentRedirect = nil
            next.permanentRedirectRuns = 0
            return
        }
        let target = result.finalURL
        next.permanentRedirectRuns = permanentRedirect == target ? permanentRedirectRuns + 1 : 1
        next.permanentRedirect = target
    }

    /// After this many runs in a row, a permanent redirect is worth an edit of sources.json.
    public static let redirectRunsBeforeSuggesting = 3

    /// The URL to put in sources.json instead, once the source has moved for good.
    public var suggestedURL: String? {
        permanentRedirectRuns >= Self.redirectRunsBeforeSuggesting ? permanentRedirect : nil
    }
}
