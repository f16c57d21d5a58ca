import CompressNIO
import FeedServe
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Testing

/// The real server on 127.0.0.1 serving a temporary folder, asked by URLSession and by a raw client.
@Suite(.timeLimit(.minutes(2)))
struct OutputServerTests {
    static let feed =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
        + String(repeating: "<entry><title>Новости Алматы</title></entry>", count: 20) + "</feed>\n"
    static let files = [
        "feed.atom": feed, "feed.json": "{\"version\": \"https://jsonfeed.org/version/1.1\"}",
        "index.html": "<!doctype html><title>feedmerge</title>", "sources.opml": "<opml version=\"2.0\"/>",
        "status.json": "{}", "notes.bin": "x", ".feed.atom.1.tmp": "half a feed",
    ]

    @Test(arguments: [
        ("/feed.atom", "application/atom+xml; charset=utf-8", feed),
        ("/feed.json", "application/feed+json; charset=utf-8", files["feed.json"] ?? ""),
        ("/", "text/html; charset=utf-8", files["index.html"] ?? ""),
        ("/index.html", "text/html; charset=utf-8", files["index.html"] ?? ""),
        ("/sources.opml", "text/x-opml; charset=utf-8", files["sources.opml"] ?? ""),
        ("/status.json", "application/json; charset=utf-8", "{}"),
        ("/notes.bin", "application/octet-stream", "x"),
        ("/feed.atom?utm_source=x", "application/atom+xml; charset=utf-8", feed),
    ])
    func aFileIsServedWithItsType(_ path: String, _ type: String, _ body: String) async throws {
        try await ServedOutput.with(Self.files) { served in
            let reply = try await served.fetch(path)
            #expect(reply.status == 200)
            #expect(reply.headers["content-type"] == type)
            #expect(reply.body == body)
            #expect(reply.headers["x-content-type-options"] == "nosniff")
            #expect(reply.headers["cache-control"] == "no-cache")
            #expect(reply.headers["etag"]?.hasPrefix("\"") == true)
            #expect(reply.headers["last-modified"]?.hasSuffix(" GMT") == true)
        }
    }

    @Test func theSameFileWithItsTagIsNotSentAgainUntilItIsReplaced() async throws {
        try await ServedOutput.with(Self.files) { served in
            let first = try await served.fetch("/feed.atom")
            let tag = try #require(first.headers["etag"])
            let again = try await served.fetch("/feed.atom", headers: ["If-None-Match": tag])
            #expect(again.status == 304)
            #expect(again.body.isEmpty)
            #expect(again.headers["etag"] == tag)

            let newFeed = Self.feed.replacingOccurrences(of: "Алматы", with: "Астаны")
            try served.publish(newFeed, as: "feed.atom")
            let replaced = try await served.fetch("/feed.atom", headers: ["If-None-Match": tag])
            #expect(replaced.status == 200)
            #expect(replaced.body == newFeed)
            #expect(replaced.headers["etag"] != tag)
        }
    }

    @Test func aFileNotModifiedSinceTheDateAskedIsNotSentAgain() async throws {
        try await ServedOutput.with(Self.files) { served in
            let first = try await served.fetch("/feed.json")
            let modified = try #require(first.headers["last-modified"])
            #expect(try await served.fetch("/feed.json", headers: ["If-Modified-Since": modified]).status == 304)
            let before = "Mon, 01 Jan 2001 00:00:00 GMT"
            #expect(try await served.fetch("/feed.json", headers: ["If-Modified-Since": before]).status == 200)
            #expect(try await served.fetch("/feed.json", headers: ["If-Modified-Since": "yesterday"]).status == 200)
            // If-None-Match decides when both are sent (RFC 9110 §13.2.2): a tag that does not match wins over a
            // date that would.
            let both = try await served.fetch(
                "/feed.json", headers: ["If-None-Match": "\"other\"", "If-Modified-Since": modified])
            #expect(both.status == 200)
        }
    }

