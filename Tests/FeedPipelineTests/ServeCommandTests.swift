import Foundation
import TestHTTPServer
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `feedmerge serve`, the real binary: it runs the pipeline at once, serves the output folder (200, then 304 for
/// the same ETag, 404 outside the folder), and stops cleanly on SIGTERM.
struct ServeCommandTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedmerge-serve-\(UUID().uuidString)")

    @Test func servesTheFeedAnswers304AndStopsOnSIGTERM() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let binary = Bundle.main.bundleURL.appendingPathComponent("feedmerge")
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path), "feedmerge is not built at \(binary.path)")
        let feeds = StoryRunTests.Feeds()
        feeds.serve("/akimat", [StoryRunTests.release(), StoryRunTests.roads])
        try await TestServer.run(feeds.route) { server in
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let sources = folder.appendingPathComponent("sources.json")
            try Data(
                #"{"title": "T", "sources": [{"name": "Акимат", "url": "\#(server.url("/akimat"))"}]}"#.utf8
            ).write(to: sources)
            let process = Process()
            process.executableURL = binary
            process.arguments = [
                "serve", "--sources", sources.path, "--state", folder.appendingPathComponent("state.sqlite").path,
                "--output", folder.appendingPathComponent("output").path, "--port", "0", "--max-days", "3650",
                "--log-level", "notice",
            ]
            let log = Pipe()
            process.standardError = log
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            defer { if process.isRunning { process.terminate() } }

            // The port the system chose, from the server's first notice.
            let port = try #require(Self.port(from: log.fileHandleForReading), "serve never said where it listens")
            let feedURL = URL(string: "http://127.0.0.1:\(port)/feed.atom")
            let url = try #require(feedURL)
            // The first run publishes shortly after the server starts listening: ask until it has (bounded).
            var first: (Data, HTTPURLResponse)?
            for _ in 0..<300 where first == nil {
                let (data, response) = try await URLSession.shared.data(from: url)
                if let http = response as? HTTPURLResponse, http.statusCode == 200 {
                    first = (data, http)
                } else {
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            let (body, response) = try #require(first, "feed.atom was never served")
            #expect(response.value(forHTTPHeaderField: "Content-Type") == "application/atom+xml; charset=utf-8")
            #expect(String(decoding: body, as: UTF8.self).contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"))
            let etag = try #require(response.value(forHTTPHeaderField: "ETag"))
            var again = URLRequest(url: url)
            again.setValue(etag, forHTTPHeaderField: "If-None-Match")
            let (_, revalidated) = try await URLSession.shared.data(for: again)
            #expect((revalidated as? HTTPURLResponse)?.statusCode == 304)
            let outside = try #require(URL(string: "http://127.0.0.1:\(port)/%2e%2e/sources.json"))
            let (_, refused) = try await URLSession.shared.data(from: outside)
            #expect((refused as? HTTPURLResponse)?.statusCode == 404)

            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
            #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        }
    }

    /// Reads the log until the line saying where the feed is served; its port.
    static func port(from handle: FileHandle) -> Int? {
        var text = ""
        while true {
            let chunk = handle.availableData
            guard !chunk.isEmpty else { return nil }
            text += String(decoding: chunk, as: UTF8.self)
            if let range = text.range(of: #"http://127\.0\.0\.1:(\d+)/feed\.atom"#, options: .regularExpression) {
                let address = text[range]
                return Int(address.dropFirst("http://127.0.0.1:".count).prefix { $0.isNumber })
            }
        }
    }
}
