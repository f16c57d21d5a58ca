import FeedDedupe
import FeedFetch
import FeedModel
import FeedParse
import FeedSources
import FeedStore
import Foundation

/// `feedmerge fetch`: reads the sources file, fetches every source that is due, parses what came, and saves
/// what the next run needs.
///
/// Order matters for safety: the sources file is checked completely before the state is opened, so a broken
/// file changes nothing; every source's new state is saved in one transaction at the end.
public struct FetchRun: Sendable {
    public var sourcesPath: String
    public var statePath: String
    public var settings: FetchSettings
    /// Fetch sources even while they back off or wait out a `Retry-After` (gone sources stay skipped).
    public var force: Bool
    /// How long an entry is kept after it was first seen (the merged feed keeps a story while its entries are).
    public var retention: TimeInterval = Self.defaultRetention
    /// How long an expired entry's tombstone keeps it from coming back.
    public var tombstoneRetention: TimeInterval = 365 * 86_400

    public static let defaultStatePath = ".feedmerge/state.sqlite"
    public static let defaultRetention: TimeInterval = 30 * 86_400

    public init(
        sourcesPath: String = "feeds/sources.json", statePath: String = defaultStatePath,
        settings: FetchSettings = FetchSettings(), force: Bool = false
    ) {
        self.sourcesPath = sourcesPath
        self.statePath = statePath
        self.settings = settings
        self.force = force
    }

    /// One line of the report per source.
    public struct SourceReport: Sendable {
        public enum Result: Sendable, Hashable {
            case new(entries: Int)
            case notModified
            case sameBody
            /// Not fetched this run: gone, backing off, or waiting out `Retry-After`.
            case skipped(String)
            case failed(String)
        }

        public var source: Source
        public var status: Int?
        public var bytes: Int
        public var duration: Duration
        public var result: Result
        /// Parser warnings for a new body.
        public var warnings: [String]
        /// The URL to write in sources.json, once the source has moved for good.
        public var suggestedURL: String?
        /// The parsed feed's own fields (title, links, id). Its entries are dropped once they are in the state, so
        /// that the story stage, which reads them back, does not hold them twice.
        public var feed: Feed?
    }

    public struct Report: Sendable {
        public var sources: [SourceReport]
        /// What the run's entries changed in the history.
        public var history: HistoryChange
        /// Entries whose retention ended this run.
        public var expired: Int
        /// Stories started, reposts merged into stories, and stories edited this run.
        public var stories: StoryChange
        /// Warnings about the sources file (unknown keys).
        public var fileWarnings: [SourcesProblem]
        public var duration: Duration
    }

    /// The sources file cannot be used, or the state cannot be opened or saved.
    public enum RunError: Error, Sendable, CustomStringConvertible {
        case sources(SourcesError)
        case state(StoreError)

        public var description: String {
            switch self {
            case .sources(let error): error.description + "\nnothing was fetched or written"
            case .state(let error): error.description
            }
        }
    }