    @Test(arguments: [
        "GET /../etc/passwd HTTP/1.1", "GET /%2e%2e/etc/passwd HTTP/1.1", "GET /%2E%2E HTTP/1.1",
        "GET /..%2fetc%2fpasswd HTTP/1.1", "GET //etc/passwd HTTP/1.1", "GET /.feed.atom.1.tmp HTTP/1.1",
        "GET /%2efeed.atom.1.tmp HTTP/1.1", "GET /archive HTTP/1.1", "GET /archive/ HTTP/1.1",
        "GET /archive/old.atom HTTP/1.1", "GET /missing.atom HTTP/1.1", "GET /outside.atom HTTP/1.1",
        "GET /feed.atom%00.html HTTP/1.1", "GET /pipe HTTP/1.1",
    ])
    func nothingButTheFolder(_ requestLine: String) async throws {
        try await ServedOutput.with(Self.files) { served in
            let archive = served.folder.appendingPathComponent("archive")
            try FileManager.default.createDirectory(at: archive, withIntermediateDirectories: true)
            try Data("old".utf8).write(to: archive.appendingPathComponent("old.atom"))
            try FileManager.default.createSymbolicLink(
                atPath: served.folder.appendingPathComponent("outside.atom").path,
                withDestinationPath: "/etc/hostname")
            #expect(mkfifo(served.folder.appendingPathComponent("pipe").path, 0o644) == 0)
            let reply = try await served.send(requestLine)
            #expect(reply.status == 404)
            #expect(String(decoding: reply.body, as: UTF8.self) == "not found\n")
        }
    }

    @Test func aLinkToAFileInsideTheFolderIsServed() async throws {
        try await ServedOutput.with(Self.files) { served in
            try FileManager.default.createSymbolicLink(
                atPath: served.folder.appendingPathComponent("atom.xml").path,
                withDestinationPath: "feed.atom")
            let reply = try await served.send("GET /atom.xml HTTP/1.1")
            #expect(reply.status == 200)
            #expect(reply.body == Array(Self.feed.utf8))
        }
    }

