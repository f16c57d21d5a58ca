import ArgumentParser
import FeedPipeline
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

    @Option(help: "The sources file (the merged feed's title, id and link; the outlets' names).")
    var sources = "feeds/sources.json"

    @Option(help: "The state file written by `feedmerge fetch`.")
    var state = FetchRun.defaultStatePath

    @Option(help: "The folder the files are written to.")
    var output = PublishRun.defaultOutputPath

    @Option(help: "At most this many stories, the most recently updated first.")
    var maxStories = PublishRun().maxStories

    @Option(help: "No story updated more than this many days ago.")
    var maxDays = Int(PublishRun().maxAge / 86_400)

    func validate() throws {
        guard maxStories > 0 else { throw ValidationError("--max-stories must be positive, not \(maxStories)") }
        guard maxDays > 0 else { throw ValidationError("--max-days must be positive, not \(maxDays)") }
    }

    func run() throws {
        guard FileManager.default.fileExists(atPath: state) else {
            throw CommandFailure("\(state): no state yet; run `feedmerge fetch` first")
        }
        var publish = PublishRun(sourcesPath: sources, statePath: state, outputPath: output)
        publish.maxStories = maxStories
        publish.maxAge = TimeInterval(maxDays) * 86_400
        let report: PublishRun.Report
        do {
            report = try publish.run()
        } catch {
            throw CommandFailure(error.description)
        }
        let files = report.files.map { "\($0.name)\($0.changed ? "" : " (unchanged)")" }
        print("published \(report.stories) stories to \(report.folder)/: " + files.joined(separator: ", "))
    }
}
