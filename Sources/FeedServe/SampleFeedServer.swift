import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// A few feed files served at fixed paths on loopback, as the sites of `make demo`'s sources would serve them:
/// each with its own content type, and some addresses that answer with a permanent redirect.
///
/// A `Service`, like `OutputServer`: it serves until the group shuts down or its task is cancelled.
public struct SampleFeedServer: Service {
    /// One address: a file with its `Content-Type`, or a 301 to another path.
    public struct Route: Sendable {
        public var path: String
        public var file: String?
        public var contentType: String
        public var redirect: String?

        public static func file(_ path: String, _ file: String, _ contentType: String) -> Route {
            Route(path: path, file: file, contentType: contentType, redirect: nil)
        }

        public static func moved(_ path: String, to target: String) -> Route {
            Route(path: path, file: nil, contentType: "text/plain", redirect: target)
        }
    }

    private let routes: [Route]
    private let logger: Logger
    private let onListening: @Sendable (_ port: Int) async -> Void

    /// - Parameters:
    ///   - routes: every address served (anything else is 404); files are read once, here.
    ///   - onListening: called once the server listens on 127.0.0.1, with the port the system chose.
    public init(
        routes: [Route], logger: Logger, onListening: @escaping @Sendable (_ port: Int) async -> Void
    ) {
        self.routes = routes
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        let router = Router()
        for route in routes {
            if let target = route.redirect {
                router.get(RouterPath(route.path)) { _, _ in
                    Response(status: .movedPermanently, headers: [.location: target])
                }
                continue
            }
            guard let file = route.file else { continue }
            let body = try Data(contentsOf: URL(fileURLWithPath: file))
            let contentType = route.contentType
            router.get(RouterPath(route.path)) { _, _ in
                Response(
                    status: .ok, headers: [.contentType: contentType],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
            }
        }
        let onListening = onListening
        let application = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) }, logger: logger)
        try await application.run()
    }
}
