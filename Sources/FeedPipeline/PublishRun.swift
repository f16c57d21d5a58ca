import FeedDedupe
import FeedModel
import FeedParse
import FeedPublish
import FeedSources
import FeedStore
import Foundation
import Synchronization

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
        do {
            let changed = try Self.publish(feed, to: OutputFolder(path: outputPath))
            return Report(
                stories: feed.stories.count, files: zip(Self.writers.map(\.name), changed).map { ($0, $1) },
                folder: outputPath)
        } catch {
            throw .output(error)
        }
    }

    /// Every file published, by name, and its writer: the Atom feed last, so that a reader polling it finds the
    /// page it links to already there.
    static let writers: [(name: String, write: @Sendable (PublishedFeed) -> [[UInt8]])] = [
        (OPMLWriter.fileName, { [Array(OPMLWriter.write($0))] }),
        (HTMLPageWriter.fileName, { [Array(HTMLPageWriter.write($0))] }),
        (JSONFeedWriter.fileName, { JSONFeedWriter.parts($0) }),
        ("feed.atom", { AtomWriter.parts($0) }),
    ]

    /// Renders and writes every file into `output`, atomically and all together (`OutputFolder.write`).
    ///
    /// Each file is rendered on every core (the big writers split their stories), one file after the other; while
    /// the next renders, the one before goes to its temporary file and to disk.
    static func publish(_ feed: PublishedFeed, to output: OutputFolder) throws(PublishError) -> [Bool] {
        let staging = DispatchGroup()
        let staged = Mutex([Result<OutputFolder.StagedFile, PublishError>?](repeating: nil, count: writers.count))
        for (index, writer) in writers.enumerated() {
            let bytes = writer.write(feed)
            DispatchQueue.global().async(group: staging) {
                let result = Result { () throws(PublishError) in try output.stage(parts: bytes, as: writer.name) }
                staged.withLock { $0[index] = result }
            }
        }
        staging.wait()
        let results = staged.withLock { $0.compactMap { $0 } }
        var files: [OutputFolder.StagedFile] = []
        for result in results {
            switch result {
            case .success(let file): files.append(file)
            case .failure(let error):
                output.discard(results.compactMap { try? $0.get() })
                throw error
            }
        }
        return try output.commit(files)
    }

    /// The feed to publish: `stories` (in the state's order: newest update first) with their `members`.
    ///
    /// Pure: the same state gives the same feed (and so the same bytes).
    public static func feed(
        file: SourcesFile, stories: [StoredStory], members: [StoredEntry], newest: [String: Date],
        feeds: [String: SourceFeed] = [:]
    ) -> PublishedFeed {
        let configured = Dictionary(file.sources.map { ($0.url, $0) }, uniquingKeysWith: { first, _ in first })
        @Sendable func describe(_ url: String) -> PublishedSource {
            let source = configured[url]
            return PublishedSource(
                // A source no longer listed keeps its stories until they expire, under its feed's own title.
                name: source?.name ?? feeds[url]?.title.flatMap { $0.isEmpty ? nil : $0 } ?? url, feedURL: url,
                id: feeds[url]?.id.flatMap(Self.absoluteIRI),
                homePage: feeds[url]?.link,
                updated: newest[url], language: source?.language, region: source?.region)
        }
        // Each source described once (a story names its sources many times over).
        let sources = Dictionary(
            uniqueKeysWithValues: Set(file.sources.map(\.url) + members.map(\.source)).map { ($0, describe($0)) })
        let byStory = Dictionary(grouping: members) { $0.story ?? "" }
        // Each story on its own, so on every core.
        let built = stories.concurrentMap { story -> PublishedStory? in
            guard let members = byStory[story.id], !members.isEmpty else { return nil }
            return Self.story(story, members: members) { sources[$0] ?? describe($0) }
        }
        let published = built.compactMap { $0 }
        let categories = Set(file.enabledSources.flatMap { $0.tags + ($0.region.map { [$0] } ?? []) })
        return PublishedFeed(
            title: file.title, id: file.id, selfLink: file.link,
            alternateLink: file.link.flatMap { URL(string: ".", relativeTo: URL(string: $0))?.absoluteString },
            updated: published.map(\.updated).max() ?? Date(timeIntervalSince1970: 0),
            categories: categories.sorted(), stories: published,
            sources: file.enabledSources.map { sources[$0.url] ?? describe($0.url) })
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
        // Every member once, by date, the canonical entry moved to the front.
        var all = members.sorted { ($0.date, $0.key) < ($1.date, $1.key) }
        if let index = all.firstIndex(where: { $0.key == story.canonical }), index > 0 {
            all.insert(all.remove(at: index), at: 0)
        }
        let canonical = all[0]
        // The longest text wins; on a tie, the canonical entry, then the earlier.
        func longest(_ text: (Entry) -> String?) -> String? {
            var best: String?
            for member in all {
                guard let next = text(member.entry), !next.isEmpty else { continue }
                if next.utf8.count > (best?.utf8.count ?? -1) { best = next }
            }
            return best
        }
        let content = longest(\.content)
        var categories = all.flatMap(\.entry.categories)
        if categories.count > 1 {
            var seen: Set<String> = []
            categories = categories.filter { seen.insert($0).inserted }
        }
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
