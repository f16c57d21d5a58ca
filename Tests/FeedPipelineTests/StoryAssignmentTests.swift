import FeedModel
import FeedPipeline
import Foundation
import Testing

/// The stories' rules on hand-made entries: which entry a story shows, and when its `updated` moves.
struct StoryAssignmentTests {
    static let start = Date(timeIntervalSince1970: 1_795_000_000)
    static let now = start.addingTimeInterval(2 * 86_400)
    static let akimat = "https://akimat.gov.kz/rss"
    static let paper = "https://paper.kz/rss"
    static let agency = "https://agency.kz/rss"

    static let rules = StoryAssignment(origins: [akimat], now: now)

    static func member(
        _ source: String, _ id: String, hours: Double?, hash: String = "h", updated: Date? = nil,
        story: String? = "tag:s"
    ) -> StoredEntry {
        StoredEntry(
            source: source,
            entry: Entry(
                id: id, title: id, published: hours.map { start.addingTimeInterval($0 * 3_600) }, updated: updated),
            canonicalURL: nil, firstSeen: start.addingTimeInterval(10 * 3_600), lastSeen: start, contentHash: hash,
            story: story)
    }

    @Test(arguments: [
        // The origin's entry, though a paper published first.
        ([member(paper, "p", hours: 1), member(akimat, "a", hours: 2), member(akimat, "a2", hours: 3)], "a"),
        // No origin: the earliest; an entry without a date counts from when it was first seen (hour 10).
        ([member(paper, "p", hours: 5), member(agency, "g", hours: 4), member(paper, "n", hours: nil)], "g"),
        // A tie: the source's URL decides, then the id.
        ([member(paper, "p", hours: 1), member(agency, "g", hours: 1)], "g"),
        ([member(agency, "b", hours: 1), member(agency, "a", hours: 1)], "a"),
    ])
    func theCanonicalEntryIsTheEarliestOfAnOriginElseTheEarliest(_ members: [StoredEntry], _ expected: String) {
        #expect(Self.rules.canonical(of: members)?.entry.id == expected)
    }

    @Test func aNewStoryIsDatedByItsCanonicalEntry() throws {
        let edited = Self.start.addingTimeInterval(7_200)
        let members = [
            Self.member(Self.paper, "p", hours: 1), Self.member(Self.akimat, "a", hours: 2, updated: edited),
        ]
        let story = try #require(Self.rules.story(id: "tag:s", members: members, previous: nil))
        #expect(story.canonical == EntryKey(source: Self.akimat, entryID: "a"))
        #expect(story.updated == edited)
        #expect(story.published == Self.start.addingTimeInterval(3_600))
        // Without an `updated`, the canonical entry's publication; without that, its first sighting.
        let plain = Self.rules.story(id: "tag:s", members: [Self.member(Self.paper, "p", hours: 1)], previous: nil)
        #expect(plain?.updated == Self.start.addingTimeInterval(3_600))
        let undated = Self.rules.story(id: "tag:s", members: [Self.member(Self.paper, "p", hours: nil)], previous: nil)
        #expect(undated?.updated == Self.start.addingTimeInterval(10 * 3_600))
        #expect(undated?.published == nil)
    }

    @Test func aRepostJoiningKeepsUpdated() throws {
        let original = Self.member(Self.akimat, "a", hours: 1)
        let previous = try #require(Self.rules.story(id: "tag:s", members: [original], previous: nil))
        let repost = Self.member(Self.paper, "p", hours: 5, story: nil)
        let result = Self.rules.stories(
            members: [original, repost], joined: [repost.key: "tag:s"], previous: ["tag:s": previous])
        #expect(result.stories == [previous])
        #expect(result.change.created == 0 && result.change.merged == 1 && result.change.edited == 0)
    }

    @Test func theCanonicalEntryMovingToAnOriginKeepsIdAndUpdated() throws {
        let repost = Self.member(Self.paper, "p", hours: 5, hash: "paper")
        let previous = try #require(Self.rules.story(id: "tag:s", members: [repost], previous: nil))
        // The release reaches the history after the repost (later found, published earlier).
        let release = Self.member(Self.akimat, "a", hours: 1, hash: "release", story: nil)
        let result = Self.rules.stories(
            members: [repost, release], joined: [release.key: "tag:s"], previous: ["tag:s": previous])
        let story = try #require(result.stories.first)
        #expect(story.id == "tag:s")
        #expect(story.updated == previous.updated)
        #expect(story.canonical == release.key)
        #expect(story.canonicalHash == "release")
        #expect(story.published == Self.start.addingTimeInterval(3_600))
        #expect(result.change.edited == 0)
    }

    @Test func anEditOfTheCanonicalTextMovesUpdatedToTheRun() throws {
        let original = Self.member(Self.akimat, "a", hours: 1, hash: "v1")
        let repost = Self.member(Self.paper, "p", hours: 5, hash: "p1")
        let previous = try #require(Self.rules.story(id: "tag:s", members: [original, repost], previous: nil))
        let edited = Self.member(Self.akimat, "a", hours: 1, hash: "v2")
        let result = Self.rules.stories(members: [edited, repost], joined: [:], previous: ["tag:s": previous])
        let story = try #require(result.stories.first)
        #expect(story.updated == Self.now)
        #expect(story.canonicalHash == "v2")
        #expect(story.canonical == previous.canonical)
        #expect(result.change.edited == 1 && result.change.created == 0 && result.change.merged == 0)
    }

    @Test func anEditOfAnotherMemberDoesNotMoveUpdated() throws {
        let original = Self.member(Self.akimat, "a", hours: 1, hash: "v1")
        let previous = try #require(
            Self.rules.story(id: "tag:s", members: [original, Self.member(Self.paper, "p", hours: 5)], previous: nil))
        let result = Self.rules.stories(
            members: [original, Self.member(Self.paper, "p", hours: 5, hash: "p2")], joined: [:],
            previous: ["tag:s": previous])
        #expect(result.stories == [previous])
        #expect(result.change == StoryChange())
    }

    @Test func newEntriesStartingAStoryTogetherCountOneStoryAndItsReposts() {
        let entries = [
            Self.member(Self.akimat, "a", hours: 1, story: nil), Self.member(Self.paper, "p", hours: 2, story: nil),
            Self.member(Self.agency, "g", hours: 3, story: nil),
        ]
        let joined = [entries[0].key: "tag:s", entries[1].key: "tag:s", entries[2].key: "tag:t"]
        let result = Self.rules.stories(members: entries, joined: joined, previous: [:])
        #expect(result.stories.map(\.id) == ["tag:s", "tag:t"])
        #expect(result.change.created == 2 && result.change.merged == 1)
    }

    @Test func theDetectorsUidIsTheSourceAndTheIdApart() {
        #expect(StoryAssignment.uid(EntryKey(source: Self.akimat, entryID: "42")) == Self.akimat + "\u{1F}42")
    }
}
