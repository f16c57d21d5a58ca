import ArgumentParser
import FeedFetch
import FeedPipeline
import FeedStore
import Foundation

/// `feedmerge fetch`: fetches and parses every due source and prints what each gave.
struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch and parse every enabled source that is due, and print what each gave.",
        discussion: """
            A source is due at every run unless it backs off after failures, waits out a Retry-After, or is gone \
            (HTTP 410). Exits 0 when the run completed, even with failing sources; non-zero for an unusable \
            sources file or state.
            """
    )

    @Option(help: "The sources file.")
    var sources = "feeds/sources.json"

    @Option(help: "The state file (SQLite; created when missing).")
    var state = FetchRun.defaultStatePath

    @Flag(help: "Fetch sources that back off or wait out a Retry-After too.")
    var force = false

    @Option(help: "Requests in flight at once.")
    var concurrency = FetchSettings().maxConcurrentRequests

    @Option(help: "Requests in flight at once to one host.")
    var perHost = FetchSettings().maxRequestsPerHost

    @Option(help: "Days an entry is kept after it was first seen (a story goes with its last entry).")
    var retentionDays = Int(FetchRun.defaultRetention / 86_400)

    func validate() throws {
        guard retentionDays > 0 else {
            throw ValidationError(
                "--retention-days must be a positive number of days, not \(retentionDays) "
                    + "(it is how long entries are kept; the default is \(Int(FetchRun.defaultRetention / 86_400)))")
        }
    }

    func run() async throws {
        var settings = FetchSettings()
        settings.maxConcurrentRequests = max(1, concurrency)
        settings.maxRequestsPerHost = max(1, perHost)
        var fetch = FetchRun(sourcesPath: sources, statePath: state, settings: settings, force: force)
        fetch.retention = TimeInterval(retentionDays) * 86_400
        let lock = try RunLock.taken(forState: state)
        let report: FetchRun.Report
        do {
            report = try await fetch.run()
        } catch {
            throw CommandFailure(error.description)
        }
        lock.release()
        for warning in report.fileWarnings { Diagnostics.warn(warning.description) }
        print(FetchTable(report).text)
        let history = report.history
        print(
            "entries: \(history.added) new, \(history.edited) edited, \(history.unchanged) seen before"
                + (history.buried > 0 ? ", \(history.buried) expired before (not kept again)" : "")
                + (report.expired > 0 ? "; \(report.expired) expired now (older than the retention)" : ""))
        let stories = report.stories
        print(
            "stories: \(stories.created) new, \(stories.merged) reposts merged"
                + (stories.edited > 0 ? ", \(stories.edited) edited" : ""))
    }
}

/// The report as a table: source, HTTP status, entries, bytes, time, result.
struct FetchTable {
    let report: FetchRun.Report

    init(_ report: FetchRun.Report) {
        self.report = report
    }

    var text: String {
        var rows = [["source", "status", "entries", "bytes", "time", "result"]]
        var counts = (new: 0, unchanged: 0, failed: 0, skipped: 0)
        for line in report.sources {
            let entries: String
            let result: String
            switch line.result {
            case .new(let count):
                counts.new += 1
                (entries, result) = (String(count), "new")
            case .notModified:
                counts.unchanged += 1
                (entries, result) = ("-", "not modified")
            case .sameBody:
                counts.unchanged += 1
                (entries, result) = ("-", "not modified (same body)")
            case .skipped(let why):
                counts.skipped += 1
                (entries, result) = ("-", "skipped: \(why)")
            case .failed(let why):
                counts.failed += 1
                (entries, result) = ("-", "failed: \(why)")
            }
            let suggestion = line.suggestedURL.map { "; moved for good: set its url to \($0)" } ?? ""
            rows.append([
                line.source.name, line.status.map(String.init) ?? "-", entries, String(line.bytes),
                Self.seconds(line.duration), result + suggestion,
            ])
        }
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = rows.map { row in
            (0..<5).map { row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                + "  " + row[5]
        }
        lines.append(
            "\(report.sources.count) sources: \(counts.new) new, \(counts.unchanged) not modified, "
                + "\(counts.failed) failed, \(counts.skipped) skipped, in \(Self.seconds(report.duration))")
        return lines.joined(separator: "\n")
    }

    static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.2f s", value)
    }
}
