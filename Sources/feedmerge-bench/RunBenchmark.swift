import FeedDedupe
import Foundation
import TestHTTPServer

#if canImport(Glibc)
    import Glibc
#endif

/// `feedmerge run`, the real binary, over 1,000 generated feeds served on loopback: a first run that fetches,
/// parses, stores, merges and publishes everything, then a second in which every source answers 304; then
/// `feedmerge publish` of the state's newest 1,000 and 10,000 stories, against the first run's time.
///
/// Why this file: the full run is measured as a user runs it, one process per run, so its time and peak memory
/// are its own. A child of the benchmark generates and serves the feeds (20,000 entries, 15% of the stories
/// reposted by other outlets, the detector benchmark's generator); the parent, which stays small, spawns each run
/// and reads its peak RSS from `wait4` (a process spawned by a large one would inherit that one's peak). The feeds
/// are spread over 20 loopback addresses (127.0.0.1-20), as 20 hosts, so that the default bounds (8 requests at
/// once, 2 per host) both apply.
enum RunBenchmark {
    static let sources = 1_000
    static let entries = 20_000
    static let hosts = 20
    static let publishedCounts = [1_000, 10_000]

    /// What the serving child says once its feeds are up.
    struct Serving: Codable, Sendable {
        var bytes: Int
        var entries: Int
        var reposts: Int
        /// The child's own peak, feeds generated and served (not part of any run).
        var rssKB: Int
    }

    /// One spawned command: its wall time, its own peak RSS, its exit status and what it printed.
    struct Spawned: Sendable {
        var seconds: Double
        var peakRSSKB: Int
        var status: Int32
        var output: String
    }

    // MARK: - The serving child

