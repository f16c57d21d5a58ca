import ArgumentParser
import FeedPipeline
import FeedServe
import Foundation
import Logging
import ServiceLifecycle

/// `feedmerge demo` (`make demo`): the first thing a new user runs, offline. Serves the sample press-centre feeds
/// of `feeds/demo/` on loopback, runs the whole pipeline against them, says what was merged and where the feed
/// is, and serves it for a reader to subscribe to.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Offline demo: merge sample regional feeds served on loopback, then serve the merged feed.",
        discussion: """
            The sample feeds (feeds/demo/, see its README) are Russian and Kazakh releases of akimats and a \
            maslikhat and their reposts by outlets; one is in windows-1251, one moved (301), one is broken. Their \
            state is kept apart from the real one (--state), so the demo can be run again at any time.
            """
    )

    @Option(help: "The folder of the sample feeds and their sources.json.")
    var feeds = "feeds/demo"

    @Option(help: "The demo's own state file.")
    var state = ".feedmerge/demo.sqlite"

    @Option(help: "The folder the merged feed is written to.")
    var output = PublishRun.defaultOutputPath

    @OptionGroup var server: ServerOptions

    @Flag(help: "Run once and exit, without serving the merged feed.")
    var noServe = false

    @Option(help: "Log level on stderr: \(StderrLog.levelNames).")
    var logLevel = Logger.Level.warning.rawValue

    func validate() throws {
        _ = try StderrLog.level(logLevel)
    }

    /// Where each sample feed is served, as the sites would serve it.
    static func routes(in folder: String) -> [SampleFeedServer.Route] {
        let rss = "application/rss+xml; charset=utf-8"
        return [
            .file("/akimat-almaty/rss", folder + "/akimat-almaty.xml", rss),
            .file("/akimat-shymkent/atom", folder + "/akimat-shymkent.xml", "application/atom+xml; charset=utf-8"),
            .file("/maslikhat/rss", folder + "/maslikhat-almaty.xml", rss),
            .file("/vecherniy/rss", folder + "/vecherniy-gorod.xml", rss),
            // windows-1251, said only by the XML declaration.
            .file("/region-info/regions.xml", folder + "/region-info.xml", "text/xml"),
            .moved("/ontustik/rss", to: "/ontustik/new/rss"),
            .file("/ontustik/new/rss", folder + "/ontustik.xml", rss),
            // A proxy's error page, with status 200.
            .file("/broken/rss", folder + "/broken.xml", "text/xml"),
        ]
    }

    func run() async throws {
        try StderrLog.bootstrap(logLevel)
        let logger = Logger(label: "feedmerge")
        let sourcesTemplate = feeds + "/sources.json"
        guard let template = try? String(contentsOfFile: sourcesTemplate, encoding: .utf8) else {
            throw CommandFailure("\(sourcesTemplate): cannot read the demo's sources (run from the checkout's root)")
        }
        let (feedsStarted, feedsPort) = AsyncStream.makeStream(of: Int.self)
        let sampleFeeds = SampleFeedServer(routes: Self.routes(in: feeds), logger: logger) { port in
            feedsPort.yield(port)
        }
        let demo = DemoRun(
            template: template, statePath: state, outputPath: output, feedsStarted: feedsStarted, serves: !noServe,
            address: "http://\(server.host):\(server.port)/feed.atom", logger: logger)
        typealias Configured = ServiceGroupConfiguration.ServiceConfiguration
        // The demo's end (after its run with --no-serve, at Ctrl-C otherwise) ends the servers too.
        var services = [
            Configured(service: sampleFeeds),
            Configured(service: demo, successTerminationBehavior: .gracefullyShutdownGroup),
        ]
        if !noServe {
            let served = OutputServer(folder: output, host: server.host, port: server.port, logger: logger)
            services.insert(Configured(service: served), at: 0)
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}

/// The demo's run, once the sample feeds are served: the sources file with their port, the pipeline, the report.
/// Then it waits for the end (Ctrl-C) while the merged feed is served, or ends the demo at once.
private struct DemoRun: Service {
    let template: String
    let statePath: String
    let outputPath: String
    let feedsStarted: AsyncStream<Int>
    let serves: Bool
    let address: String
    let logger: Logger

    func run() async throws {
        var ports = feedsStarted.makeAsyncIterator()
        guard let port = await ports.next() else { return }
        let folder = (statePath as NSString).deletingLastPathComponent
        let sourcesPath = (folder.isEmpty ? "." : folder) + "/demo-sources.json"
        try FileManager.default.createDirectory(
            atPath: folder.isEmpty ? "." : folder, withIntermediateDirectories: true)
        let sources = template.replacingOccurrences(of: ":PORT/", with: ":\(port)/")
            .replacingOccurrences(of: "http://127.0.0.1:8080/feed.atom", with: address)
        try Data(sources.utf8)
            .write(to: URL(fileURLWithPath: sourcesPath))
        var pipeline = PipelineRun(
            sourcesPath: sourcesPath, statePath: statePath, outputPath: outputPath, logger: logger)
        // The samples are dated late November 2026: kept and shown whenever the demo runs.
        pipeline.fetch.retention = 3_650 * 86_400
        pipeline.publish.maxAge = 3_650 * 86_400
        let report: PipelineRun.Report
        do {
            report = try await pipeline.run()
        } catch {
            throw CommandFailure(error.description)
        }
        print("feedmerge demo: the sample feeds of feeds/demo/ served at http://127.0.0.1:\(port)/\n")
        print(FetchTable(report.fetch).text + "\n")
        print(RunSummary(report).text + "\n")
        guard serves else { return }
        print(
            """
            The merged feed is in \(outputPath)/ (feed.atom, feed.json, index.html, sources.opml, status.json) and \
            served at
              \(address)
            Subscribe to it in any feed reader, or open \(address.replacingOccurrences(of: "feed.atom", with: "")) \
            in a browser. Ctrl-C stops the demo.
            """)
        fflush(nil)  // into a pipe or a file, standard output would wait until the demo ends
        try await gracefulShutdown()
    }
}
