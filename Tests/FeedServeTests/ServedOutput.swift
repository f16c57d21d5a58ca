import FeedServe
import Foundation
import Logging
import NIOCore
import NIOPosix

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A temporary output folder served by a real `OutputServer` on 127.0.0.1 (a port the system chooses), with a
/// URLSession client and a raw one.
struct ServedOutput {
    let folder: URL
    let port: Int

    /// Makes a folder with `files`, serves it while `body` runs, then stops the server (by cancelling its task)
    /// and removes the folder.
    static func with<T: Sendable>(
        _ files: [String: String], _ body: (ServedOutput) async throws -> T
    ) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedmerge-serve-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        let (ports, reportPort) = AsyncStream.makeStream(of: Int.self)
        let server = OutputServer(folder: folder.path, port: 0, logger: quietLogger) { reportPort.yield($0) }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { reportPort.finish() }
                try await server.run()
            }
            defer { group.cancelAll() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw TestFailure("the server did not start") }
            return try await body(ServedOutput(folder: folder, port: port))
        }
    }

    /// Replaces `name` as the publisher does: a temporary file beside it, renamed over it.
    func publish(_ text: String, as name: String) throws {
        let temporary = folder.appendingPathComponent(".\(name).\(getpid()).tmp")
        try Data(text.utf8).write(to: temporary)
        guard rename(temporary.path, folder.appendingPathComponent(name).path) == 0 else {
            throw TestFailure("cannot rename \(temporary.path)")
        }
    }

    /// A request through URLSession (which asks for gzip by itself and decodes it).
    func fetch(
        _ path: String, method: String = "GET", headers: [String: String] = [:]
    ) async throws -> (status: Int, headers: [String: String], body: String) {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else { throw TestFailure("bad path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await Self.session.data(for: request)
        guard let response = response as? HTTPURLResponse else { throw TestFailure("not an HTTP response") }
        var fields: [String: String] = [:]
        for case (let name as String, let value as String) in response.allHeaderFields {
            fields[name.lowercased()] = value
        }
        return (response.statusCode, fields, String(decoding: data, as: UTF8.self))
    }

    /// The exact bytes of `request` (HTTP/1.1, `Connection: close` added) and the exact bytes of the answer: no
    /// path clean-up, no decoding, nothing added.
    func send(_ requestLine: String, headers: [String] = []) async throws -> RawReply {
        let request = ([requestLine, "Host: 127.0.0.1", "Connection: close"] + headers).joined(separator: "\r\n")
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        var received: [UInt8] = []
        try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: request + "\r\n\r\n"))
            for try await chunk in inbound { received.append(contentsOf: chunk.readableBytesView) }
        }
        return try RawReply(received)
    }

    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return URLSession(configuration: configuration)
    }()
}

/// An HTTP/1.1 response as it came over the wire.
struct RawReply {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    init(_ bytes: [UInt8]) throws {
        let separator = Array("\r\n\r\n".utf8)
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) else {
            throw TestFailure("no end of headers in \(bytes.count) bytes")
        }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusLine = lines[0].split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw TestFailure("status line \(lines[0])")
        }
        self.status = status
        headers = lines.dropFirst().compactMap { line in
            line.firstIndex(of: ":").map {
                (String(line[..<$0]).lowercased(), line[line.index(after: $0)...].trimmingCharacters(in: .whitespaces))
            }
        }
        body = Array(bytes[(end + separator.count)...])
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name == name.lowercased() }?.value
    }
}
