import ArgumentParser
import FeedDedupe
import Foundation

/// `feedmerge dedupe --input entries.jsonl`: the repost detector on its own, for evaluation against labelled
/// data; it runs the same code as `feedmerge run`.
struct DedupeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedupe",
        abstract: "Group entries into stories and print which story each entry belongs to.",
        discussion: """
            Reads JSON Lines, one entry a line: {"uid", "source_feed", "url", "title", "published" (RFC 3339), \
            "content_html" or "summary_html"}. Prints one JSON object mapping every uid to its story's id (the \
            uid of the story's first entry).
            """
    )

    @Option(help: "The entries, JSON Lines; - reads standard input.")
    var input: String

    @Option(help: "How many days after a story's first entry a repost may join it.")
    var windowDays: Double = 3

    func run() throws {
        let file = InputFile(path: input)
        let data = try file.read()
        let entries: [DedupeEntry]
        do {
            entries = try DedupeInput.read(data, name: file.name)
        } catch {
            throw CommandFailure(error.description)
        }
        var settings = Deduplicator.Settings()
        settings.window = windowDays * 86_400
        let stories = Deduplicator(settings: settings).stories(of: entries)
        var result: [String: String] = [:]
        for (index, entry) in entries.enumerated() { result[entry.uid] = entries[stories[index]].uid }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        FileHandle.standardOutput.write(try encoder.encode(result))
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}
