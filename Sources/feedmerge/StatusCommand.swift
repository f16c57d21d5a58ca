import ArgumentParser
import FeedPipeline
import FeedSources
import Foundation

/// `feedmerge status`: each source's health, from the sources file and the state.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each source's health: last success, last error, back-off, 410 Gone, a new URL to use.",
        discussion: """
            Lists every source of the sources file, enabled or not, and the sources only the state still \
            remembers. A state file that does not exist yet means no source has been fetched (it is not \
            created). `--json` prints what `output/status.json` holds.
            """
    )

    @Option(help: "The sources file.")
    var sources = "feeds/sources.json"

    @Option(help: "The state file written by `feedmerge fetch` or `feedmerge run`.")
    var state = FetchRun.defaultStatePath

    @Flag(help: "Print the report as JSON (the same as output/status.json).")
    var json = false

    func run() throws {
        let loaded: (report: StatusReport, warnings: [SourcesProblem])
        do {
            loaded = try StatusReport.load(sourcesPath: sources, statePath: state, now: Date())
        } catch {
            throw CommandFailure(error.description)
        }
        for warning in loaded.warnings { Diagnostics.warn(warning.description) }
        if !FileManager.default.fileExists(atPath: state) {
            Diagnostics.warn("\(state): no state yet; no source has been fetched")
        }
        if json {
            FileHandle.standardOutput.write(Data(loaded.report.json()))
        } else {
            print(loaded.report.text(), terminator: "")
        }
    }
}
