import ArgumentParser
import FeedPipeline
import FeedStore
import Foundation

/// `feedmerge publish`: writes the merged feed from the state.
struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Write the merged feed (feed.atom and the files beside it) from the state into the output folder.",
        discussion: """
            Each file is written atomically (a temporary file, flushed, then renamed) and only when its bytes \
            change, so a run that changed nothing leaves every file as it was. Run `feedmerge fetch` first.
            """
    )

    @OptionGroup var options: PublishOptions

    func run() throws {
        guard FileManager.default.fileExists(atPath: options.state) else {
            throw CommandFailure("\(options.state): no state yet; run `feedmerge fetch` first")
        }
        let publish = options.publishRun()
        let lock = try RunLock.taken(forState: options.state)
        let report: PublishRun.Report
        do {
            report = try publish.run()
        } catch {
            throw CommandFailure(error.description)
        }
        lock.release()
        let files = report.files.map { "\($0.name)\($0.changed ? "" : " (unchanged)")" }
        print("published \(report.stories) stories to \(report.folder)/: " + files.joined(separator: ", "))
    }
}

/// Where the state is and where the feed goes, and which stories it holds: the options of `publish`, and of
/// `run` and `serve`.
struct PublishOptions: ParsableArguments {
    @Option(help: "The sources file (the merged feed's title, id and link; the outlets' names).")
    var sources = "feeds/sources.json"

    @Option(help: "The state file (SQLite; created when missing).")
    var state = FetchRun.defaultStatePath

    @Option(help: "The folder the merged feed and the files beside it are written to.")
    var output = PublishRun.defaultOutputPath

    @Option(help: "At most this many stories in the feed, the most recently updated first.")
    var maxStories = PublishRun().maxStories

    @Option(help: "No story in the feed updated more than this many days ago.")
    var maxDays = Int(PublishRun().maxAge / 86_400)

    func validate() throws {
        guard maxStories > 0 else { throw ValidationError("--max-stories must be positive, not \(maxStories)") }
        guard maxDays > 0 else { throw ValidationError("--max-days must be positive, not \(maxDays)") }
    }

    func publishRun() -> PublishRun {
        var publish = PublishRun(sourcesPath: sources, statePath: state, outputPath: output)
        publish.maxStories = maxStories
        publish.maxAge = TimeInterval(maxDays) * 86_400
        return publish
    }
}
