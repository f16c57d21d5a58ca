import ArgumentParser
import FeedFetch
import FeedPipeline
import Foundation
import Logging

/// `feedmerge run`: the whole pipeline once (fetch, parse, store, dedupe, publish), with defaults that need no
/// flags; what a schedule runs.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Fetch every due source, merge the reposts and publish the merged feed: the whole pipeline once.",
        discussion: """
            Prints a short summary; logs to stderr (--log-level). Exits 0 when the feed was published, even with \
            failing sources; non-zero when another run holds the state, or for an unusable sources file, state or \
            output folder. Safe to kill at any moment: the next run completes normally.
            """
    )

    @OptionGroup var options: RunOptions

    func run() async throws {
        try StderrLog.bootstrap(options.logLevel)
        let report: PipelineRun.Report
        do {
            report = try await options.pipeline().run()
        } catch {
            throw CommandFailure(error.description)
        }
        print(RunSummary(report).text)
    }
}

/// The options `run` and `serve` share: where things are, and how a run behaves.
struct RunOptions: ParsableArguments {
    @OptionGroup var publish: PublishOptions

    @Option(help: "Days an entry is kept after it was first seen (a story goes with its last entry).")
    var retentionDays = Int(FetchRun.defaultRetention / 86_400)

    @Option(help: "Requests in flight at once.")
    var concurrency = FetchSettings().maxConcurrentRequests

    @Option(help: "Requests in flight at once to one host.")
    var perHost = FetchSettings().maxRequestsPerHost

    @Option(help: "Log level on stderr: \(StderrLog.levelNames).")
    var logLevel = Logger.Level.info.rawValue

    func validate() throws {
        guard retentionDays > 0 else {
            throw ValidationError("--retention-days must be a positive number of days, not \(retentionDays)")
        }
        _ = try StderrLog.level(logLevel)
    }

    func pipeline() -> PipelineRun {
        var pipeline = PipelineRun(
            sourcesPath: publish.sources, statePath: publish.state, outputPath: publish.output)
        pipeline.fetch.settings.maxConcurrentRequests = max(1, concurrency)
        pipeline.fetch.settings.maxRequestsPerHost = max(1, perHost)
        pipeline.fetch.retention = TimeInterval(retentionDays) * 86_400
        pipeline.publish = publish.publishRun()
        return pipeline
    }
}

/// What a run prints: the sources, the entries and stories, what was published, and how long it took.
struct RunSummary {
    let report: PipelineRun.Report

    init(_ report: PipelineRun.Report) {
        self.report = report
    }

    var text: String {
        var counts = (new: 0, unchanged: 0, failed: 0, skipped: 0)
        for line in report.fetch.sources {
            switch line.result {
            case .new: counts.new += 1
            case .notModified, .sameBody: counts.unchanged += 1
            case .failed: counts.failed += 1
            case .skipped: counts.skipped += 1
            }
        }
        let stories = report.fetch.stories
        let publish = report.publish
        let changed = publish.files.filter(\.changed).map(\.name)
        return [
            "sources: \(counts.new) fetched, \(counts.unchanged) not modified, \(counts.failed) failed"
                + (counts.skipped > 0 ? ", \(counts.skipped) skipped (backing off or gone)" : ""),
            "entries: \(report.fetch.history.added) new; stories: \(stories.created) new, "
                + "\(stories.merged) reposts merged" + (stories.edited > 0 ? ", \(stories.edited) edited" : ""),
            "published \(publish.stories) stories to \(publish.folder)/feed.atom"
                + (changed.isEmpty ? " (unchanged)" : " (written: \(changed.joined(separator: ", ")))")
                + " in \(FetchTable.seconds(report.duration))",
        ].joined(separator: "\n")
    }
}
