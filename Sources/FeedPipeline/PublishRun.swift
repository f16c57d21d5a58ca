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
        let (store, stories, builder): (StateStore, [StoredStory], FeedBuilder)
        do {
            store = try StateStore(path: statePath)
            stories = try store.stories(updatedSince: now.addingTimeInterval(-maxAge), limit: maxStories)
            builder = FeedBuilder(file: file, newest: try store.newestEntryDates(), feeds: try store.sourceFeeds())
        } catch {
            throw .state(error)
        }
        let output = OutputFolder(path: outputPath)
        let streamed: StreamedFeeds
        do {
            streamed = try StreamedFeeds(in: output) { builder.feed($0) }
        } catch {
            throw .output(error)
        }
        let feed: PublishedFeed
        do {
            feed = try Self.build(stories, from: store, with: builder, streaming: streamed)
        } catch {
            streamed.discard()
            throw .state(error)
        }
        do {
            let changed = try Self.publish(feed, streamed: streamed, to: output)
            return Report(stories: feed.stories.count, files: changed, folder: outputPath)
        } catch {
            throw .output(error)
        }
    }

    /// The stories read back in groups of this many: big enough that a group's query costs little beside its
    /// rows, small enough that rendering starts early.
    static let groupSize = 500

    /// The feed of `stories`, each built and rendered (`RenderedStory`) as soon as its entries are read: while
    /// the state reads one group of stories' entries, the groups before are built and rendered on the other
    /// cores, and handed to `streaming` to be written (and let go).
    static func build(
        _ stories: [StoredStory], from store: StateStore, with builder: FeedBuilder, streaming: StreamedFeeds
    ) throws(StoreError) -> PublishedFeed {
        let groups = stride(from: 0, to: stories.count, by: groupSize).map {
            stories[$0..<min($0 + groupSize, stories.count)]
        }
        let done = Mutex([[PublishedStory]?](repeating: nil, count: groups.count))
        let rendering = SharedWork<(Int, [StoredEntry])> { index, members in
            let built = builder.stories(groups[index], members: members)
            streaming.add(index, stories: built, rendered: built.map(RenderedStory.init))
            done.withLock { $0[index] = built }
        }
        do {
            try store.entries(inStoryGroups: groups.map { $0.map(\.id) }, toPublish: true) { index, members in
                rendering.add((index, members))
            }
        } catch {
            rendering.finish()
            throw error
        }
        rendering.finish()
        return builder.feed(done.withLock { $0.flatMap { $0 ?? [] } })
    }

    /// Every file published, in the order they are renamed: the Atom feed last, so that a reader polling it finds
    /// the page it links to already there.
    static let fileNames = [OPMLWriter.fileName, HTMLPageWriter.fileName, JSONFeedWriter.fileName, "feed.atom"]

    /// The two files a publish streams while their stories render (`StreamedFeeds`).
    static let streamedNames: Set = [JSONFeedWriter.fileName, "feed.atom"]

    /// The file `name` of `fileNames`, rendered whole, in parts.
    static func parts(of name: String, _ feed: PublishedFeed) -> [[UInt8]] {
        switch name {
        case OPMLWriter.fileName: [Array(OPMLWriter.write(feed))]
        case HTMLPageWriter.fileName: [Array(HTMLPageWriter.write(feed))]
        case JSONFeedWriter.fileName: JSONFeedWriter.parts(feed)
        default: AtomWriter.parts(feed)
        }
    }

    /// Writes every file into `output`, atomically and all together (`OutputFolder.write`): the page and the
    /// list staged on other cores while the two feeds, streamed while they rendered, are ended and flushed (or,
    /// when the stream cannot be the feed, rendered and staged whole); then all are renamed, in the order of
    /// `fileNames`. Returns, by file, whether it changed.
    static func publish(
        _ feed: PublishedFeed, streamed: StreamedFeeds, to output: OutputFolder
    ) throws(PublishError) -> [(name: String, changed: Bool)] {
        @Sendable func stage(_ name: String) -> Result<OutputFolder.StagedFile, PublishError> {
            Result { () throws(PublishError) in try output.stage(parts: Self.parts(of: name, feed), as: name) }
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
        switch streamed.finish(feed) {
        case .success(let staged)?:
            for file in staged { results[file.name] = .success(file) }
        case .failure(let error)?:
            for name in streamedNames { results[name] = .failure(error) }
        case nil:
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
