import FeedModel
import Foundation
import Testing

@testable import FeedStore

/// The store against a real SQLite file in a fresh temporary folder per test.
struct StateStoreTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedmerge-store-\(UUID().uuidString)")
    var path: String { folder.appendingPathComponent("nested/state.sqlite").path }

    @Test func createsTheFileAndItsFolderWithTheSchema() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try store.schemaVersion() == "8 stories whole by recency")
        #expect(try store.sourceStates().isEmpty)
    }

    @Test func keepsEveryFieldAcrossReopening() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = SourceState(
            url: "https://akimat.kz/rss", settingsHash: "abc", etag: "\"v1\"",
            lastModified: "Fri, 27 Nov 2026 05:15:00 GMT", bodyHash: "00ff",
            lastAttempt: Date(timeIntervalSince1970: 1_795_756_500),
            lastSuccess: Date(timeIntervalSince1970: 1_795_756_000),
            consecutiveFailures: 3, nextAttempt: Date(timeIntervalSince1970: 1_795_760_100), lastError: "HTTP 503",
            isGone: true, permanentRedirect: "https://new.akimat.kz/rss", permanentRedirectRuns: 2)
        let other = SourceState(url: "https://tengrinews.kz/news.rss")
        try StateStore(path: path).save([state, other])

        let reopened = try StateStore(path: path)
        #expect(try reopened.sourceState(url: state.url) == state)
        #expect(try reopened.sourceStates() == [state.url: state, other.url: other])
    }

    @Test func savingAgainReplacesTheRow() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore(path: path)
        var state = SourceState(url: "https://a.kz/rss", consecutiveFailures: 5, lastError: "timeout")
        try store.save([state])
        state.consecutiveFailures = 0
        state.lastError = nil
        state.etag = "\"v2\""
        try store.save([state])
        #expect(try store.sourceStates() == [state.url: state])
    }

    @Test func aFileThatIsNotADatabaseIsAClearError() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("state.sqlite")
        try Data("this is not SQLite, it is a note".utf8).write(to: file)
        do {
            _ = try StateStore(path: file.path)
            Issue.record("opened a file that is not a database")
        } catch {
            #expect(error.description.hasPrefix(file.path + ": state: "))
            #expect(error.description.contains("not a database"))
        }
        // Nothing was written over it.
        #expect(try Data(contentsOf: file) == Data("this is not SQLite, it is a note".utf8))
    }
}
