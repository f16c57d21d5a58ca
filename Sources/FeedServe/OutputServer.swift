import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// `feedmerge serve`'s web server: the output folder (`feed.atom`, `feed.json`, `index.html`, `sources.opml`, ...)
/// over HTTP/1.1 with Hummingbird, read-only. See `OutputResponder` for what is answered.
///
/// A `Service`: run it in a `ServiceGroup` beside the `RunSchedule`, and it stops on the group's graceful shutdown
/// (it stops accepting, finishes the requests in flight) or when its task is cancelled.
public struct OutputServer: Service {
    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 8080

    public let folder: String
    public let host: String
    /// The port asked for; 0 lets the system choose one, which `onListening` reports.
    public let port: Int
    private let logger: Logger
    private let onListening: @Sendable (_ port: Int) async -> Void

    /// - Parameters:
    ///   - folder: the folder to serve (the publisher's output folder); it may not exist yet.
    ///   - onListening: called once the server listens, with the port it listens on.
    public init(
        folder: String, host: String = defaultHost, port: Int = defaultPort, logger: Logger,
        onListening: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) {
        self.folder = folder
        self.host = host
        self.port = port
        self.logger = logger
        self.onListening = onListening
    }

    /// Serves until the task is cancelled or a graceful shutdown is triggered. Throws `ServeError.cannotListen`
    /// when it cannot listen on `host:port`.
    public func run() async throws {
        let isListening = Flag()
        let (folder, host, logger, onListening) = (folder, host, logger, onListening)
        let application = Application(
            responder: OutputResponder(folder: ServedFolder(path: folder)),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                isListening.set()
                logger.info("serving \(folder) at http://\(host):\(port)/")
                await onListening(port)
            },
            logger: logger
        )
        do {
            try await application.run()
        } catch {
            guard !isListening.isSet, !(error is CancellationError) else { throw error }
            throw ServeError.cannotListen(host: host, port: port, reason: String(describing: error))
        }
    }
}

/// A flag set once, from any thread.
private final class Flag: Sendable {
    private let value = Atomic<Bool>(false)

    var isSet: Bool { value.load(ordering: .acquiring) }

    func set() {
        value.store(true, ordering: .releasing)
    }
}
