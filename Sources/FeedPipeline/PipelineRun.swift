import FeedPublish
import FeedStore
import Foundation
import Logging

/// `feedmerge run`: the whole pipeline once, under the state's run lock: fetch every due source, parse, record
/// and merge the reposts into stories (`FetchRun`), then publish the merged feed (`PublishRun`).
///
/// Safe to kill at any moment: the state changes only in transactions, and the published files are replaced
/// whole, so the next run finds the old state or the new, the old feed or the new, and simply completes.
public struct PipelineRun: Sendable {
    public var fetch: FetchRun
    public var publish: PublishRun
    public var logger: Logger

    public init(
        sourcesPath: String = "feeds/sources.json", statePath: String = FetchRun.defaultStatePath,
        outputPath: String = PublishRun.defaultOutputPath, logger: Logger = Logger(label: "feedmerge")
    ) {
        fetch = FetchRun(sourcesPath: sourcesPath, statePath: statePath)
        publish = PublishRun(sourcesPath: sourcesPath, statePath: statePath, outputPath: outputPath)
        self.logger = logger
    }

    public struct Report: Sendable {
        public var fetch: FetchRun.Report
        public var publish: PublishRun.Report
        /// The whole run, lock to last file.
        public var duration: Duration
    }

    /// Why a run did not publish. Each case says what was left as it was.
    public enum RunError: Error, Sendable, CustomStringConvertible {
        /// Another run holds the state (or its lock file cannot be used): nothing was done.
        case locked(RunLockError)
        case fetch(FetchRun.RunError)
        case publish(PublishRun.RunError)

        public var description: String {
            switch self {
            case .locked(let error): error.description
            case .fetch(let error):
                error.description + "\nnothing was published; the feed published before is unchanged"
            case .publish(let error): "fetched, but not published: " + error.description
            }
        }
    }

    public func run(now: Date = Date()) async throws(RunError) -> Report {
        let clock = ContinuousClock()
        let start = clock.now
        let lock: RunLock
        do {
            lock = try RunLock(forState: fetch.statePath, now: now)
        } catch {
            throw .locked(error)
        }
        logger.info("run started", metadata: ["sources": "\(fetch.sourcesPath)", "state": "\(fetch.statePath)"])
        let fetched: FetchRun.Report
        do {
            fetched = try await fetch.run(now: now)
        } catch {
            throw .fetch(error)
        }
        log(fetched)
        let published: PublishRun.Report
        do {
            published = try publish.run(now: now)
        } catch {
            throw .publish(error)
        }
        writeStatus(now: now)
        let changed = published.files.filter(\.changed).map(\.name)
        logger.info(
            "published",
            metadata: [
                "stories": "\(published.stories)", "folder": "\(published.folder)",
                "changed": "\(changed.isEmpty ? "none" : changed.joined(separator: ","))",
            ])
        // Held to here; a run that throws lets it go on the way out.
        lock.release()
        return Report(fetch: fetched, publish: published, duration: clock.now - start)
    }

    /// `status.json` beside the feed, for monitoring: every source's health after this run. A failure here is
    /// logged, not fatal: the feed is published.
    private func writeStatus(now: Date) {
        do {
            try StatusReport.load(sourcesPath: fetch.sourcesPath, statePath: fetch.statePath, now: now).report
                .write(to: OutputFolder(path: publish.outputPath))
        } catch {
            logger.warning("\(StatusReport.fileName) not written: \(error)")
        }
    }

    /// The fetch stage in the log: a line per source at debug level, failures and moves as warnings.
    private func log(_ report: FetchRun.Report) {
        for warning in report.fileWarnings { logger.warning("\(warning.description)") }
        for line in report.sources {
            var metadata: Logger.Metadata = ["source": "\(line.source.name)", "url": "\(line.source.url)"]
            if let status = line.status { metadata["status"] = "\(status)" }
            switch line.result {
            case .new(let entries):
                metadata["entries"] = "\(entries)"
                logger.debug("fetched", metadata: metadata)
            case .notModified, .sameBody: logger.debug("not modified", metadata: metadata)
            case .skipped(let why): logger.info("skipped: \(why)", metadata: metadata)
            case .failed(let why): logger.warning("failed: \(why)", metadata: metadata)
            }
            if let moved = line.suggestedURL {
                logger.warning("moved for good: set its url in the sources file to \(moved)", metadata: metadata)
            }
        }
        let stories = report.stories
        logger.info(
            "fetched",
            metadata: [
                "new entries": "\(report.history.added)", "stories": "\(stories.created)",
                "reposts merged": "\(stories.merged)",
            ])
    }
}
