import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real HTTP/1.1 server on 127.0.0.1 for tests (a test helper, not part of feedmerge), answering each path as the test scripts it,
/// including the ways real servers misbehave: never answering, cutting a body short, answering slowly.
public final class TestServer: Sendable {
    public struct Request: Sendable {
        public var path: String
        public var headers: [(String, String)]

        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    public enum Reply: Sendable {
        case respond(status: Int, headers: [(String, String)] = [], body: [UInt8] = [])
        /// Reads the request and never answers.
        case hang
        /// Declares `declared` bytes, sends `body` (fewer), and closes the connection.
        case truncated(declared: Int, body: [UInt8])
        /// Answers after a pause (to keep requests in flight together).
        indirect case delayed(Duration, Reply)
    }

    public struct Counts: Sendable {
        public var requests = 0
        public var inFlight = 0
        public var maxInFlight = 0
        public var byPath: [String: Int] = [:]

        public init() {}
    }

    /// What the server saw, shared with its connections' handlers.
    public final class Tally: Sendable {
        private let counts = Mutex(Counts())

        public func withLock<T>(_ body: (inout Counts) -> T) -> T {
            counts.withLock { body(&$0) }
        }
    }

    public let host: String
    public let port: Int
    public let counts = Tally()
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel

    /// Starts a server on `host` (any address of the loopback network: 127.0.0.2 is another host to a client).
    public init(host: String = "127.0.0.1", _ route: @escaping @Sendable (Request) -> Reply) async throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let counts = self.counts
        channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 512)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMapThrowing {
                    try channel.pipeline.syncOperations.addHandler(RouteHandler(route: route, counts: counts))
                }
            }
            .bind(host: host, port: 0).get()
        port = channel.localAddress?.port ?? 0
        self.host = host
    }

    /// Runs `body` with a server answering by `route`, and shuts the server down however `body` ends (a
    /// server left running keeps the test process from exiting).
    public static func run<T>(
        host: String = "127.0.0.1", _ route: @escaping @Sendable (Request) -> Reply,
        body: (TestServer) async throws -> T
    ) async throws -> T {
        let server = try await TestServer(host: host, route)
        do {
            let value = try await body(server)
            try await server.shutdown()
            return value
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    public func url(_ path: String) -> String { "http://\(host):\(port)\(path)" }

    public func shutdown() async throws {
        try await channel.close()
        try await group.shutdownGracefully()
    }
}

private final class RouteHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let route: @Sendable (TestServer.Request) -> TestServer.Reply
    let counts: TestServer.Tally
    private var head: HTTPRequestHead?
    private var isInFlight = false

    init(route: @escaping @Sendable (TestServer.Request) -> TestServer.Reply, counts: TestServer.Tally) {
        self.route = route
        self.counts = counts
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body:
            break
        case .end:
            guard let head else { return }
            let request = TestServer.Request(path: head.uri, headers: head.headers.map { ($0.name, $0.value) })
            counts.withLock {
                $0.requests += 1
                $0.inFlight += 1
                $0.maxInFlight = max($0.maxInFlight, $0.inFlight)
                $0.byPath[head.uri, default: 0] += 1
            }
            isInFlight = true
            reply(route(request), context: context, keepAlive: head.isKeepAlive)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish()
        context.fireChannelInactive()
    }

    private func finish() {
        guard isInFlight else { return }
        isInFlight = false
        counts.withLock { $0.inFlight -= 1 }
    }

    private func reply(_ reply: TestServer.Reply, context: ChannelHandlerContext, keepAlive: Bool) {
        switch reply {
        case .hang:
            return
        case .delayed(let pause, let inner):
            let nanoseconds = pause.components.seconds * 1_000_000_000 + pause.components.attoseconds / 1_000_000_000
            context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(nanoseconds)) {
                self.reply(inner, context: context, keepAlive: keepAlive)
            }
        case .truncated(let declared, let body):
            var headers = HTTPHeaders([("Content-Length", String(declared)), ("Content-Type", "application/rss+xml")])
            headers.add(name: "Connection", value: "close")
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil
            )
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
            context.flush()
            finish()
            context.close(promise: nil)
        case .respond(let status, let extra, let body):
            var headers = HTTPHeaders(extra)
            if !headers.contains(name: "Content-Length") {
                headers.add(name: "Content-Length", value: String(body.count))
            }
            if !keepAlive { headers.add(name: "Connection", value: "close") }
            let head = HTTPResponseHead(
                version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            if !body.isEmpty {
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            finish()
            if !keepAlive { context.close(promise: nil) }
        }
    }
}
