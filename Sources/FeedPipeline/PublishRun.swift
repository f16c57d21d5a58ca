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
        // What comes before the stories' entries, on two threads: this one opens the state and reads the feed's
        // stories; the other reads and checks sources.json, then reads what the feed says of each source on a
        // connection of its own, once the state is open (and created, or brought up to date). A bad sources.json
        // is the error to report, whatever the state says. (So the state is opened even when sources.json is
        // bad: nothing in it changes otherwise.)
        let (sourcesPath, cutoff, maxStories) = (sourcesPath, now - maxAge, maxStories)
        let loaded = Mutex(Loaded())
        let opened = DispatchSemaphore(value: 0)
        let aside = DispatchGroup()
        DispatchQueue.global().async(group: aside) {
            let file = Result { () throws(SourcesError) in
                try SourcesChecker(isKnownCharset: { FeedParser.isKnownCharset($0) }).load(fileAt: sourcesPath).file
            }
            loaded.withLock { $0.file = file }
            guard case .success = file else { return }  // the error to report; nothing else is published
            opened.wait()
            guard case .success(let store)? = loaded.withLock({ $0.store }) else { return }
            let sources = Result { () throws(StoreError) in try store.sourceDescriptions() }
            loaded.withLock { $0.sources = sources }
        }
        let opening = Result { () throws(StoreError) in try StateStore(path: statePath) }
        loaded.withLock { $0.store = opening }
        opened.signal()
        let read = opening.flatMap { store in
            Result { () throws(StoreError) in try store.stories(updatedSince: cutoff, limit: maxStories) }
        }
        aside.wait()
        let (file, store, stories, sources): (SourcesFile, StateStore, [StoredStory], StateStore.SourceDescriptions)
        let (fileRead, sourcesRead) = loaded.withLock { ($0.file, $0.sources) }
        do throws(SourcesError) {
            guard let fileRead else { preconditionFailure("the other thread reads sources.json before anything") }
            file = try fileRead.get()
        } catch {
            throw .sources(error)
        }
        do throws(StoreError) {
            (store, stories) = (try opening.get(), try read.get())
            guard let sourcesRead else {
                preconditionFailure("the other thread reads the sources once the state opens")
            }
            sources = try sourcesRead.get()
        } catch {
            throw .state(error)
        }
        let builder = FeedBuilder(file: file, newest: sources.newest, feeds: sources.feeds)
        let output = OutputFolder(path: outputPath)
        let streamed: StreamedFeeds
        do {
            streamed = try StreamedFeeds(in: output) { builder.feed($0) }
        } catch {
            throw .output(error)
        }
        let newest: Newest
        do {
            newest = try Self.build(stories, from: store, with: builder, streaming: streamed)
        } catch {
            streamed.discard()
            throw .state(error)
        }
        // The streamed feeds are the feed, unless it has no story (or its newest story came after the first group
        // with one): then the feed is read again, whole, and both written whole.
        var (feed, storyCount) = (newest.feed, newest.storyCount)
        let isStreamed = streamed.holds(feed, storyCount: storyCount)
        if !isStreamed {
            streamed.discard()
            do {
                feed = builder.feed(
                    builder.stories(stories[...], members: try store.entries(inStories: stories.map(\.id))))
                storyCount = feed.stories.count
            } catch {
                throw .state(error)
            }
        }
        do {
            let changed = try Self.publish(
                feed, storyCount: storyCount, streamed: isStreamed ? streamed : nil, to: output)
            return Report(stories: storyCount, files: changed, folder: outputPath)
        } catch {
            throw .output(error)
        }
    }

    /// What the two threads of a publish's start read (see `run`): each part once read.
    private struct Loaded {
        var file: Result<SourcesFile, SourcesError>?
        var store: Result<StateStore, StoreError>?
        var sources: Result<StateStore.SourceDescriptions, StoreError>?
    }

    /// The stories read back in groups of this many: big enough that a group's query costs little beside its
    /// rows, small enough that the cores share the work evenly.
    static let groupSize = 500

    /// The ranges of `count` stories that make the groups, in order, for `readers` cores: `groupSize` each, but
    /// smaller towards the end (half of what is left for each core, down to a fifth of a group), so that the
    /// cores finish together rather than one waiting on another's last big group.
    static func groups(of count: Int, readers: Int) -> [Range<Int>] {
        var groups: [Range<Int>] = []
        var start = 0
        while start < count {
            let size = max(groupSize / 5, min(groupSize, (count - start) / (2 * max(1, readers))))
            groups.append(start..<min(start + size, count))
            start += size
        }
        return groups
    }

    /// What a publish keeps of the stories it streamed: the feed with only its newest stories (those the page
    /// shows: the rest are let go as soon as they are written), and how many stories it has.
    struct Newest {
        var feed: PublishedFeed
        var storyCount: Int
    }

    /// The feed of `stories`, each built and rendered (`RenderedStories`) as soon as its entries are read, and
    /// handed to `streaming` to be written (and let go): on every core, each reading a group of stories at a time
    /// from its own connection to the state and working on it (`StateStore.entriesToPublish`).
    static func build(
        _ stories: [StoredStory], from store: StateStore, with builder: FeedBuilder, streaming: StreamedFeeds
    ) throws(StoreError) -> Newest {
        let readers = ProcessInfo.processInfo.activeProcessorCount
        let groups = Self.groups(of: stories.count, readers: readers).map { stories[$0] }
        let kept = Mutex(NewestGroups(count: groups.count))
        let sources = SourceElements()
        try store.entriesToPublish(
            inStoryGroups: groups.map { $0.map(\.id) }, readers: readers
        ) { index, members in
            let built = builder.stories(groups[index], members: members)
            streaming.add(
                index, stories: built, rendered: RenderedStories(built, sources: sources, buffers: streaming.buffers))
            kept.withLock { $0.add(index, built) }
        }
        let (newest, count) = kept.withLock { ($0.newest, $0.storyCount) }
        return Newest(feed: builder.feed(newest), storyCount: count)
    }

    /// The groups of built stories, as they come in any order: each group's count, and its stories while they may
    /// be among the feed's newest `HTMLPageWriter.storiesShown`.
    struct NewestGroups {
        private var groups: [(count: Int, newest: [PublishedStory])?]

        init(count: Int) {
            groups = Array(repeating: nil, count: count)
        }

        mutating func add(_ index: Int, _ stories: [PublishedStory]) {
            // Stories after a whole page of newer ones are not kept.
            let earlier = groups[..<index]
            let shown = HTMLPageWriter.storiesShown
            let isPastThePage = earlier.allSatisfy { $0 != nil } && earlier.reduce(0) { $0 + ($1?.count ?? 0) } >= shown
            groups[index] = (stories.count, isPastThePage ? [] : Array(stories.prefix(shown)))
        }

        /// The newest stories, once every group came.
        var newest: [PublishedStory] {
            Array(groups.lazy.flatMap { $0?.newest ?? [] }.prefix(HTMLPageWriter.storiesShown))
        }

        var storyCount: Int { groups.reduce(0) { $0 + ($1?.count ?? 0) } }
    }

    /// Every file published, in the order they are renamed: the Atom feed last, so that a reader polling it finds
    /// the page it links to already there.
    static let fileNames = [OPMLWriter.fileName, HTMLPageWriter.fileName, JSONFeedWriter.fileName, "feed.atom"]

    /// The two files a publish streams while their stories render (`StreamedFeeds`).
    static let streamedNames: Set = [JSONFeedWriter.fileName, "feed.atom"]

    /// The file `name` of `fileNames`, rendered whole from `feed` (a feed of `storyCount` stories; for the feeds,
    /// all of them), in parts.
    static func parts(of name: String, _ feed: PublishedFeed, storyCount: Int) -> [[UInt8]] {
        switch name {
        case OPMLWriter.fileName: [Array(OPMLWriter.write(feed))]
        case HTMLPageWriter.fileName: [Array(HTMLPageWriter.write(feed, storyCount: storyCount))]
        case JSONFeedWriter.fileName: JSONFeedWriter.parts(feed)
        default: AtomWriter.parts(feed)
        }
    }

    /// Writes every file into `output`, atomically and all together (`OutputFolder.write`): the page and the
    /// list staged on other cores while the two feeds, `streamed` while they rendered, are ended and flushed (or,
    /// with none streamed, rendered whole from `feed`, which then holds every story, and staged); then all are
    /// renamed, in the order of `fileNames`. Returns, by file, whether it changed.
    static func publish(
        _ feed: PublishedFeed, storyCount: Int, streamed: StreamedFeeds?, to output: OutputFolder
    ) throws(PublishError) -> [(name: String, changed: Bool)] {
        @Sendable func stage(_ name: String) -> Result<OutputFolder.StagedFile, PublishError> {
            Result { () throws(PublishError) in
                try output.stage(parts: Self.parts(of: name, feed, storyCount: storyCount), as: name)
            }
        }
        let staging = DispatchGroup()
        let others = Mutex([String: Result<OutputFolder.StagedFile, PublishError>]())
        for name in fileNames where !streamedNames.contains(name) {
            DispatchQueue.global().async(group: staging) {
                let result = stage(name)
                others.withLock { $0[name] = result }
            }
        }
        var results: [String: Result<OutputFolder.StagedFile, PublishError>] = [:]
        if let streamed {
            switch streamed.finish(feed) {
            case .success(let staged):
                for file in staged { results[file.name] = .success(file) }
            case .failure(let error):
                for name in streamedNames { results[name] = .failure(error) }
            }
        } else {
            for (name, result) in Array(streamedNames).concurrentMap(chunk: 1, { ($0, stage($0)) }) {
                results[name] = result
            }
        }
        staging.wait()
        results.merge(others.withLock { $0 }) { first, _ in first }
        var written: [OutputFolder.StagedFile] = []
        for name in fileNames {
            switch results[name] {
            case .success(let staged)?: written.append(staged)
            case .failure(let error)?:
                output.discard(results.values.compactMap { try? $0.get() })
                throw error
            case nil: preconditionFailure("\(name) was not staged")
            }
        }
        return zip(fileNames, try output.commit(written)).map { ($0, $1) }
    }

    /// The feed to publish: `stories` (in the state's order: newest update first) with their `members`.
    ///
    /// Pure: the same state gives the same feed (and so the same bytes).
    public static func feed(
        file: SourcesFile, stories: [StoredStory], members: [StoredEntry], newest: [String: Date],
        feeds: [String: SourceFeed] = [:]
    ) -> PublishedFeed {
        let builder = FeedBuilder(file: file, newest: newest, feeds: feeds)
        return builder.feed(builder.stories(stories[...], members: members))
    }
}
