import FeedDedupe
import FeedModel
import FeedParse
import FeedPublish
import FeedSources
import FeedStore
import Foundation

/// `feedmerge publish`: writes the merged feed from the state into the output folder: `feed.atom` and the
/// files beside it, each atomically, each left untouched when its bytes would not change.
public struct PublishRun: Sendable {
    public var sourcesPath: String
    public var statePath: String
    public var outputPath: String
    /// At most this many stories, the most recently updated first...
    public var maxStories = 100
    /// ... and none updated longer ago than this.
    public var maxAge: TimeInterval = 30 * 86_400

    public static let defaultOutputPath = "output"

    public init(
        sourcesPath: String = "feeds/sources.json", statePath: String = FetchRun.defaultStatePath,
        outputPath: String = defaultOutputPath
    ) {
        self.sourcesPath = sourcesPath
        self.statePath = statePath
        self.outputPath = outputPath
    }

    public struct Report: Sendable {
        /// Stories in the feed.
        public var stories: Int
        /// The files written, by name (`feed.atom`, ...), and whether each changed.
        public var files: [(name: String, changed: Bool)]
        /// Where they are.
        public var folder: String
    }

    public enum RunError: Error, Sendable, CustomStringConvertible {
        case sources(SourcesError)
        case state(StoreError)
        case output(PublishError)

        public var description: String {
            switch self {
            case .sources(let error): error.description + "\nnothing was published"
            case .state(let error): error.description + "\nnothing was published"
            case .output(let error): error.description + "\nthe files published before are unchanged, unless named"
            }
        }
    }

    public func run(now: Date = Date()) throws(RunError) -> Report {
        let file: SourcesFile
        do {
            file = try SourcesChecker(isKnownCharset: { FeedParser.isKnownCharset($0) }).load(fileAt: sourcesPath).file
        } catch {
            throw .sources(error)
        }
        let feed: PublishedFeed
        do {
            let store = try StateStore(path: statePath)
            let stories = try store.stories(updatedSince: now.addingTimeInterval(-maxAge), limit: maxStories)
            let members = try store.entries(inStories: stories.map(\.id))
            feed = Self.feed(
                file: file, stories: stories, members: members, newest: try store.newestEntryDates(),
                feeds: try store.sourceFeeds())
        } catch {
            throw .state(error)
        }
        let output = OutputFolder(path: outputPath)
        var files: [(name: String, changed: Bool)] = []
        do {
            let rendered = Self.files(of: feed)
            files = zip(rendered.map(\.0), try output.write(rendered.map { ($0.0, $0.1) })).map { ($0, $1) }
        } catch {
            throw .output(error)
        }
        return Report(stories: feed.stories.count, files: files, folder: outputPath)
    }

    /// Every file published, by name: the Atom feed last, so that a reader polling it finds the page it links to
    /// already there. The writers are independent, so they run on every core.
    static func files(of feed: PublishedFeed) -> [(String, [UInt8])] {
        let writers: [(name: String, write: @Sendable (PublishedFeed) -> [UInt8])] = [
            (OPMLWriter.fileName, { Array(OPMLWriter.write($0)) }),
            (HTMLPageWriter.fileName, { Array(HTMLPageWriter.write($0)) }),
            (JSONFeedWriter.fileName, { Array(JSONFeedWriter.write($0)) }),
            ("feed.atom", { AtomWriter.document($0) }),
        ]
        let files = writers.concurrentMap(chunk: 1) { $0.write(feed) }
        return zip(writers.map(\.name), files).map { ($0, $1) }
    }

    /// The feed to publish: `stories` (in the state's order: newest update first) with their `members`.
    ///
    /// Pure: the same state gives the same feed (and so the same bytes).
    public static func feed(
        file: SourcesFile, stories: [StoredStory], members: [StoredEntry], newest: [String: Date],
        feeds: [String: SourceFeed] = [:]
    ) -> PublishedFeed {
        let sources = Dictionary(file.sources.map { ($0.url, $0) }, uniquingKeysWith: { first, _ in first })
        @Sendable func describe(_ url: String) -> PublishedSource {
            let source = sources[url]
            return PublishedSource(
                name: source?.name ?? url, feedURL: url, id: feeds[url]?.id.flatMap(Self.absoluteIRI),
                homePage: feeds[url]?.link,
                updated: newest[url], language: source?.language, region: source?.region)
        }
        let byStory = Dictionary(grouping: members) { $0.story ?? "" }
        // Each story on its own, so on every core.
        let built = stories.concurrentMap { story -> PublishedStory? in
            guard let members = byStory[story.id], !members.isEmpty else { return nil }
            return Self.story(story, members: members, source: describe)
        }
        let published = built.compactMap { $0 }
        let categories = Set(file.enabledSources.flatMap { $0.tags + ($0.region.map { [$0] } ?? []) })
        return PublishedFeed(
            title: file.title, id: file.id, selfLink: file.link,
            alternateLink: file.link.flatMap { URL(string: ".", relativeTo: URL(string: $0))?.absoluteString },
            updated: published.map(\.updated).max() ?? Date(timeIntervalSince1970: 0),
            categories: categories.sorted(), stories: published,
            sources: file.enabledSources.map { describe($0.url) })
    }

    /// `id` when it is an absolute IRI (a scheme, then no white space or control character), as `atom:id` must
    /// be: a feed's own id can be anything, and the feed's URL stands in for one that is not.
    static func absoluteIRI(_ id: String) -> String? {
        guard let colon = id.firstIndex(of: ":"), let first = id.unicodeScalars.first,
            ("a"..."z").contains(first) || ("A"..."Z").contains(first),
            id[..<colon].unicodeScalars.allSatisfy({
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || "+.-".unicodeScalars.contains($0)
            }),
            id.index(after: colon) < id.endIndex,
            !id.unicodeScalars.contains(where: { $0.value <= 0x20 || (0x7F...0x9F).contains($0.value) })
        else { return nil }
        return id
    }

    /// One story as published: its canonical entry's title, link and authors; every outlet, the canonical one
    /// first; the longest full text of any member (else the longest summary).
    static func story(
        _ story: StoredStory, members: [StoredEntry], source: (String) -> PublishedSource
    ) -> PublishedStory {
        let ordered = members.sorted { ($0.date, $0.key) < ($1.date, $1.key) }
        let canonical = ordered.first { $0.key == story.canonical } ?? ordered[0]
        let others = ordered.filter { $0.key != canonical.key }
        let all = [canonical] + others
        // The longest text wins; on a tie, the canonical entry, then the earlier.
        func longest(_ text: (Entry) -> String?) -> String? {
            all.compactMap { text($0.entry) }.filter { !$0.isEmpty }.reduce(nil) { best, next in
                next.utf8.count > (best?.utf8.count ?? -1) ? next : best
            }
        }
        let content = longest(\.content)
        var seen: Set<String> = []
        let categories = all.flatMap(\.entry.categories).filter { seen.insert($0).inserted }
        return PublishedStory(
            id: story.id, title: canonical.entry.title ?? all.lazy.compactMap(\.entry.title).first ?? "",
            published: story.published, updated: story.updated, authors: canonical.entry.authors,
            link: canonical.entry.link.map(CanonicalURL.withoutTracking),
            outlets: all.map {
                PublishedOutlet(name: source($0.source).name, link: $0.entry.link.map(CanonicalURL.withoutTracking))
            },
            html: content ?? longest(\.summary), isFullText: content != nil, categories: categories,
            source: source(canonical.source))
    }
}