    public func run(now: Date = Date()) async throws(RunError) -> Report {
        let clock = ContinuousClock()
        let start = clock.now
        let loaded: (file: SourcesFile, warnings: [SourcesProblem])
        do {
            loaded = try SourcesChecker(isKnownCharset: { FeedParser.isKnownCharset($0) }).load(fileAt: sourcesPath)
        } catch {
            throw .sources(error)
        }
        let store: StateStore
        let remembered: [String: SourceState]
        do {
            store = try StateStore(path: statePath)
            remembered = try store.sourceStates()
        } catch {
            throw .state(error)
        }

        let sources = loaded.file.enabledSources
        let states = sources.map { SourceState.current(for: $0, remembered: remembered[$0.url]) }
        let due = sources.indices.filter { states[$0].isDue(at: now, force: force) }
        var reports = sources.indices.map { index in
            SourceReport(
                source: sources[index], status: nil, bytes: 0, duration: .zero,
                result: .skipped(Self.skipReason(states[index])), warnings: [], suggestedURL: states[index].suggestedURL
            )
        }
        var newStates = states

        // Feeds are parsed as they arrive, on every core, while the rest are still being fetched.
        let fetched = Fetcher(settings: settings).results(
            of: due.map { Fetcher.Request(source: sources[$0], previous: states[$0]) })
        let parsers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let file = loaded.file
        await withTaskGroup(of: (Int, SourceReport, SourceState).self) { group in
            var parsing = 0
            func collect(_ done: (Int, SourceReport, SourceState)) {
                reports[done.0] = done.1
                newStates[done.0] = done.2
                parsing -= 1
            }
            for await (position, result) in fetched {
                let index = due[position]
                let previous = states[index]
                if parsing >= parsers, let done = await group.next() { collect(done) }
                parsing += 1
                group.addTask {
                    let (report, state) = Self.report(for: result, previous: previous, file: file, now: now)
                    return (index, report, state)
                }
            }
            while let done = await group.next() { collect(done) }
        }
        let history: HistoryChange
        let expired: Int
        let stories: StoryChange
        do {
            history = try Self.save(reports, states: newStates, in: store, now: now)
            for index in reports.indices { reports[index].feed?.entries = [] }
            expired = try store.expire(
                firstSeenBefore: now.addingTimeInterval(-retention),
                tombstonesBefore: now.addingTimeInterval(-tombstoneRetention), now: now)
            // Roles of every listed source, disabled ones too: their entries stay in stories until they expire.
            let origins = Set(loaded.file.sources.filter { $0.role == .origin }.map(\.url))
            stories = try Self.updateStories(in: store, origins: origins, now: now)
        } catch {
            throw .state(error)
        }
        return Report(
            sources: reports, history: history, expired: expired, stories: stories, fileWarnings: loaded.warnings,
            duration: clock.now - start)
    }

    /// The run's end in one transaction (`StateStore.saveRun`): the sources' states, their feeds' own fields, and
    /// every entry the parsed feeds gave.
    private static func save(_ reports: [SourceReport], states: [SourceState], in store: StateStore, now: Date)
        throws(StoreError) -> HistoryChange
    {
        let sighted = reports.flatMap { report in
            (report.feed?.entries ?? []).map {
                SightedEntry(
                    source: report.source.url, entry: $0, canonicalURL: $0.link.flatMap(CanonicalURL.canonical))
            }
        }
        let feeds = reports.compactMap { report in
            report.feed.map { SourceFeed(url: report.source.url, id: $0.id, title: $0.title, link: $0.link) }
        }
        return try store.saveRun(states: states, entries: sighted, feeds: feeds, seenAt: now)
    }

    /// Parses a new body, and records the result in the source's state; a body that is not a feed fails the
    /// source like an HTTP error (and backs off).
    private static func report(for result: FetchResult, previous: SourceState, file: SourcesFile, now: Date)
        -> (SourceReport, SourceState)
    {
        var recorded = result
        var report = SourceReport(
            source: result.source, status: result.status, bytes: result.bytes, duration: result.duration,
            result: .notModified, warnings: [], suggestedURL: nil)
        switch result.outcome {
        case .notModified:
            report.result = .notModified
        case .sameBody:
            report.result = .sameBody
        case .gone:
            report.result = .failed("HTTP 410 Gone: the feed was removed; fix or remove it in sources.json")
        case .failed(let failure):
            report.result = .failed(failure.message)
        case .fetched(let body, let charset):
            let zone = TimeZone(identifier: result.source.timezone ?? file.timezone)
            do {
                let parsed = try FeedParser(defaultTimeZone: zone).parse(
                    body, url: result.finalURL, charset: result.source.charset ?? charset, name: result.source.url)
                report.result = .new(entries: parsed.feed.entries.count)
                report.warnings = parsed.warnings
                report.feed = parsed.feed
            } catch {
                // Recorded as a failure, once: the body's validators are not kept, so the next run reads it again.
                recorded.outcome = .failed(FetchFailure(kind: .notAFeed, message: error.description))
                report.result = .failed(error.description)
            }
        }
        let state = previous.recording(recorded, at: now)
        report.suggestedURL = state.suggestedURL
        return (report, state)
    }

    private static func skipReason(_ state: SourceState) -> String {
        if state.isGone { return "gone (HTTP 410); edit its entry in sources.json to try again" }
        if let next = state.nextAttempt {
            return "waiting until \(ISO8601DateFormatter().string(from: next))"
                + (state.lastError.map { " after: \($0)" } ?? "")
        }
        return "not due"
    }
}
