import Crypto
import FeedModel
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Fetches sources over HTTP: conditionally, concurrently within bounds, with limits on time, size and redirects.
///
/// One `URLSession` (ephemeral, no cache) serves every request; its delegate applies the body cap and watches
/// redirects. A failing source is a result, never an error: one bad source does not stop or slow the others
/// beyond its own timeout.
public final class Fetcher: Sendable {
    public let settings: FetchSettings
    private let session: URLSession
    private let delegate = SessionDelegate()

    public init(settings: FetchSettings = FetchSettings()) {
        var settings = settings
        // A bound of 0 would never start a request.
        settings.maxConcurrentRequests = max(1, settings.maxConcurrentRequests)
        settings.maxRequestsPerHost = max(1, settings.maxRequestsPerHost)
        self.settings = settings
        let configuration = URLSessionConfiguration.ephemeral
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.timeoutIntervalForRequest = TimeInterval(settings.idleTimeout)
        configuration.httpMaximumConnectionsPerHost = settings.maxRequestsPerHost
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
    }

    deinit {
        session.invalidateAndCancel()
    }

    /// What to fetch: a source and what was remembered of it.
    public struct Request: Sendable {
        public var source: Source
        public var previous: SourceState?

        public init(source: Source, previous: SourceState? = nil) {
            self.source = source
            self.previous = previous
        }
    }

    /// Fetches every request, at most `maxConcurrentRequests` at once and `maxRequestsPerHost` per host;
    /// results come back in the order of `requests`.
    public func fetch(_ requests: [Request]) async -> [FetchResult] {
        var results = [FetchResult?](repeating: nil, count: requests.count)
        for await (position, result) in self.results(of: requests) {
            results[position] = result
        }
        return results.compactMap { $0 }
    }

    /// As `fetch(_:)`, but each result (with its position in `requests`) as soon as it is in, so that the caller
    /// can parse one feed while others are still on the way.
    public func results(of requests: [Request]) -> AsyncStream<(Int, FetchResult)> {
        AsyncStream { continuation in
            let work = Task {
                await self.fetch(requests) { continuation.yield($0) }
                continuation.finish()
            }
            continuation.onTermination = { _ in work.cancel() }
        }
    }

    private func fetch(_ requests: [Request], each: @Sendable ((Int, FetchResult)) -> Void) async {
        let hosts = requests.map { Self.host(of: $0.source.url) }
        await withTaskGroup(of: (Int, FetchResult).self) { group in
            var waiting = Array(requests.indices)
            var running: [String: Int] = [:]
            var inFlight = 0
            func startWhatFits() {
                var index = 0
                while inFlight < settings.maxConcurrentRequests && index < waiting.count {
                    let position = waiting[index]
                    guard running[hosts[position], default: 0] < settings.maxRequestsPerHost else {
                        index += 1
                        continue
                    }
                    waiting.remove(at: index)
                    running[hosts[position], default: 0] += 1
                    inFlight += 1
                    group.addTask { (position, await self.fetch(requests[position])) }
                }
            }
            startWhatFits()
            while let (position, result) = await group.next() {
                each((position, result))
                running[hosts[position], default: 1] -= 1
                inFlight -= 1
                startWhatFits()
            }
        }
    }

