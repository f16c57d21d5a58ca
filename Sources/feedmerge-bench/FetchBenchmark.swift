import FeedFetch
import FeedPipeline
import Foundation
import TestHTTPServer

/// `feedmerge fetch` over 1,000 generated feeds served on loopback: a first run that fetches and parses every
/// feed, then a second in which every source answers 304; then `feedmerge publish` of the state's 1,000 and
/// 10,000 newest stories, against the first run's time.
///
/// Why this file: the fetcher's benchmark is a whole run (sources file, state file, fetching, parsing) rather
/// than a parser measurement, so it has its own child process and its own lines in the report. The feeds are
/// spread over 20 loopback addresses (127.0.0.1-20), as 20 hosts, so that the default bounds (8 requests at
/// once, 2 per host) both apply.
enum FetchBenchmark {
    static let sources = 1_000
    static let entriesPerFeed = 20
    static let hosts = 20
    static let publishedCounts = [1_000, 10_000]

    struct FetchReport: Codable, Sendable {
        var sources: Int
        var hosts: Int
        var bytes: Int
        var entries: Int
        var firstSeconds: Double
        var firstNew: Int
        var firstFailed: Int
        var secondSeconds: Double
        var secondNotModified: Int
        var secondFailed: Int
        /// `publish` of the newest 1,000 and 10,000 stories (every file written anew).
        var publishSeconds: [Double]
        var publishedStories: [Int]
        /// `ru_maxrss` with the feeds generated and served, before the first run.
        var servingRSSKB: Int
        var peakRSSKB: Int
    }

    /// The child: serves the feeds, runs `fetch` twice, reports.
    static func runChild() async throws -> FetchReport {
        var encodings: [OutputEncoding.Name: OutputEncoding] = [:]
        for name in [OutputEncoding.Name.utf8, .windows1251, .koi8r] { encodings[name] = try OutputEncoding(name) }
        var feeds: [[UInt8]] = []
        for index in 0..<sources {
            feeds.append(
                try CorpusGenerator.smallFeed(index: 10_000 + index, entries: entriesPerFeed, encodings: encodings)
                    .bytes)
        }
        let served = feeds
        var servers: [TestServer] = []
        for host in 1...hosts {
            servers.append(
                try await TestServer(host: "127.0.0.\(host)") { request in
                    guard request.path.hasPrefix("/feed/"), let index = Int(request.path.dropFirst(6)),
                        served.indices.contains(index)
                    else { return .respond(status: 404) }
                    let etag = "\"\(index)\""
                    if request.header("If-None-Match") == etag { return .respond(status: 304) }
                    return .respond(
                        status: 200, headers: [("ETag", etag), ("Content-Type", "application/xml")], body: served[index]
                    )
                })
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "feedmerge-fetch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let list = (0..<sources).map { index in
            let server = servers[index % hosts]
            return "{\"name\": \"feed \(index)\", \"url\": \"\(server.url("/feed/\(index)"))\"}"
        }
        let json =
            "{\"title\": \"bench\", \"link\": \"https://example.kz/feed.atom\", \"sources\": [\n"
            + list.joined(separator: ",\n") + "\n]}"
        let sourcesPath = folder.appendingPathComponent("sources.json").path
        try Data(json.utf8).write(to: URL(fileURLWithPath: sourcesPath))
        let run = FetchRun(sourcesPath: sourcesPath, statePath: folder.appendingPathComponent("state.sqlite").path)

        let servingRSS = Measurement.maxRSSKB()
        let clock = ContinuousClock()
        var firstStart = clock.now
        let first = try await run.run()
        let firstDuration = clock.now - firstStart
        firstStart = clock.now
        let second = try await run.run()
        let secondDuration = clock.now - firstStart
        for server in servers { try await server.shutdown() }
        var publishSeconds: [Double] = []
        var publishedStories: [Int] = []
        for stories in publishedCounts {
            var publish = PublishRun(
                sourcesPath: sourcesPath, statePath: folder.appendingPathComponent("state.sqlite").path,
                outputPath: folder.appendingPathComponent("output-\(stories)").path)
            publish.maxStories = stories
            publish.maxAge = 10 * 365 * 86_400  // the generated entries span a year
            let start = clock.now
            publishedStories.append(try publish.run().stories)
            publishSeconds.append(seconds(clock.now - start))
        }

        func count(_ report: FetchRun.Report, _ matches: (FetchRun.SourceReport.Result) -> Bool) -> Int {
            report.sources.filter { matches($0.result) }.count
        }
        let entries = first.sources.reduce(0) { total, line in
            if case .new(let entries) = line.result { return total + entries }
            return total
        }
        return FetchReport(
            sources: sources, hosts: hosts, bytes: feeds.reduce(0) { $0 + $1.count }, entries: entries,
            firstSeconds: seconds(firstDuration),
            firstNew: count(first) { if case .new = $0 { true } else { false } },
            firstFailed: count(first) { if case .failed = $0 { true } else { false } },
            secondSeconds: seconds(secondDuration),
            secondNotModified: count(second) { $0 == .notModified },
            secondFailed: count(second) { if case .failed = $0 { true } else { false } },
            publishSeconds: publishSeconds, publishedStories: publishedStories, servingRSSKB: servingRSS,
            peakRSSKB: Measurement.maxRSSKB())
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The report's lines.
    static func lines(_ report: FetchReport) -> [String] {
        let megabytes = String(format: "%.1f", Double(report.bytes) / 1e6)
        let verdict = report.secondSeconds < 1.5 ? "ok" : "OVER"
        return [
            "fetch: \(report.sources) feeds of \(entriesPerFeed) entries (\(megabytes) MB) on \(report.hosts) loopback"
                + " hosts, `feedmerge fetch` with its defaults (8 at once, 2 per host)",
            String(
                format: "  first run  %.2f s: %d new (%d entries), %d failed",
                report.firstSeconds, report.firstNew, report.entries, report.firstFailed),
            String(
                format: "  second run %.2f s: %d not modified, %d failed", report.secondSeconds,
                report.secondNotModified, report.secondFailed),
            "  peak RSS \(Report.megabytes(kilobytes: report.peakRSSKB)) MB"
                + " (\(Report.megabytes(kilobytes: report.servingRSSKB)) MB with the feeds generated and served)",
            "goal: the all-304 run under 1.5 s: \(verdict)",
        ]
            + zip(report.publishedStories, report.publishSeconds).map { stories, seconds in
                let share = seconds / report.firstSeconds
                return String(
                    format: "publish: %d stories in %.3f s = %.1f%% of the first run; goal under 5%%: %@", stories,
                    seconds, share * 100, share < 0.05 ? "ok" : "OVER")
            }
    }
}
