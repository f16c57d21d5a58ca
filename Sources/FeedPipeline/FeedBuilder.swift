import FeedDedupe
import FeedModel
import FeedPublish
import FeedSources
import Foundation

/// Builds the published feed from the state's rows: each story from its entries (`stories(_:members:)`, a group
/// at a time, on any thread), then the feed around them (`feed(_:)`).
///
/// Pure: the same rows give the same feed, and so the same bytes.
struct FeedBuilder: Sendable {
    let file: SourcesFile
    /// Every source of sources.json or of an entry kept, described once (a feed names its sources many times).
    private let sources: [String: PublishedSource]
    private let configured: [String: Source]
    private let newest: [String: Date]
    private let feeds: [String: SourceFeed]

    /// `newest`: each source's newest entry date (a source with entries kept is there); `feeds`: what each
    /// source's feed said of itself.
    init(file: SourcesFile, newest: [String: Date], feeds: [String: SourceFeed]) {
        self.file = file
        self.newest = newest
        self.feeds = feeds
        let configured = Dictionary(file.sources.map { ($0.url, $0) }, uniquingKeysWith: { first, _ in first })
        self.configured = configured
        sources = Dictionary(
            uniqueKeysWithValues: Set(file.sources.map(\.url) + newest.keys).map {
                ($0, Self.describe($0, configured: configured, newest: newest, feeds: feeds))
            })
    }

    func source(_ url: String) -> PublishedSource {
        sources[url] ?? Self.describe(url, configured: configured, newest: newest, feeds: feeds)
    }

    private static func describe(
        _ url: String, configured: [String: Source], newest: [String: Date], feeds: [String: SourceFeed]
    ) -> PublishedSource {
        let source = configured[url]
        return PublishedSource(
            // A source no longer listed keeps its stories until they expire, under its feed's own title.
            name: source?.name ?? feeds[url]?.title.flatMap { $0.isEmpty ? nil : $0 } ?? url, feedURL: url,
            id: feeds[url]?.id.flatMap(Self.absoluteIRI),
            homePage: feeds[url]?.link,
            updated: newest[url], language: source?.language, region: source?.region)
    }

    /// `stories` as published, in their order, with their `members` (in any order); a story without a member
    /// kept is left out.
    func stories(_ stories: ArraySlice<StoredStory>, members: [StoredEntry]) -> [PublishedStory] {
        // Each story's members by position (the entries themselves are big to copy).
        var byStory: [String: [Int]] = Dictionary(minimumCapacity: stories.count)
        for position in members.indices { byStory[members[position].story ?? "", default: []].append(position) }
        return stories.compactMap { story in
            guard let positions = byStory[story.id], !positions.isEmpty else { return nil }
            return Self.story(story, members: members, at: positions, source: source)
        }
    }

    /// The feed of `stories` (built by `stories(_:members:)`, in the feed's order).
    func feed(_ stories: [PublishedStory]) -> PublishedFeed {
        let categories = Set(file.enabledSources.flatMap { $0.tags + ($0.region.map { [$0] } ?? []) })
        return PublishedFeed(
            title: file.title, id: file.id, selfLink: file.link,
            alternateLink: file.link.flatMap { URL(string: ".", relativeTo: URL(string: $0))?.absoluteString },
            updated: stories.map(\.updated).max() ?? Date(timeIntervalSince1970: 0),
            categories: categories.sorted(), stories: stories,
            sources: file.enabledSources.map { source($0.url) })
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

    /// One story as published, from the members at `positions` of `members`: its canonical entry's title, link
    /// and authors; every outlet, the canonical one first; the longest full text of any member (else the longest
    /// summary).
    ///
    /// Members are read where they are, by position: a copy of an entry costs a reference count for each of its
    /// strings and lists, and a publish of thousands of stories made several of each.
    static func story(
        _ story: StoredStory, members: [StoredEntry], at positions: [Int], source: (String) -> PublishedSource
    ) -> PublishedStory {
        // Every member once, by date, the canonical entry moved to the front.
        var order = positions
        if order.count > 1 {
            order.sort { (members[$0].date, members[$0].key) < (members[$1].date, members[$1].key) }
            if let index = order.firstIndex(where: { members[$0].key == story.canonical }), index > 0 {
                order.insert(order.remove(at: index), at: 0)
            }
        }
        let canonical = order[0]
        // The longest text wins; on a tie, the canonical entry, then the earlier.
        func longest(_ text: (Entry) -> String?) -> String? {
            var best: String?
            for position in order {
                guard let next = text(members[position].entry), !next.isEmpty else { continue }
                if next.utf8.count > (best?.utf8.count ?? -1) { best = next }
            }
            return best
        }
        let content = longest(\.content)
        let links = order.map { members[$0].entry.link.map(CanonicalURL.withoutTracking) }
        return PublishedStory(
            id: story.id,
            title: members[canonical].entry.title ?? order.lazy.compactMap { members[$0].entry.title }.first ?? "",
            published: story.published, updated: story.updated, authors: members[canonical].entry.authors,
            link: links[0],
            outlets: zip(order, links).map { PublishedOutlet(name: source(members[$0].source).name, link: $1) },
            html: content ?? longest(\.summary), isFullText: content != nil,
            categories: categories(of: order.map { members[$0].entry.categories }),
            source: source(members[canonical].source))
    }

    /// The members' categories, once each, in the order first seen. A few (as most stories have) are compared
    /// one by one, which costs less than hashing them.
    static func categories(of lists: [[String]]) -> [String] {
        let all = lists.count == 1 ? lists[0] : Array(lists.joined())
        guard all.count > 1 else { return all }
        guard all.count > 16 else {
            var kept: [String] = []
            for category in all where !kept.contains(category) { kept.append(category) }
            return kept
        }
        var seen: Set<String> = []
        return all.filter { seen.insert($0).inserted }
    }
}
