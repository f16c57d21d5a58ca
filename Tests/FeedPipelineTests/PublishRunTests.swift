import FeedModel
import FeedPublish
import FeedSources
import FeedStore
import Foundation
import TestHTTPServer
import Testing

@testable import FeedPipeline

/// `feedmerge publish` after `feedmerge fetch`: feeds served on 127.0.0.1, the state in a real SQLite file, the
/// output in a real folder.
struct PublishRunTests {
    typealias Stories = StoryRunTests

    /// What `publish` writes, in the order it writes them (the Atom feed last).
    static let files = ["sources.opml", "index.html", "feed.json", "feed.atom"]

    /// The entries of a published Atom document: id → its `updated` and the whole entry's text.
    static func entries(_ atom: String) -> [String: (updated: String, text: String)] {
        var entries: [String: (updated: String, text: String)] = [:]
        for chunk in atom.components(separatedBy: "<entry>").dropFirst() {
            let text = chunk.components(separatedBy: "</entry>")[0]
            entries[Self.element("id", in: text)] = (Self.element("updated", in: text), text)
        }
        return entries
    }

    static func element(_ name: String, in text: String) -> String {
        guard let start = text.range(of: "<\(name)>"),
            let end = text.range(of: "</\(name)>", range: start.upperBound..<text.endIndex)
        else { return "" }
        return String(text[start.upperBound..<end.lowerBound])
    }

    /// The akimat's release and its roads story served, the paper's feed empty; `body` gets the fetch and publish
    /// runs and the output folder.
    func withReleaseAndRoads(_ body: (Stories.Feeds, FetchRun, PublishRun, String) async throws -> Void)
        async throws
    {
        let feeds = Stories.Feeds()
        feeds.serve("/akimat", [Stories.release(), Stories.roads])
        feeds.serve("/paper", [])
        let stories = StoryRunTests()
        try await stories.withSources(feeds) { _, run in
            let output = stories.folder.appendingPathComponent("output").path
            let publish = PublishRun(sourcesPath: stories.sourcesPath, statePath: stories.statePath, outputPath: output)
            try await body(feeds, run, publish, output)
        }
    }