    /// Fetches one source.
    public func fetch(_ request: Request) async -> FetchResult {
        let clock = ContinuousClock()
        let start = clock.now
        let source = request.source
        var result = FetchResult(
            source: source, outcome: .failed(FetchFailure(kind: .invalidURL, message: "")), status: nil,
            finalURL: source.url, bytes: 0, duration: .zero, redirects: [])
        guard let url = URL(string: source.url), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https"
        else {
            result.outcome = .failed(FetchFailure(kind: .invalidURL, message: "not an http(s) URL: \(source.url)"))
            return result
        }
        var urlRequest = URLRequest(url: url, timeoutInterval: TimeInterval(settings.idleTimeout))
        urlRequest.cachePolicy = .reloadIgnoringLocalCacheData
        urlRequest.setValue(settings.userAgent, forHTTPHeaderField: "User-Agent")
        urlRequest.setValue(
            "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8",
            forHTTPHeaderField: "Accept")
        if let etag = request.previous?.etag { urlRequest.setValue(etag, forHTTPHeaderField: "If-None-Match") }
        if let lastModified = request.previous?.lastModified {
            urlRequest.setValue(lastModified, forHTTPHeaderField: "If-Modified-Since")
        }

        let task = session.dataTask(with: urlRequest)
        delegate.register(task, limit: settings.maxBodyBytes, maxRedirects: settings.maxRedirects)
        // URLSession on Linux has no whole-request timeout: a deadline cancels the task.
        let deadline = Task { [requestTimeout = settings.requestTimeout] in
            try await Task.sleep(for: requestTimeout)
            task.cancel()
            return true
        }
        let transfer = await withTaskCancellationHandler {
            await delegate.run(task)
        } onCancel: {
            task.cancel()
        }
        deadline.cancel()
        // The deadline counts only if it cut the transfer short, not if it fired as the transfer ended.
        let timedOut = (try? await deadline.value) == true && transfer.errorCode != nil

        result.duration = clock.now - start
        result.bytes = transfer.body.count
        result.redirects = transfer.redirects
        result.status = transfer.response?.statusCode
        result.finalURL = transfer.response?.url?.absoluteString ?? transfer.redirects.last?.to ?? source.url
        result.outcome = outcome(of: transfer, timedOut: timedOut, previous: request.previous, result: &result)
        return result
    }

    private func outcome(
        of transfer: SessionDelegate.Transfer, timedOut: Bool, previous: SourceState?, result: inout FetchResult
    ) -> FetchResult.Outcome {
        if transfer.isOverLimit {
            return .failed(
                FetchFailure(
                    kind: .tooLarge, message: "the body is larger than \(settings.maxBodyBytes >> 20) MiB; cut off"))
        }
        if let redirectFailure = transfer.redirectFailure {
            return .failed(FetchFailure(kind: .redirects, message: redirectFailure))
        }
        if timedOut {
            return .failed(
                FetchFailure(kind: .timeout, message: "no complete answer within \(settings.requestTimeout)"))
        }
        if let code = transfer.errorCode {
            let timeout = code == URLError.timedOut.rawValue
            return .failed(
                FetchFailure(
                    kind: timeout ? .timeout : .network,
                    message: timeout
                        ? "the server went silent for \(settings.idleTimeout) s"
                        : (transfer.errorText ?? "network error \(code)")))
        }
        guard let response = transfer.response else {
            return .failed(FetchFailure(kind: .network, message: "no response"))
        }
        switch response.statusCode {
        case 304:
            return .notModified
        case 200..<300:
            let hash = SHA256.hash(data: transfer.body).map { String(format: "%02x", $0) }.joined()
            result.etag = response.value(forHTTPHeaderField: "ETag")
            result.lastModified = response.value(forHTTPHeaderField: "Last-Modified")
            result.bodyHash = hash
            if hash == previous?.bodyHash { return .sameBody }
            return .fetched(
                body: transfer.body,
                charset: Self.charset(ofContentType: response.value(forHTTPHeaderField: "Content-Type")))
        case 410:
            return .gone
        default:
            let reason = HTTPURLResponse.localizedString(forStatusCode: response.statusCode).capitalized
            var failure = FetchFailure(kind: .http, message: "HTTP \(response.statusCode) \(reason)")
            if response.statusCode == 429 || response.statusCode == 503 {
                failure.retryAfter = RetryAfter.parse(response.value(forHTTPHeaderField: "Retry-After"), now: Date())
            }
            return .failed(failure)
        }
    }

    /// The `charset` parameter of a `Content-Type` value (RFC 9110 §8.3), unquoted.
    static func charset(ofContentType value: String?) -> String? {
        guard let value else { return nil }
        for parameter in value.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else {
                continue
            }
            let charset = parts[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(
                in: CharacterSet(charactersIn: "\"'"))
            return charset.isEmpty ? nil : charset
        }
        return nil
    }

    static func host(of url: String) -> String {
        URLComponents(string: url)?.host?.lowercased() ?? url
    }
}
