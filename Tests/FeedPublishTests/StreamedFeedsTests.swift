import FeedModel
import Foundation
import Testing

@testable import FeedPublish

/// The two feeds written while their stories render: the same bytes as the writers make of the whole feed.
struct StreamedFeedsTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedmerge-stream-\(UUID().uuidString)")

    /// `feed`'s stories in groups of `size`, added last group first (as rendering on several cores may finish),
    /// then the files finished when the stream holds the feed (as a publish does), and nil when it cannot.
    func stream(
        _ feed: PublishedFeed, groups size: Int, makeFeed: @escaping @Sendable ([PublishedStory]) -> PublishedFeed
    )
        throws -> Result<[OutputFolder.StagedFile], PublishError>?
    {
        let streamed = try StreamedFeeds(in: OutputFolder(path: folder.path), makeFeed: makeFeed)
        let groups = stride(from: 0, to: feed.stories.count, by: size).map {
            Array(feed.stories[$0..<min($0 + size, feed.stories.count)])
        }
        let sources = SourceElements()
        for (index, stories) in groups.enumerated().reversed() {
            streamed.add(
                index, stories: stories,
                rendered: RenderedStories(stories, sources: sources, buffers: streamed.buffers))
        }
        // The feed as a publish keeps it: its newest story only, and the count.
        var newest = feed
        newest.stories = Array(feed.stories.prefix(1))
        guard streamed.holds(newest, storyCount: feed.stories.count) else {
            streamed.discard()
            return nil
        }
        #expect(!streamed.holds(newest, storyCount: feed.stories.count + 1))
        return streamed.finish(newest)
    }

    @Test func theFilesAreWhatTheWritersMakeOfTheWholeFeed() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let feed = SampleFeed.feed
        for size in [1, 2, feed.stories.count] {
            let makeFeed: @Sendable ([PublishedStory]) -> PublishedFeed = { stories in
                var part = feed
                part.stories = stories
                part.updated = stories.map(\.updated).max() ?? part.updated
                return part
            }
            let staged = try #require(try stream(feed, groups: size, makeFeed: makeFeed)).get()
            #expect(staged.map(\.name) == [JSONFeedWriter.fileName, "feed.atom"])
            _ = try OutputFolder(path: folder.path).commit(staged)
            let atom = FileManager.default.contents(atPath: folder.appendingPathComponent("feed.atom").path)
            let json = FileManager.default.contents(atPath: folder.appendingPathComponent("feed.json").path)
            #expect(atom == Data(AtomWriter.document(feed)))
            #expect(json == JSONFeedWriter.write(feed))
        }
    }

    /// A group's buffers, given back once written, are rendered into again (no new memory), and what is rendered
    /// into them is what new buffers get.
    @Test func buffersGivenBackAreUsedAgain() throws {
        let stories = SampleFeed.feed.stories
        let (sources, buffers) = (SourceElements(), RenderBuffers())
        // A group rendered, written, and let go of by all but the buffers (as the writing threads do).
        func writeGroup() -> Set<UnsafePointer<UInt8>?> {
            let written = RenderedStories(stories, sources: sources, buffers: buffers)
            buffers.give(written.atomEntries)
            buffers.give(written.jsonItems)
            return Set([written.atomEntries, written.jsonItems].map { $0.withUnsafeBufferPointer(\.baseAddress) })
        }
        // Either feed's group may take either buffer, and grow it: after two groups, both hold either.
        _ = writeGroup()
        let addresses = writeGroup()
        #expect(writeGroup() == addresses)
        let again = RenderedStories(stories, sources: sources, buffers: buffers)
        let new = RenderedStories(stories, sources: sources)
        #expect(again.atomEntries == new.atomEntries)
        #expect(again.jsonItems == new.jsonItems)
    }

    /// Heads written from the first group that the whole feed's contradict (a newer story later), or a feed
    /// without stories: the stream does not hold the feed, and once discarded, nothing streamed is left.
    @Test func aStreamThatCannotBeTheFeedLeavesNothing() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let feed = SampleFeed.feed
        let older: @Sendable ([PublishedStory]) -> PublishedFeed = { stories in
            var part = feed
            part.stories = stories
            part.updated = Date(timeIntervalSince1970: 0)
            return part
        }
        #expect(try stream(feed, groups: 1, makeFeed: older) == nil)
        var empty = feed
        empty.stories = []
        #expect(try stream(empty, groups: 1, makeFeed: older) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