    @Test func aRepostJoiningChangesTheFeedButNotItsStorysIdOrUpdated() async throws {
        try await withReleaseAndRoads { feeds, run, publish, output in
            let atomPath = output + "/feed.atom"

            _ = try await run.run(now: Stories.firstRun)
            let first = try publish.run(now: Stories.firstRun)
            #expect(first.stories == 2)
            #expect(first.files.map { $0.name } == Self.files && first.files.allSatisfy { $0.changed })
            let before = try String(contentsOfFile: atomPath, encoding: .utf8)
            let school = try #require(Self.entries(before).first { $0.value.text.contains("Экибастузе") })
            #expect(!school.value.text.contains("ekibastuz-gazeta.kz"))

            // The newspaper reposts the release: the story shows it, under the same id and `updated`.
            feeds.serve("/paper", [Stories.repost])
            _ = try await run.run(now: Stories.secondRun)
            let second = try publish.run(now: Stories.secondRun)
            #expect(second.stories == 2)
            // The stories changed, the list of sources did not.
            #expect(second.files.filter { $0.changed }.map { $0.name } == ["index.html", "feed.json", "feed.atom"])
            let after = try String(contentsOfFile: atomPath, encoding: .utf8)
            let entries = Self.entries(after)
            #expect(entries.count == 2)
            let joined = try #require(entries[school.key])
            #expect(joined.updated == school.value.updated)
            #expect(
                joined.text.contains(
                    #"<link rel="related" type="text/html" href="https://ekibastuz-gazeta.kz/obshestvo/77" title="paper"/>"#
                ))
            #expect(joined.text.contains("Опубликовали:"))
            // The release (from an origin) stays the story's title and link.
            #expect(joined.text.contains("<title type=\"text\">В Экибастузе открыли новую школу на 1 200 мест</title>"))
            #expect(joined.text.contains(#"<link rel="alternate" type="text/html" href="\#(Stories.releaseLink)"/>"#))
            // `atom:source` names the akimat's feed and, from its last parse, the site's home page.
            #expect(joined.text.contains(#"<link rel="alternate" type="text/html" href="https://example.kz/akimat"/>"#))

            // Nothing new: the file keeps its bytes and its modification time.
            let modified = try FileManager.default.attributesOfItem(atPath: atomPath)[.modificationDate] as? Date
            _ = try await run.run(now: Stories.secondRun.addingTimeInterval(600))
            let third = try publish.run(now: Stories.secondRun.addingTimeInterval(600))
            #expect(third.files.allSatisfy { !$0.changed })
            #expect(try String(contentsOfFile: atomPath, encoding: .utf8) == after)
            #expect(try FileManager.default.attributesOfItem(atPath: atomPath)[.modificationDate] as? Date == modified)
            // No temporary file is left beside it.
            #expect(try FileManager.default.contentsOfDirectory(atPath: output).sorted() == Self.files.sorted())
        }
    }

    @Test func storiesBeyondTheLimitsAreLeftOut() async throws {
        try await withReleaseAndRoads { _, run, publish, output in
            var publish = publish
            _ = try await run.run(now: Stories.firstRun)
            publish.maxStories = 1
            #expect(try publish.run(now: Stories.firstRun).stories == 1)
            // The roads story (an hour later) is the newer one and stays.
            let atom = try String(contentsOfFile: output + "/feed.atom", encoding: .utf8)
            #expect(atom.contains("дорог") && !atom.contains("Экибастузе"))
            publish.maxStories = 100
            publish.maxAge = 86_400
            #expect(try publish.run(now: Stories.firstRun.addingTimeInterval(2 * 86_400)).stories == 0)
            // No story to stream: both feeds are written whole, empty, and nothing is left beside them.
            let empty = try String(contentsOfFile: output + "/feed.atom", encoding: .utf8)
            #expect(!empty.contains("<entry>") && empty.hasSuffix("</feed>\n"))
            #expect(try String(contentsOfFile: output + "/feed.json", encoding: .utf8).contains(#""items": []"#))
            #expect(try FileManager.default.contentsOfDirectory(atPath: output).sorted() == Self.files.sorted())
        }
    }

    @Test(arguments: [
        ("tag:akimat.kz,2026:news", true), ("https://a.kz/feed", true), ("urn:uuid:1225c695", true),
        ("/relative/id", false), ("news 42", false), ("", false), ("1abc:x", false), ("tag:", false),
    ])
    func onlyAbsoluteIRIsServeAsSourceIds(_ id: String, _ isAbsolute: Bool) {
        #expect((FeedBuilder.absoluteIRI(id) != nil) == isAbsolute)
    }

    @Test func aStoryShowsItsCanonicalEntryEveryOutletAndTheLongestText() throws {
        let file = SourcesFile(
            title: "Merged", link: "https://example.kz/merged/feed.atom",
            sources: [
                Source(name: "Akimat", url: "https://a.kz/rss", region: "Павлодар", role: .origin, tags: ["акимат"]),
                Source(name: "Paper", url: "https://p.kz/rss", region: "Павлодар"),
                Source(name: "Agency", url: "https://n.kz/rss"),
            ])
        let day = Date(timeIntervalSince1970: 1_780_293_600)
        func stored(_ source: String, _ id: String, hours: Double, content: String?, summary: String?) -> StoredEntry {
            StoredEntry(
                source: source,
                entry: Entry(
                    id: id, title: "Title \(id)", link: "https://\(id).kz/a",
                    published: day.addingTimeInterval(hours * 3_600), summary: summary, content: content,
                    categories: ["c-\(id)", "shared"]),
                canonicalURL: nil, firstSeen: day, lastSeen: day, contentHash: "h", story: "s")
        }
        let members = [
            stored("https://n.kz/rss", "agency", hours: 0, content: nil, summary: "<p>short</p>"),
            stored("https://a.kz/rss", "akimat", hours: 1, content: "<p>full text</p>", summary: nil),
            stored("https://p.kz/rss", "paper", hours: 2, content: "<p>the longest full text</p>", summary: nil),
        ]
        let story = StoredStory(
            id: "s", published: day, updated: day.addingTimeInterval(3_600),
            canonical: EntryKey(source: "https://a.kz/rss", entryID: "akimat"), canonicalHash: "h")
        let feed = PublishRun.feed(file: file, stories: [story], members: members, newest: ["https://a.kz/rss": day])
        #expect(feed.alternateLink == "https://example.kz/merged/")
        #expect(feed.updated == story.updated)
        #expect(feed.categories == ["Павлодар", "акимат"])
        let published = try #require(feed.stories.first)
        #expect(published.title == "Title akimat")
        #expect(published.link == "https://akimat.kz/a")
        #expect(published.outlets.map(\.name) == ["Akimat", "Agency", "Paper"])
        #expect(published.html == "<p>the longest full text</p>" && published.isFullText)
        #expect(published.categories == ["c-akimat", "shared", "c-agency", "c-paper"])
        #expect(published.source.name == "Akimat" && published.source.updated == day)
    }

    @Test func categoriesAreKeptOnceEachInTheOrderFirstSeen() {
        #expect(FeedBuilder.categories(of: [["a", "b", "a"]]) == ["a", "b"])
        #expect(FeedBuilder.categories(of: [["a"], [], ["b", "a"]]) == ["a", "b"])
        // Past the few compared one by one.
        let many = (0..<40).map { "c\($0 % 25)" }
        #expect(FeedBuilder.categories(of: [many, ["c3", "new"]]) == (0..<25).map { "c\($0)" } + ["new"])
    }

    /// The groups a publish reads cover every story once, in order, none bigger than `groupSize`, smaller
    /// towards the end (so that the cores finish together); a run's usual page of stories is one group.
    @Test(arguments: [0, 1, 99, 100, 101, 499, 500, 501, 1_000, 2_345, 10_000, 100_000])
    func groupsCoverEveryStoryOnceAndShrinkTowardsTheEnd(count: Int) {
        for readers in [1, 2, 3, 8] {
            let groups = PublishRun.groups(of: count, readers: readers)
            #expect(groups.flatMap { Array($0) } == Array(0..<count), "\(count) on \(readers)")
            #expect(groups.allSatisfy { !$0.isEmpty && $0.count <= PublishRun.groupSize })
            // Each no bigger than the one before, but the last (what is left).
            #expect(zip(groups, groups.dropFirst()).allSatisfy { $0.count >= $1.count || $1 == groups.last })
        }
        let groups = PublishRun.groups(of: count, readers: 2)
        if count <= 100 {
            #expect(groups.count == min(count, 1))
        } else if count >= 2_000 {
            #expect(groups[0].count == PublishRun.groupSize && groups[groups.count - 2].count < PublishRun.groupSize)
        }
    }

    /// Groups of built stories arriving in any order, some empty (stories without members are left out): the
    /// newest a page shows and the count are those of the whole feed in order.
    @Test func aPublishKeepsTheNewestStoriesWhateverOrderTheirGroupsCome() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let counts = (0..<Int.random(in: 1...8, using: &generator)).map { _ in
                [0, 1, 30, 99, 100, 101, 250].randomElement(using: &generator)!
            }
            var number = 0
            let groups = counts.map { count in
                (0..<count).map { _ in
                    var story = SampleStories.story
                    story.id = "story-\(number)"
                    number += 1
                    return story
                }
            }
            var kept = PublishRun.NewestGroups(count: groups.count)
            for index in groups.indices.shuffled(using: &generator) { kept.add(index, groups[index]) }
            let all = groups.flatMap { $0 }
            #expect(kept.storyCount == all.count)
            #expect(kept.newest.map(\.id) == all.prefix(HTMLPageWriter.storiesShown).map(\.id))
        }
    }
}

/// A story to copy and vary.
enum SampleStories {
    static let story = PublishedStory(
        id: "story", title: "Title", published: nil, updated: Date(timeIntervalSince1970: 1_780_293_600),
        link: "https://a.kz/1", outlets: [PublishedOutlet(name: "Akimat", link: "https://a.kz/1")], html: "<p>text</p>",
        isFullText: true, source: PublishedSource(name: "Akimat", feedURL: "https://a.kz/rss"))
}
