import FeedFetch
import FeedModel
import FeedParse
import FeedSources
import FeedStore
import Foundation

/// The health of every source, from the sources file and the state: what `feedmerge status` prints and
/// `output/status.json` holds, for monitoring.
///
/// It is a pure function of its inputs (the sources file, the states and the time), so the same input gives the
/// same report and the same bytes.
public struct StatusReport: Sendable, Hashable {
    /// When the report was made.
    public var generated: Date
    /// Every source of the sources file, enabled or not, in the file's order.
    public var sources: [SourceStatus]
    /// Sources the state remembers that the sources file no longer lists (they are no longer fetched), by URL.
    public var removed: [SourceStatus]

    /// How many sources of the file are in each health, for a monitor to alert on.
    public struct Summary: Sendable, Hashable {
        /// Sources in the file, enabled or not.
        public var sources = 0
        public var ok = 0
        public var failing = 0
        public var gone = 0
        public var neverFetched = 0
        public var disabled = 0
        /// Sources only the state remembers (not counted in `sources`).
        public var removed = 0
    }

    public var summary: Summary {
        var summary = Summary()
        summary.sources = sources.count
        summary.removed = removed.count
        for source in sources {
            switch source.health {
            case .ok: summary.ok += 1
            case .failing: summary.failing += 1
            case .gone: summary.gone += 1
            case .neverFetched: summary.neverFetched += 1
            case .disabled: summary.disabled += 1
            case .removed: break  // listed sources are never removed; those are in `removed`
            }
        }
        return summary
    }

    /// The name of the report in the output folder.
    public static let fileName = "status.json"

    /// The report for the sources of `file`, from `states` (by URL, as `StateStore.sourceStates()` returns them),
    /// at `now`.
    ///
    /// "Gone" and the next attempt are what the next run will do: an entry edited in sources.json since its
    /// last fetch is tried again at the next run (`SourceState.current(for:remembered:)`), while its last error
    /// and failure count stay as they were recorded.
    public static func report(file: SourcesFile, states: [String: SourceState], now: Date) -> StatusReport {
        let listed = Set(file.sources.map(\.url))
        let sources = file.sources.map { SourceStatus(source: $0, state: states[$0.url], now: now) }
        let removed = states.values.filter { !listed.contains($0.url) }.sorted { $0.url < $1.url }
            .map { SourceStatus(removed: $0) }
        return StatusReport(generated: now, sources: sources, removed: removed)
    }

    /// The sources file cannot be used, or the state cannot be read.
    public enum LoadError: Error, Sendable, CustomStringConvertible {
        case sources(SourcesError)
        case state(StoreError)

        public var description: String {
            switch self {
            case .sources(let error): error.description
            case .state(let error): error.description
            }
        }
    }

    /// The report for the files at these paths, with the sources file's warnings (unknown keys). A state file
    /// that does not exist yet is not an error, and is not created: every source is then never fetched.
    public static func load(sourcesPath: String, statePath: String, now: Date) throws(LoadError)
        -> (report: StatusReport, warnings: [SourcesProblem])
    {
        let loaded: (file: SourcesFile, warnings: [SourcesProblem])
        do {
            loaded = try SourcesChecker(isKnownCharset: { FeedParser.isKnownCharset($0) }).load(fileAt: sourcesPath)
        } catch {
            throw .sources(error)
        }
        var states: [String: SourceState] = [:]
        if FileManager.default.fileExists(atPath: statePath) {
            do {
                states = try StateStore(path: statePath).sourceStates()
            } catch {
                throw .state(error)
            }
        }
        return (report(file: loaded.file, states: states, now: now), loaded.warnings)
    }
}

/// One source's health, as `StatusReport` shows it.
public struct SourceStatus: Sendable, Hashable {
    /// What a monitor needs to know first about a source.
    public enum Health: String, Sendable, Hashable, CaseIterable {
        /// The last attempt succeeded (an answer with a feed, or 304 Not Modified).
        case ok
        /// The last attempt failed; the source backs off.
        case failing
        /// The server answered 410 Gone: not fetched again until the source's entry in sources.json changes.
        case gone
        /// Never attempted (new in sources.json, or no state yet).
        case neverFetched = "never_fetched"
        /// `"enabled": false` in sources.json: not fetched.
        case disabled
        /// Only the state remembers it: not in sources.json any more.
        case removed
    }

    /// Nil for a removed source (the state keeps no names).
    public var name: String?
    public var url: String
    public var isEnabled: Bool
    public var health: Health
    public var lastAttempt: Date?
    public var lastSuccess: Date?
    /// Why the last attempt failed; nil after a success.
    public var lastError: String?
    /// Failures in a row, as recorded at the last attempt.
    public var consecutiveFailures: Int
    /// Not fetched before this (back-off or `Retry-After`); nil: at the next run, unless the source is gone,
    /// disabled or removed.
    public var nextAttempt: Date?
    public var isGone: Bool
    /// Where the source's permanent redirect (301/308) led on the last run, and on how many runs in a row.
    public var permanentRedirect: String?
    public var permanentRedirectRuns: Int
    /// The URL to put in sources.json instead: the permanent redirect, once it has been seen on
    /// `SourceState.redirectRunsBeforeSuggesting` runs in a row.
    public var suggestedURL: String?

    init(source: Source, state remembered: SourceState?, now: Date) {
        let recorded = remembered ?? SourceState(url: source.url)
        let next = SourceState.current(for: source, remembered: remembered)
        self.init(recorded: recorded)
        name = source.name
        isEnabled = source.enabled
        isGone = next.isGone
        health =
            if !source.enabled {
                .disabled
            } else if isGone {
                .gone
            } else if recorded.consecutiveFailures > 0 {
                .failing
            } else if recorded.lastAttempt == nil && recorded.lastSuccess == nil {
                .neverFetched
            } else {
                .ok
            }
        // A time already past means the next run; a source that is not fetched has no next attempt.
        if source.enabled && !isGone, let time = next.nextAttempt, time > now { nextAttempt = time }
    }

    init(removed state: SourceState) {
        self.init(recorded: state)
        isGone = state.isGone
        health = .removed
    }

    /// The fields every status copies from the recorded state as they are.
    private init(recorded: SourceState) {
        name = nil
        url = recorded.url
        isEnabled = false
        health = .neverFetched
        lastAttempt = recorded.lastAttempt
        lastSuccess = recorded.lastSuccess
        lastError = recorded.lastError
        consecutiveFailures = recorded.consecutiveFailures
        nextAttempt = nil
        isGone = false
        permanentRedirect = recorded.permanentRedirect
        permanentRedirectRuns = recorded.permanentRedirectRuns
        suggestedURL = recorded.suggestedURL
    }
}
