import Dispatch
import Synchronization

/// `feed.atom` and `feed.json` written while their stories are still being rendered: a publish hands over each
/// group of stories as it is rendered (`add`, in any order, from any thread), and each file takes the groups in
/// the feed's order, each to disk at once (`StreamedFile`), so that when the last story is rendered little is left
/// to write or flush.
///
/// A document's head holds the feed's `updated` (its newest story's), which is known once the first group with a
/// story is built: the heads are written from the feed of that group's stories (`makeFeed`), and `holds` checks
/// them against the whole feed's. When they differ, or no story came, the caller discards the streamed files and
/// writes both whole; the bytes are the same either way (`AtomWriter.frame`, `JSONFeedWriter.frame`).
public final class StreamedFeeds: Sendable {
    private let folder: OutputFolder
    private let atom: StreamedFile
    private let json: StreamedFile
    /// One queue a file, so that the two flush at once.
    private let atomQueue = DispatchQueue(label: "feedmerge.publish.atom")
    private let jsonQueue = DispatchQueue(label: "feedmerge.publish.json")
    private let makeFeed: @Sendable ([PublishedStory]) -> PublishedFeed
    /// The buffers of the groups written, given back to render more groups into (`RenderedStories`).
    public let buffers = RenderBuffers()
    private let progress = Mutex(Progress())

    private struct Progress {
        /// Groups rendered before the groups ahead of them: by index.
        var waiting: [Int: (stories: [PublishedStory], rendered: RenderedStories)] = [:]
        /// The next group to write.
        var next = 0
        /// The heads written (nil until the first story), and what goes between two JSON items.
        var heads: (atom: [UInt8], json: [UInt8])?
        var separator: [UInt8] = []
        var storiesWritten = 0
    }

    /// Opens the temporary files of both feeds in `folder`. `makeFeed` makes the feed of some of its stories (the
    /// publish's own builder), for the heads.
    public init(in folder: OutputFolder, makeFeed: @escaping @Sendable ([PublishedStory]) -> PublishedFeed)
        throws(PublishError)
    {
        self.folder = folder
        atom = try StreamedFile("feed.atom", in: folder)
        do {
            json = try StreamedFile(JSONFeedWriter.fileName, in: folder)
        } catch {
            atom.discard()
            throw error
        }
        self.makeFeed = makeFeed
    }

    /// Group `index` (counted from 0, in the feed's order) of the feed's stories, and the group rendered.
    public func add(_ index: Int, stories: [PublishedStory], rendered: RenderedStories) {
        progress.withLock { progress in
            progress.waiting[index] = (stories, rendered)
            while let (stories, rendered) = progress.waiting.removeValue(forKey: progress.next) {
                progress.next += 1
                guard rendered.count > 0 else { continue }
                var (atomParts, jsonParts): ([[UInt8]], [[UInt8]]) = ([], [])
                if progress.heads == nil {
                    let feed = makeFeed(stories)
                    let (atomHead, _) = AtomWriter.frame(feed)
                    let (jsonHead, separator, _) = JSONFeedWriter.frame(feed)
                    progress.heads = (atomHead, jsonHead)
                    progress.separator = separator
                    atomParts.append(atomHead)
                    jsonParts.append(jsonHead)
                } else {
                    jsonParts.append(progress.separator)
                }
                atomParts.append(rendered.atomEntries)
                jsonParts.append(rendered.jsonItems)
                progress.storiesWritten += rendered.count
                atomQueue.async { [atom, atomParts, buffers, entries = rendered.atomEntries] in
                    atom.append(atomParts)
                    buffers.give(entries)
                }
                jsonQueue.async { [json, jsonParts, buffers, items = rendered.jsonItems] in
                    json.append(jsonParts)
                    buffers.give(items)
                }
            }
        }
    }

    /// Whether the files streamed can be `feed`'s, a feed of `storyCount` stories (`feed` may hold only the
    /// newest): their heads are its heads, and every story came. When not (no story came, or a story newer than
    /// the first group's came later), the caller discards them and writes both files whole.
    public func holds(_ feed: PublishedFeed, storyCount: Int) -> Bool {
        let (heads, written) = progress.withLock { ($0.heads, $0.storiesWritten) }
        guard let heads, written == storyCount else { return false }
        return heads.atom == AtomWriter.frame(feed).head && heads.json == JSONFeedWriter.frame(feed).head
    }

    /// Both files ended and flushed, staged for `OutputFolder.commit` (JSON Feed first, as `PublishRun` commits):
    /// for a `feed` they hold (`holds`).
    public func finish(_ feed: PublishedFeed) -> Result<[OutputFolder.StagedFile], PublishError> {
        atomQueue.sync {}
        jsonQueue.sync {}
        atom.append([AtomWriter.frame(feed).tail])
        json.append([JSONFeedWriter.frame(feed).tail])
        let finished = [json, atom].concurrentMap(chunk: 1) { file in
            Result { () throws(PublishError) in try file.finish() }
        }
        for result in finished {
            if case .failure(let error) = result {
                folder.discard(finished.compactMap { try? $0.get() })
                return .failure(error)
            }
        }
        return .success(finished.compactMap { try? $0.get() })
    }

    /// Removes both files: the publish gave up.
    public func discard() {
        atomQueue.sync {}
        jsonQueue.sync {}
        atom.discard()
        json.discard()
    }
}