    @Test func headHasTheHeadersOfGetAndNoBody() async throws {
        try await ServedOutput.with(Self.files) { served in
            let head = try await served.send("HEAD /feed.atom HTTP/1.1")
            let get = try await served.send("GET /feed.atom HTTP/1.1")
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head.header("content-length") == String(Self.feed.utf8.count))
            for name in ["content-type", "content-length", "etag", "last-modified", "cache-control"] {
                #expect(head.header(name) == get.header(name), "\(name)")
            }
            let urlSession = try await served.fetch("/feed.atom", method: "HEAD")
            #expect(urlSession.status == 200 && urlSession.body.isEmpty)
        }
    }

    @Test func gzipWhenTheClientAcceptsIt() async throws {
        try await ServedOutput.with(Self.files) { served in
            let zipped = try await served.send("GET /feed.atom HTTP/1.1", headers: ["Accept-Encoding: br, gzip;q=0.8"])
            #expect(zipped.status == 200)
            #expect(zipped.header("content-encoding") == "gzip")
            #expect(zipped.header("vary") == "Accept-Encoding")
            #expect(zipped.header("content-length") == String(zipped.body.count))
            #expect(zipped.body.count < Self.feed.utf8.count)
            var buffer = ByteBuffer(bytes: zipped.body)
            let unzipped = try buffer.decompress(with: .gzip())
            #expect(Array(unzipped.readableBytesView) == Array(Self.feed.utf8))

            let plain = try await served.send("GET /feed.atom HTTP/1.1")
            #expect(plain.header("content-encoding") == nil)
            #expect(plain.body == Array(Self.feed.utf8))
            #expect(plain.header("etag") != zipped.header("etag"))
            let refused = try await served.send("GET /feed.atom HTTP/1.1", headers: ["Accept-Encoding: gzip;q=0, *"])
            #expect(refused.header("content-encoding") == nil)

            // Either representation's tag stands for this version of the file.
            let tag = try #require(plain.header("etag"))
            let notModified = try await served.send(
                "GET /feed.atom HTTP/1.1", headers: ["Accept-Encoding: gzip", "If-None-Match: \(tag)"])
            #expect(notModified.status == 304)
            #expect(notModified.body.isEmpty)
            #expect(notModified.header("content-length") == nil)
            #expect(notModified.header("etag") == zipped.header("etag"))
            #expect(notModified.header("vary") == "Accept-Encoding")

            // URLSession asks for gzip and decodes it: the text arrives whole.
            #expect(try await served.fetch("/feed.atom").body == Self.feed)
        }
    }

    @Test(arguments: ["POST", "PUT", "DELETE", "OPTIONS"])
    func otherMethodsAreNotAllowed(_ method: String) async throws {
        try await ServedOutput.with(Self.files) { served in
            let reply = try await served.send("\(method) /feed.atom HTTP/1.1", headers: ["Content-Length: 0"])
            #expect(reply.status == 405)
            #expect(reply.header("allow") == "GET, HEAD")
        }
        try await ServedOutput.with(Self.files) { served in
            let reply = try await served.fetch("/feed.atom", method: "POST")
            #expect(reply.status == 405)
        }
    }

    @Test func theServerStopsWhenItsTaskIsCancelled() async throws {
        let (ports, reportPort) = AsyncStream.makeStream(of: Int.self)
        let server = OutputServer(folder: "/nonexistent", port: 0, logger: quietLogger) { reportPort.yield($0) }
        let task = Task { try await server.run() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        task.cancel()
        _ = await task.result
        let refused = await #expect(throws: (any Error).self) {
            try await ServedOutput(folder: URL(fileURLWithPath: "/nonexistent"), port: port).send("GET / HTTP/1.1")
        }
        #expect(refused != nil)
    }

    @Test func aTakenPortIsNamedInTheError() async throws {
        try await ServedOutput.with(Self.files) { served in
            let second = OutputServer(folder: served.folder.path, port: served.port, logger: quietLogger)
            await #expect {
                try await second.run()
            } throws: { error in
                guard case .cannotListen(let host, let port, _) = error as? ServeError else { return false }
                return host == "127.0.0.1" && port == served.port
            }
        }
    }

    /// How `feedmerge serve` runs: the server and the schedule in one group. A graceful shutdown during a run
    /// stops the schedule first, after the run, while the server still answers; then the server.
    @Test func aGracefulShutdownLetsTheRunFinishWhileTheServerAnswers() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedmerge-serve-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (ports, reportPort) = AsyncStream.makeStream(of: Int.self)
        let (events, record) = AsyncStream.makeStream(of: String.self)
        let gate = Gate()
        let server = OutputServer(folder: folder.path, port: 0, logger: quietLogger) { reportPort.yield($0) }
        let schedule = RunSchedule(every: .minimum, logger: quietLogger) {
            record.yield("run started")
            await gate.wait()
            try Data("<feed/>".utf8).write(to: folder.appendingPathComponent("feed.atom"))
            record.yield("run finished")
        }
        let group = ServiceGroup(services: [server, schedule], logger: quietLogger)
        let running = Task { try await group.run() }
        var port = ports.makeAsyncIterator()
        let served = ServedOutput(folder: folder, port: try #require(await port.next()))
        var event = events.makeAsyncIterator()
        #expect(await event.next() == "run started")
        await group.triggerGracefulShutdown()
        #expect(try await served.send("GET / HTTP/1.1").status == 404)  // still serving during the run
        await gate.open()
        #expect(await event.next() == "run finished")
        try await running.value
        record.finish()
        #expect(await event.next() == nil)  // no second run
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("feed.atom").path))
    }
}
