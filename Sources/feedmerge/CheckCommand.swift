import ArgumentParser
import FeedParse
import FeedSources

/// `feedmerge check`: checks `feeds/sources.json` and prints every problem at its line and column.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the sources file and print every problem with its line and column.",
        discussion: "Exits non-zero when the file has errors; warnings (unknown keys) alone exit 0."
    )

    @Option(help: "The sources file.")
    var sources = "feeds/sources.json"

    func run() throws {
        let result = SourcesChecker.forFeedmerge.check(fileAt: sources)
        for problem in result.problems { Diagnostics.warn(problem.description) }
        guard let file = result.file else {
            throw CommandFailure(
                "\(sources): \(result.errors.count) error(s); nothing was fetched or written")
        }
        let enabled = file.enabledSources.count
        print(
            "\(sources): ok, \(file.sources.count) sources (\(enabled) enabled)"
                + (result.warnings.isEmpty ? "" : ", \(result.warnings.count) warning(s)"))
    }
}

extension SourcesChecker {
    /// Charsets judged by the parser that will read the feeds.
    static let forFeedmerge = SourcesChecker(isKnownCharset: { FeedParser.isKnownCharset($0) })
}
