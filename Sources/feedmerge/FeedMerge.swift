import ArgumentParser

@main
struct FeedMerge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedmerge",
        abstract: "Merges regional press feeds into one Atom feed, reposts folded into one story.",
        version: "0.1.0",
        subcommands: [
            RunCommand.self, ServeCommand.self, DemoCommand.self, StatusCommand.self, CheckCommand.self,
            FetchCommand.self,
            PublishCommand.self, ParseCommand.self, DedupeCommand.self,
        ]
    )

    /// ArgumentParser's `main`, after the allocator's policy is set (`MallocArenas`).
    static func main() async {
        MallocArenas.limit()
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
