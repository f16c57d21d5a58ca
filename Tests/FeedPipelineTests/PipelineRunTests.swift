import FeedModel
import FeedPipeline
import FeedStore
import Foundation
import Logging
import Synchronization
import TestHTTPServer
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `feedmerge run` end to end: feeds served on 127.0.0.1, a real state file, a real output folder, and for the
/// crash test the real `feedmerge` binary, killed with SIGKILL.
@Suite(.serialized)
struct PipelineRunTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedmerge-run-\(UUID().uuidString)")
    var sourcesPath: String { folder.appendingPathComponent("sources.json").path }
    var statePath: String { folder.appendingPathComponent("state/state.sqlite").path }
    var outputPath: String { folder.appendingPathComponent("output").path }
    var feedPath: String { outputPath + "/feed.atom" }

    /// An akimat (origin), a newspaper and an agency, as `StoryRunTests` serves them; `/agency` fails on demand.
    func withSources(
        _ feeds: StoryRunTests.Feeds, agencyFails: Flag = Flag(), delay: Duration = .zero,
        _ body: (TestServer) async throws -> Void
    ) async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let route: @Sendable (TestServer.Request) -> TestServer.Reply = { request in
            let reply = request.path == "/agency" && agencyFails.isSet ? .respond(status: 500) : feeds.route(request)
            return delay == .zero ? reply : .delayed(delay, reply)
        }
        try await TestServer.run(route) { server in
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let json = """
                {"title": "Новости региона", "id": "tag:example.kz,2026:region", "link": "https://example.kz/feed.atom",
                 "sources": [
                  {"name": "Акимат", "url": "\(server.url("/akimat"))", "role": "origin"},
                  {"name": "Газета", "url": "\(server.url("/paper"))"},
                  {"name": "Агентство", "url": "\(server.url("/agency"))"}
                ]}
                """
            try Data(json.utf8).write(to: URL(fileURLWithPath: sourcesPath))
            try await body(server)
        }
    }

    var pipeline: PipelineRun {
        var pipeline = PipelineRun(sourcesPath: sourcesPath, statePath: statePath, outputPath: outputPath)
        pipeline.logger.logLevel = .critical  // the failing agency's warning is expected
        return pipeline
    }

    /// The published feed's entries: (id, alternate link, related links), checked well-formed on the way.
    func publishedEntries() throws -> [(id: String, links: [String])] {
        let data = try #require(FileManager.default.contents(atPath: feedPath))
        let reader = AtomEntries()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        #expect(parser.parse(), "feed.atom is not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
        return reader.entries
    }

    @Test func twoRunsPublishTheMergedFeedThroughARepostAndAFailingSource() async throws {
        let feeds = StoryRunTests.Feeds()
        feeds.serve("/akimat", [StoryRunTests.release(), StoryRunTests.roads])
        feeds.serve("/paper", [])
        feeds.serve("/agency", [])
        let failing = Flag()
        try await withSources(feeds, agencyFails: failing) { server in
            let first = try await pipeline.run(now: StoryRunTests.firstRun)
            #expect(first.fetch.stories.created == 2)
            #expect(first.publish.stories == 2)
            let before = try publishedEntries()
            #expect(before.count == 2)

            // The newspaper reposts the release; the agency breaks.
            feeds.serve("/paper", [StoryRunTests.repost])
            failing.set()
            let second = try await pipeline.run(now: StoryRunTests.secondRun)
            #expect(second.fetch.stories == StoryChange(merged: 1))
            let agency = try #require(second.fetch.sources.first { $0.source.name == "Агентство" })
            guard case .failed = agency.result else {
                Issue.record("the agency's 500 is not reported as a failure: \(agency.result)")
                return
            }
            let after = try publishedEntries()
            #expect(after.map(\.id) == before.map(\.id))
            let school = try #require(after.first { $0.links.contains(StoryRunTests.releaseLink) })
            #expect(school.links.contains("https://ekibastuz-gazeta.kz/obshestvo/77"))

            // Nothing new: every file is left as it was.
            let third = try await pipeline.run(now: StoryRunTests.secondRun.addingTimeInterval(900))
            #expect(third.publish.files.filter(\.changed).map(\.name) == [])

            // The newspaper is taken out of the sources file: no longer fetched, its repost stays in the story,
            // under its feed's own title.
            let sources = try String(contentsOfFile: sourcesPath, encoding: .utf8)
            try sources.replacingOccurrences(of: #"{"name": "Газета", "url": "\#(server.url("/paper"))"},"#, with: "")
                .write(toFile: sourcesPath, atomically: true, encoding: .utf8)
            let requests = server.counts.withLock { $0.byPath["/paper"] ?? 0 }
            let fourth = try await pipeline.run(now: StoryRunTests.secondRun.addingTimeInterval(1_800))
            #expect(fourth.fetch.sources.map(\.source.name) == ["Акимат", "Агентство"])
            #expect(server.counts.withLock { $0.byPath["/paper"] ?? 0 } == requests)
            #expect(
                try publishedEntries().first { $0.links.contains(StoryRunTests.releaseLink) }?.links == school.links)
            let feed = try String(contentsOfFile: feedPath, encoding: .utf8)
            #expect(
                feed.contains(
                    #"<link rel="related" type="text/html" href="https://ekibastuz-gazeta.kz/obshestvo/77" title="/paper"/>"#
                ))
        }
    }

    @Test func aSecondRunWhileOneHoldsTheStateDoesNothingAndSaysWhy() async throws {
        let feeds = StoryRunTests.Feeds()
        feeds.serve("/akimat", [StoryRunTests.release()])
        feeds.serve("/paper", [])
        feeds.serve("/agency", [])
        try await withSources(feeds) { _ in
            let held = try RunLock(forState: statePath)
            do throws(PipelineRun.RunError) {
                _ = try await pipeline.run(now: StoryRunTests.firstRun)
                Issue.record("a run went ahead while another held the lock")
            } catch {
                guard case .locked = error else {
                    Issue.record("not refused for the lock: \(error)")
                    return
                }
                #expect(error.description.contains("another feedmerge run holds this state's lock (pid \(getpid())"))
            }
            #expect(!FileManager.default.fileExists(atPath: statePath))
            #expect(!FileManager.default.fileExists(atPath: feedPath))
            held.release()
            #expect(try await pipeline.run(now: StoryRunTests.firstRun).publish.stories == 1)
        }
    }

    /// The real binary, killed with SIGKILL at moments spread over a run (fetching, merging, publishing), a
    /// first run and then a second one over a published feed: the output folder holds no feed or a whole
    /// one (the old or the new), and the next run completes with the feed it should have.
    @Test func aRunKilledAtAnyMomentLeavesAWholeFeedAndTheNextRunCompletes() async throws {
        let binary = Bundle.main.bundleURL.appendingPathComponent("feedmerge")
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path), "feedmerge is not built at \(binary.path)")
        let feeds = StoryRunTests.Feeds()
        feeds.serve("/akimat", [StoryRunTests.release(), StoryRunTests.roads])
        feeds.serve("/paper", [])
        feeds.serve("/agency", [])
        // Each feed answers after 150 ms, so that a run lasts long enough to be killed in each of its stages.
        try await withSources(feeds, delay: .milliseconds(150)) { _ in
            func run(killAfter delay: Duration?) async throws -> Int32 {
                let process = Process()
                process.executableURL = binary
                process.arguments = [
                    "run", "--sources", sourcesPath, "--state", statePath, "--output", outputPath,
                    "--log-level", "error", "--max-days", "3650",  // the items are dated 2026-06-01
                ]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                if let delay {
                    try await Task.sleep(for: delay)
                    kill(process.processIdentifier, SIGKILL)
                }
                process.waitUntilExit()
                return process.terminationStatus
            }
            // First over an empty folder, then, once a run has published, with a repost that changes the feed.
            var outcomes: [String] = []
            let delays = [20, 80, 150, 250, 400, 300, 450, 600, 700, 780, 860, 950, 1_100]
            for (round, milliseconds) in delays.enumerated() {
                if round == 5 {
                    #expect(try await run(killAfter: nil) == 0)
                    feeds.serve("/paper", [StoryRunTests.repost])
                }
                let status = try await run(killAfter: .milliseconds(milliseconds))
                guard FileManager.default.fileExists(atPath: feedPath) else {
                    outcomes.append("\(milliseconds) ms: \(status), no feed")
                    continue
                }
                // Whole: the old feed or the new, never a part of one.
                let entries = try publishedEntries()
                #expect(entries.count == 2, "killed after \(milliseconds) ms: \(entries.count) entries")
                let merged = entries.contains { $0.links.contains("https://ekibastuz-gazeta.kz/obshestvo/77") }
                outcomes.append("\(milliseconds) ms: \(status), \(merged ? "new" : "old") feed")
            }
            #expect(try await run(killAfter: nil) == 0, "after \(outcomes)")
            let entries = try publishedEntries()
            #expect(entries.count == 2)
            #expect(entries.contains { $0.links.contains("https://ekibastuz-gazeta.kz/obshestvo/77") })
            // The state is whole too: every entry has its story.
            let state = try StateStore(path: statePath)
            #expect(try state.storedEntries().allSatisfy { $0.story != nil })
            #expect(try state.stories().count == 2)
        }
    }
}

/// A flag a test sets while a server's route reads it.
final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}

/// The entries of an Atom document: each id and the hrefs of its links.
final class AtomEntries: NSObject, XMLParserDelegate {
    private(set) var entries: [(id: String, links: [String])] = []
    private var text = ""
    private var inEntry = false

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        text = ""
        if name == "entry" {
            inEntry = true
            entries.append((id: "", links: []))
        } else if name == "link", inEntry, let href = attributes["href"], !entries.isEmpty {
            entries[entries.count - 1].links.append(href)
        } else if name == "source" {
            inEntry = false  // atom:source's id and links are the feed's, not the entry's
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "id", inEntry, !entries.isEmpty, entries[entries.count - 1].id.isEmpty {
            entries[entries.count - 1].id = text.trimmingCharacters(in: .whitespacesAndNewlines)
        } else if name == "source" {
            inEntry = true
        } else if name == "entry" {
            inEntry = false
        }
    }
}
