import ArgumentParser
import FeedPipeline
import FeedServe
import Foundation
import Logging
import ServiceLifecycle

/// `feedmerge serve`: for people without cron. Runs the pipeline at once and then every interval, and serves the
/// output folder over HTTP meanwhile; SIGTERM or SIGINT stops it after the run in progress, if any.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the pipeline every interval and serve the output folder over HTTP.",
        discussion: """
            The feed is at http://HOST:PORT/feed.atom (feed.json, index.html, sources.opml and status.json beside \
            it), with ETag and Last-Modified (304s) and gzip. Binds to 127.0.0.1 unless --host says otherwise. \
            SIGTERM or SIGINT lets a run in progress finish, then stops.
            """
    )

    @OptionGroup var options: RunOptions

    @Option(help: "How often to run the pipeline: 15m, 90s, 1h, 1h30m (at least a minute; a little jitter is added).")
    var every = "15m"

    @OptionGroup var server: ServerOptions

    func validate() throws {
        do {
            _ = try RunInterval(parsing: every)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        try StderrLog.bootstrap(options.logLevel)
        let logger = Logger(label: "feedmerge")
        let interval = try RunInterval(parsing: every)
        let pipeline = options.pipeline()
        let (folder, host) = (options.publish.output, server.host)
        let server = OutputServer(folder: folder, host: host, port: server.port, logger: logger) { port in
            logger.notice("serving \(folder)/ at http://\(host):\(port)/feed.atom")
        }
        let schedule = RunSchedule(every: interval, logger: logger) {
            let report = try await pipeline.run()
            logger.notice("\(RunSummary(report).text.replacingOccurrences(of: "\n", with: "; "))")
        }
        // The server first: services stop in reverse order, so a run in progress ends while the feed is served.
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [server, schedule], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}

/// Where the merged feed is served: the options of `serve` and `demo`.
struct ServerOptions: ParsableArguments {
    @Option(help: "The address to listen on (0.0.0.0 for every interface).")
    var host = OutputServer.defaultHost

    @Option(help: "The port to listen on.")
    var port = OutputServer.defaultPort

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port: \(port) is not a port (0-65535)") }
    }
}
