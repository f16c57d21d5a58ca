import FeedModel
import Foundation
import TestHTTPServer
import Testing

@testable import FeedFetch

/// The fetcher against a real HTTP server on 127.0.0.1 (`TestServer`), one server per test.
struct FetcherTests {
    static let feed = Array(
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0"><channel><title>Акимат</title><item><title>Новость</title><guid>1</guid></item></channel></rss>
        """.utf8)

    static func fixture(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        return Array(try Data(contentsOf: url))
    }

    static func quickSettings() -> FetchSettings {
        var settings = FetchSettings()
        settings.idleTimeout = 2
        settings.requestTimeout = .seconds(4)
        return settings
    }

    func fetch(
        _ server: TestServer, _ path: String, previous: SourceState? = nil, settings: FetchSettings = quickSettings()
    )
        async -> FetchResult
    {
        let source = Source(name: path, url: server.url(path))
        return await Fetcher(settings: settings).fetch(Fetcher.Request(source: source, previous: previous))
    }

    @Test func conditionalRequestByETag() async throws {
        try await TestServer.run { request in
            request.header("If-None-Match") == "\"v1\""
                ? .respond(status: 304) : .respond(status: 200, headers: [("ETag", "\"v1\"")], body: Self.feed)
        } body: { server in
            let first = await fetch(server, "/rss")
            #expect(first.outcome == .fetched(body: Data(Self.feed), charset: nil))
            #expect(first.etag == "\"v1\"")
            let state = SourceState(url: server.url("/rss")).recording(first, at: Date())
            let second = await fetch(server, "/rss", previous: state)
            #expect(second.outcome == .notModified)
            #expect(second.status == 304)
            #expect(server.counts.withLock { $0.requests } == 2)
        }
    }

    @Test func conditionalRequestByLastModified() async throws {
        let stamp = "Fri, 27 Nov 2026 05:15:00 GMT"
        try await TestServer.run { request in
            request.header("If-Modified-Since") == stamp
                ? .respond(status: 304) : .respond(status: 200, headers: [("Last-Modified", stamp)], body: Self.feed)
        } body: { server in
            let first = await fetch(server, "/rss")
            let state = SourceState(url: server.url("/rss")).recording(first, at: Date())
            #expect(state.lastModified == stamp)
            #expect(await fetch(server, "/rss", previous: state).outcome == .notModified)
        }
    }

    @Test func anUnchangedBodyIsNotParsedAgain() async throws {
        try await TestServer.run { _ in
            .respond(status: 200, body: Self.feed)
        } body: { server in
            let first = await fetch(server, "/rss")
            let state = SourceState(url: server.url("/rss")).recording(first, at: Date())
            #expect(state.bodyHash != nil)
            #expect(await fetch(server, "/rss", previous: state).outcome == .sameBody)
        }
    }

    @Test func gzipIsDecoded() async throws {
        let compressed = try Self.fixture("feed.xml.gz")
        try await TestServer.run { _ in
            .respond(
                status: 200, headers: [("Content-Encoding", "gzip"), ("Content-Type", "application/rss+xml")],
                body: compressed)
        } body: { server in
            let result = await fetch(server, "/rss")
            guard case .fetched(let body, _) = result.outcome else {
                Issue.record("not fetched: \(result.outcome)")
                return
            }
            #expect(String(decoding: body, as: UTF8.self).contains("Сжатая лента"))
        }
    }

    @Test func theCharsetOfContentTypeComesBack() async throws {
        try await TestServer.run { _ in
            .respond(
                status: 200, headers: [("Content-Type", "application/rss+xml; charset=\"windows-1251\"")], body: [0x3C])
        } body: { server in
            #expect(await fetch(server, "/rss").outcome == .fetched(body: Data([0x3C]), charset: "windows-1251"))
        }
    }

    @Test func redirectChainsAreFollowedAndPermanentOnesCounted() async throws {
        try await TestServer.run { request in
            switch request.path {
            case "/old": .respond(status: 301, headers: [("Location", "/middle")])
            case "/middle": .respond(status: 302, headers: [("Location", "/new")])
            default: .respond(status: 200, body: Self.feed)
            }
        } body: { server in
            var state = SourceState(url: server.url("/old"))
            for run in 1...SourceState.redirectRunsBeforeSuggesting {
                let result = await fetch(server, "/old", previous: state)
                #expect(result.redirects.map(\.status) == [301, 302])
                #expect(result.finalURL == server.url("/new"))
                state = state.recording(result, at: Date())
                #expect(state.permanentRedirectRuns == run)
            }
            #expect(state.suggestedURL == server.url("/new"))
        }
    }

    @Test func aRedirectLoopFails() async throws {
        try await TestServer.run { request in
            .respond(status: 302, headers: [("Location", request.path == "/a" ? "/b" : "/a")])
        } body: { server in
            let result = await fetch(server, "/a")
            guard case .failed(let failure) = result.outcome else {
                Issue.record("not failed: \(result.outcome)")
                return
            }
            #expect(failure.kind == .redirects)
            #expect(failure.message.hasPrefix("redirect loop"))
        }
    }

    @Test func tooManyRedirectsFail() async throws {
        try await TestServer.run { request in
            let hop = Int(request.path.dropFirst()) ?? 0
            return .respond(status: 302, headers: [("Location", "/\(hop + 1)")])
        } body: { server in
            let result = await fetch(server, "/0")
            #expect(
                result.outcome
                    == .failed(
                        FetchFailure(
                            kind: .redirects, message: "more than 5 redirects (the last to \(server.url("/6")))")))
        }
    }

    @Test(arguments: [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error")])
    func httpErrorsFailAndBackOff(_ status: Int, _ message: String) async throws {
        try await TestServer.run { _ in
            .respond(status: status)
        } body: { server in
            let result = await fetch(server, "/rss")
            #expect(result.outcome == .failed(FetchFailure(kind: .http, message: message)))
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            var state = SourceState(url: server.url("/rss")).recording(result, at: now)
            #expect(state.consecutiveFailures == 1)
            #expect(state.nextAttempt == now.addingTimeInterval(15 * 60))
            #expect(state.lastError == message)
            #expect(state.isDue(at: now) == false)
            #expect(state.isDue(at: now, force: true))
            state = state.recording(result, at: now)
            #expect(state.nextAttempt == now.addingTimeInterval(30 * 60))
        }
    }

    @Test func goneIsRememberedUntilTheEntryChanges() async throws {
        try await TestServer.run { _ in
            .respond(status: 410)
        } body: { server in
            let source = Source(name: "gone", url: server.url("/rss"))
            let result = await fetch(server, "/rss")
            #expect(result.outcome == .gone)
            let state = SourceState.current(for: source, remembered: nil).recording(result, at: Date())
            #expect(state.isGone)
            #expect(SourceState.current(for: source, remembered: state).isDue(at: Date(), force: true) == false)
            var edited = source
            edited.charset = "windows-1251"
            #expect(SourceState.current(for: edited, remembered: state).isDue(at: Date()))
        }
    }

    @Test func retryAfterSetsThatSourcesWait() async throws {
        try await TestServer.run { _ in
            .respond(status: 429, headers: [("Retry-After", "120")])
        } body: { server in
            let result = await fetch(server, "/rss")
            guard case .failed(let failure) = result.outcome else {
                Issue.record("not failed")
                return
            }
            #expect(failure.retryAfter == .seconds(120))
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            #expect(SourceState(url: "x").recording(result, at: now).nextAttempt == now.addingTimeInterval(120))
        }
    }

    @Test func aSilentServerTimesOutAndTheOthersFinish() async throws {
        try await TestServer.run { request in
            request.path == "/silent" ? .hang : .respond(status: 200, body: Self.feed)
        } body: { server in
            var settings = Self.quickSettings()
            settings.idleTimeout = 1
            settings.requestTimeout = .seconds(2)
            let requests = ["/silent", "/a", "/b", "/c"].map {
                Fetcher.Request(source: Source(name: $0, url: server.url($0)))
            }
            let results = await Fetcher(settings: settings).fetch(requests)
            #expect(results.map(\.source.name) == ["/silent", "/a", "/b", "/c"])
            guard case .failed(let failure) = results[0].outcome else {
                Issue.record("the silent server did not fail: \(results[0].outcome)")
                return
            }
            #expect(failure.kind == .timeout)
            #expect(results.dropFirst().allSatisfy { $0.isSuccess })
        }
    }

    @Test func aHugeBodyIsCutOffAtTheLimit() async throws {
        let huge = [UInt8](repeating: UInt8(ascii: "a"), count: 50_000_000)
        try await TestServer.run { _ in
            .respond(status: 200, body: huge)
        } body: { server in
            let result = await fetch(server, "/big")
            #expect(
                result.outcome
                    == .failed(FetchFailure(kind: .tooLarge, message: "the body is larger than 10 MiB; cut off"))
            )
            #expect(result.bytes == 10 << 20)
        }
    }

    @Test func aGzipBombIsCutOffAtTheLimitOfTheDecodedBody() async throws {
        let bomb = try Self.fixture("bomb.gz")
        try await TestServer.run { _ in
            .respond(status: 200, headers: [("Content-Encoding", "gzip")], body: bomb)
        } body: { server in
            let result = await fetch(server, "/bomb")
            guard case .failed(let failure) = result.outcome else {
                Issue.record("the bomb was not refused: \(result.outcome)")
                return
            }
            #expect(failure.kind == .tooLarge)
            #expect(result.bytes == 10 << 20)
        }
    }

    @Test func aTruncatedBodyFails() async throws {
        try await TestServer.run { _ in
            .truncated(declared: 10_000, body: Array(Self.feed.prefix(50)))
        } body: { server in
            let result = await fetch(server, "/rss")
            guard case .failed(let failure) = result.outcome else {
                Issue.record("a truncated body was accepted: \(result.outcome)")
                return
            }
            #expect(failure.kind == .network)
        }
    }

    @Test func concurrencyStaysWithinBothBounds() async throws {
        try await TestServer.run { _ in
            .delayed(.milliseconds(30), .respond(status: 200, body: Self.feed))
        } body: {
            server in
            var settings = Self.quickSettings()
            settings.maxRequestsPerHost = 2
            let requests = (0..<200).map {
                Fetcher.Request(source: Source(name: "s\($0)", url: server.url("/feed/\($0)")))
            }
            let results = await Fetcher(settings: settings).fetch(requests)
            #expect(results.count == 200)
            #expect(results.allSatisfy { $0.isSuccess })
            #expect(server.counts.withLock { $0.maxInFlight } <= 2)

            server.counts.withLock { $0 = TestServer.Counts() }
            settings.maxRequestsPerHost = 100
            settings.maxConcurrentRequests = 8
            let again = await Fetcher(settings: settings).fetch(Array(requests.prefix(64)))
            #expect(again.allSatisfy { $0.isSuccess })
            let maxInFlight = server.counts.withLock { $0.maxInFlight }
            #expect(maxInFlight <= 8)
            #expect(maxInFlight > 1)
        }
    }

    @Test(
        arguments: [
            ("application/rss+xml; charset=windows-1251", "windows-1251"), ("text/xml;charset=\"KOI8-R\"", "KOI8-R"),
            ("text/xml", nil), ("text/xml; Charset=utf-8; q=1", "utf-8"),
        ] as [(String, String?)])
    func readsTheCharsetParameter(_ value: String, _ expected: String?) {
        #expect(Fetcher.charset(ofContentType: value) == expected)
    }

    /// A fetch whose caller is cancelled before it starts still returns (cancelled), never hangs: the task is
    /// registered with the delegate before anything can cancel it.
    @Test func fetchesCancelledRightAwayAllReturn() async throws {
        try await TestServer.run { _ in
            .respond(status: 200, body: Self.feed)
        } body: { server in
            let fetcher = Fetcher(settings: Self.quickSettings())
            let request = Fetcher.Request(source: Source(name: "a", url: server.url("/rss")))
            let tasks = (0..<200).map { _ in Task { await fetcher.fetch(request) } }
            for task in tasks { task.cancel() }
            // Raced against a generous limit so that a regression fails the test instead of hanging the run.
            let returned = await withTaskGroup(of: Int.self) { group in
                group.addTask {
                    var count = 0
                    for task in tasks {
                        _ = await task.value
                        count += 1
                    }
                    return count
                }
                group.addTask {
                    try? await Task.sleep(for: .seconds(30))
                    return -1
                }
                let first = await group.next() ?? -1
                group.cancelAll()
                return first
            }
            #expect(returned == 200)
        }
    }

    @Test func boundsOfZeroStillFetch() async throws {
        try await TestServer.run { _ in
            .respond(status: 200, body: Self.feed)
        } body: { server in
            var settings = Self.quickSettings()
            settings.maxRequestsPerHost = 0
            settings.maxConcurrentRequests = 0
            let results = await Fetcher(settings: settings).fetch([
                Fetcher.Request(source: Source(name: "a", url: server.url("/rss")))
            ])
            #expect(results.map(\.isSuccess) == [true])
        }
    }

    @Test func retryAfterIsCappedAtTheLongestBackoff() {
        let failure = FetchFailure(kind: .http, message: "HTTP 503", retryAfter: .seconds(365 * 86_400))
        let result = FetchResult(
            source: Source(name: "a", url: "https://a.kz/rss"), outcome: .failed(failure), status: 503,
            finalURL: "https://a.kz/rss", bytes: 0, duration: .zero, redirects: [])
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(
            SourceState(url: "https://a.kz/rss").recording(result, at: now).nextAttempt
                == now.addingTimeInterval(86_400))
    }

    @Test func backoffDoublesFromFifteenMinutesToADay() {
        #expect(
            (1...9).map { SourceState.backoff(afterFailures: $0).components.seconds / 60 } == [
                15, 30, 60, 120, 240, 480, 960, 1440, 1440,
            ])
    }
}
