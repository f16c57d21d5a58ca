import Testing

@testable import FeedServe

/// The headers the server reads, one at a time.
struct RequestHeadersTests {
    @Test(arguments: [
        ([], false), (["gzip"], true), (["deflate, gzip, br, zstd"], true), (["gzip;q=0"], false),
        (["GZIP; q=0.5"], true), (["x-gzip"], true), (["*"], true), (["*;q=0"], false), (["gzip;q=0, *"], false),
        (["identity"], false), (["br", "gzip"], true), (["gzip;q=0.000"], false),
    ])
    func gzipIsAcceptedAsTheHeaderSays(_ values: [String], _ accepted: Bool) {
        #expect(RequestHeaders.acceptsGzip(values) == accepted)
    }

    @Test(arguments: [
        (["\"a-1\""], true), (["W/\"a-1\""], true), (["\"b\", \"a-1-gzip\""], true), (["*"], true),
        (["\"a-2\""], false), (["a-1"], false), (["\"\""], false), ([], false),
    ])
    func noneMatchComparesTagsWeakly(_ values: [String], _ hits: Bool) {
        #expect(RequestHeaders.noneMatchHits(values, tags: ["a-1", "a-1-gzip"]) == hits)
    }

    @Test(arguments: [
        (Int64(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT"), (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"), (1_795_775_700, "Fri, 27 Nov 2026 10:35:00 GMT"),
    ])
    func httpDatesAreIMFFixdate(_ seconds: Int64, _ text: String) {
        #expect(HTTPDate.string(seconds) == text)
        #expect(HTTPDate.seconds(text) == seconds)
    }

    @Test(arguments: [
        "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "", "Sun, +6 Nov 1994 08:49:37 GMT",
    ])
    func otherDatesAreNotRead(_ text: String) {
        #expect(HTTPDate.seconds(text) == nil)
    }

    @Test(arguments: [
        ("/", "index.html"), ("/feed.atom", "feed.atom"), ("/%D0%BB%D0%B5%D0%BD%D1%82%D0%B0.atom", "лента.atom"),
        ("/a%20b.txt", "a b.txt"),
    ])
    func aPathNamesOneFile(_ path: String, _ name: String) {
        #expect(ServedFolder.fileName(forRequestPath: path) == name)
    }

    @Test(arguments: [
        "", "feed.atom", "/..", "/.", "/%2e%2e", "/%2E%2e%2Fx", "/../x", "/a/b", "/a%2fb", "/.hidden", "/%00",
        "/a%5cb", "/%zz", "//",
    ])
    func otherPathsNameNothing(_ path: String) {
        #expect(ServedFolder.fileName(forRequestPath: path) == nil)
    }
}
