import ArgumentParser
import FeedParse
import Foundation

/// `feedmerge parse FILE`: prints one feed, normalized, as JSON; the way to debug a source.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse one feed file and print it, normalized, as JSON.",
        discussion: "Warnings (recovered errors) go to stderr. Exits non-zero when the file is not a feed."
    )

    @Argument(help: "The feed file; - reads standard input.")
    var file: String

    @Option(help: "The URL the document came from; relative links resolve against it.")
    var baseURL: String?

    @Option(help: "The charset the server declared (e.g. windows-1251); it beats the XML declaration.")
    var charset: String?

    @Option(help: "The time zone of dates that carry none (IANA name).")
    var timezone: String = "Asia/Almaty"

    @Flag(help: "Do not print warnings.")
    var quiet = false

    func run() throws {
        guard let zone = TimeZone(identifier: timezone) else {
            throw ValidationError("unknown time zone \"\(timezone)\" (use an IANA name such as Asia/Almaty)")
        }
        let input = InputFile(path: file)
        let data = try input.read()
        let name = input.name
        do {
            let result = try FeedParser(defaultTimeZone: zone).parse(
                data, url: baseURL, charset: charset, name: name)
            if !quiet {
                for warning in result.warnings { Diagnostics.warn("\(name): warning: \(warning)") }
            }
            print(FeedJSON.render(result.feed), terminator: "")
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