    /// Generates the feeds, writes `sources.json` into `folder`, serves the feeds until standard input closes.
    static func serve(folder: URL) async throws {
        let now = Date()
        // Ten days of news, so that the run publishes its default window (the newest 100 of the last 30 days).
        let (generated, truth) = DedupeBenchmark.generate(
            count: entries, outlets: sources, days: 10, start: now.addingTimeInterval(-10 * 86_400))
        var bySource: [[DedupeEntryItem]] = Array(repeating: [], count: sources)
        for (index, entry) in generated.enumerated() {
            guard let number = Int(entry.source.dropFirst("https://outlet".count).prefix { $0.isNumber }) else {
                continue
            }
            bySource[number].append(DedupeEntryItem(entry: entry, number: index))
        }
        let feeds = bySource.enumerated().map { index, items in Array(rss(index: index, items: items).utf8) }
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
                        status: 200, headers: [("ETag", etag), ("Content-Type", "application/rss+xml; charset=utf-8")],
                        body: served[index])
                })
        }
        let list = (0..<sources).map { index in
            "{\"name\": \"Outlet \(index)\", \"url\": \"\(servers[index % hosts].url("/feed/\(index)"))\"}"
        }
        let json =
            "{\"title\": \"bench\", \"link\": \"https://example.kz/feed.atom\", \"sources\": [\n"
            + list.joined(separator: ",\n") + "\n]}"
        try Data(json.utf8).write(to: folder.appendingPathComponent("sources.json"))
        let stories = Set(truth).count
        try Measurement.printReport(
            Serving(
                bytes: feeds.reduce(0) { $0 + $1.count }, entries: generated.count, reposts: generated.count - stories,
                rssKB: Measurement.maxRSSKB()))
        fflush(nil)  // stdout is a pipe, so fully buffered: the parent waits for this line
        // Until the parent closes our standard input.
        _ = FileHandle.standardInput.readDataToEndOfFile()
        for server in servers { try await server.shutdown() }
    }

    /// An entry and its number among all generated (its guid).
    private struct DedupeEntryItem {
        var entry: DedupeEntry
        var number: Int
    }

    private static func rss(index: Int, items: [DedupeEntryItem]) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Almaty")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        var rss = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Outlet \(index)</title><link>https://outlet\(index).kz/</link>

            """
        for item in items.reversed() {
            rss += """
                <item><title>\(escaped(item.entry.title))</title>
                <link>https://outlet\(index).kz/news/\(item.number)</link><guid>outlet\(index)-\(item.number)</guid>
                <pubDate>\(formatter.string(from: item.entry.published))</pubDate>
                <description><![CDATA[\(item.entry.html)]]></description></item>

                """
        }
        return rss + "</channel></rss>\n"
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    }

    // MARK: - The parent

    static func lines() throws -> [String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedmerge-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let binary = (Bundle.main.executableURL ?? URL(fileURLWithPath: "/proc/self/exe"))
            .deletingLastPathComponent().appendingPathComponent("feedmerge").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchError("\(binary) is missing: build it first (`swift build -c release`, as `make bench` does)")
        }

        let server = Process()
        server.executableURL = Bundle.main.executableURL ?? URL(fileURLWithPath: "/proc/self/exe")
        server.arguments = ["--child", "serve", "--corpus-folder", folder.path]
        let input = Pipe()
        let output = Pipe()
        server.standardInput = input
        server.standardOutput = output
        try server.run()
        defer {
            try? input.fileHandleForWriting.close()
            server.waitUntilExit()
        }
        let serving = try JSONDecoder().decode(Serving.self, from: Data(try readLine(output.fileHandleForReading).utf8))

        let paths = [
            "--sources", folder.appendingPathComponent("sources.json").path,
            "--state", folder.appendingPathComponent("state.sqlite").path,
        ]
        let run = paths + ["--output", folder.appendingPathComponent("output").path, "--log-level", "error"]
        let first = try spawn(binary, ["run"] + run)
        let second = try spawn(binary, ["run"] + run)
        try input.fileHandleForWriting.close()
        var publishes: [(stories: Int, spawned: Spawned)] = []
        for stories in publishedCounts {
            let output = folder.appendingPathComponent("output-\(stories)").path
            let spawned = try spawn(
                binary, ["publish"] + paths + ["--output", output, "--max-stories", "\(stories)", "--max-days", "3650"])
            publishes.append((stories, spawned))
        }
        for (name, spawned) in [("first run", first), ("second run", second)] + publishes.map({ ("publish", $0.1) })
        where spawned.status != 0 {
            throw BenchError("feedmerge \(name) failed (status \(spawned.status)):\n\(spawned.output)")
        }

        let megabytes = String(format: "%.1f", Double(serving.bytes) / 1e6)
        func verdict(_ ok: Bool) -> String { ok ? "ok" : "OVER" }
        return [
            "run: `feedmerge run` over \(sources) generated feeds (\(megabytes) MB, \(serving.entries) entries, "
                + "\(serving.reposts) of them reposts) on \(hosts) loopback hosts, with its defaults",
            String(format: "  first run  %.2f s, peak RSS %@ MB: ", first.seconds, mb(first.peakRSSKB))
                + summary(first.output),
            String(format: "  second run %.2f s, peak RSS %@ MB: ", second.seconds, mb(second.peakRSSKB))
                + summary(second.output),
            "goals: first run under 20 s: \(verdict(first.seconds < 20)); second under 2 s: "
                + "\(verdict(second.seconds < 2)); peak under 300 MB: "
                // In the unit printed (10^6 bytes; `ru_maxrss` counts KiB).
                + verdict(max(first.peakRSSKB, second.peakRSSKB) * 1_024 < 300_000_000),
        ]
            + publishes.map { stories, spawned in
                let share = spawned.seconds / first.seconds
                return String(
                    format: "publish: %d stories in %.3f s = %.1f%% of the first run (peak RSS %@ MB); goal under "
                        + "5%%: %@", stories, spawned.seconds, share * 100, mb(spawned.peakRSSKB), verdict(share < 0.05)
                )
            }
    }

    private static func mb(_ kilobytes: Int) -> String {
        Report.megabytes(kilobytes: kilobytes)
    }

    /// The run's summary on one line.
    private static func summary(_ output: String) -> String {
        output.split(separator: "\n").joined(separator: "; ")
    }

    /// The first line `handle` gives (the serving child's report).
    private static func readLine(_ handle: FileHandle) throws -> String {
        var bytes: [UInt8] = []
        while true {
            let chunk = handle.availableData
            guard !chunk.isEmpty else { throw BenchError("the serving child ended before its report") }
            bytes += chunk
            if let end = bytes.firstIndex(of: UInt8(ascii: "\n")) {
                return String(decoding: bytes[..<end], as: UTF8.self)
            }
        }
    }

    /// Runs `path` with `arguments`, standard output into a file, and waits for it with `wait4`, which gives the
    /// process's own resource usage.
    static func spawn(_ path: String, _ arguments: [String]) throws -> Spawned {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)").path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let start = ContinuousClock.now
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw BenchError("cannot start \(path): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let elapsed = ContinuousClock.now - start
        let exited = status & 0x7F == 0
        return Spawned(
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            peakRSSKB: Int(usage.ru_maxrss), status: exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F),
            output: (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "")
    }
}
