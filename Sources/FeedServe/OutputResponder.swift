import Hummingbird
import Logging
import NIOCore

/// Answers every request with a file of the output folder, or 404/405: GET and HEAD only, conditional requests
/// answered with 304, gzip when the client accepts it.
struct OutputResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let folder: ServedFolder
    let cache = ResponseCache()

    /// Files smaller than this are sent as they are: gzip's header and trailer alone are 18 bytes.
    static let minimumGzipSize = 256

    func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            return Self.problem(.methodNotAllowed, "only GET and HEAD are served\n", allow: true)
        }
        guard let name = ServedFolder.fileName(forRequestPath: request.uri.path), let file = folder.open(name) else {
            return Self.problem(.notFound, "not found\n")
        }
        defer { file.close() }
        let (type, isText) = ContentType.of(name)
        let gzip =
            isText && file.size >= Self.minimumGzipSize
            && RequestHeaders.acceptsGzip(request.headers[values: .acceptEncoding])
        // A strong tag names one representation (RFC 9110 §8.8.3): the gzipped one has its own.
        let gzipTag = file.tag + "-gzip"
        var headers: HTTPFields = [
            .eTag: "\"\(gzip ? gzipTag : file.tag)\"",
            .lastModified: HTTPDate.string(file.modified),
            .cacheControl: "no-cache",
            .xContentTypeOptions: "nosniff",
        ]
        if isText { headers[.vary] = "Accept-Encoding" }
        if Self.isNotModified(request.headers, file: file, tags: [file.tag, gzipTag]) {
            var response = Response(status: .notModified, headers: headers)
            response.headers[.contentLength] = nil  // a 304 has no body, and no length of one
            return response
        }
        let body: ByteBuffer
        do {
            body = try await cache.body(of: name, file: file, gzip: gzip)
        } catch {
            context.logger.error("\(folder.path)/\(name): \(error)")
            return Self.problem(.internalServerError, "the file could not be read\n")
        }
        headers[.contentType] = type
        if gzip { headers[.contentEncoding] = "gzip" }
        if request.method == .head {
            headers[.contentLength] = String(body.readableBytes)
            return Response(status: .ok, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    /// RFC 9110 §13.2.2: `If-None-Match` decides when present (any of the file's current tags matches);
    /// otherwise a readable `If-Modified-Since` not older than the file's modification second.
    static func isNotModified(_ headers: HTTPFields, file: OpenFile, tags: [String]) -> Bool {
        let noneMatch = headers[values: .ifNoneMatch]
        if !noneMatch.isEmpty { return RequestHeaders.noneMatchHits(noneMatch, tags: tags) }
        guard let since = headers[.ifModifiedSince].flatMap({ HTTPDate.seconds($0) }) else { return false }
        return file.modified <= since
    }

    /// A short plain-text answer for a request that gets no file.
    private static func problem(_ status: HTTPResponse.Status, _ text: String, allow: Bool = false) -> Response {
        var headers: HTTPFields = [
            .contentType: "text/plain; charset=utf-8", .xContentTypeOptions: "nosniff", .cacheControl: "no-cache",
        ]
        if allow { headers[.allow] = "GET, HEAD" }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
