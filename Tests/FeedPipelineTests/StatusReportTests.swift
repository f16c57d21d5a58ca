import FeedFetch
import FeedModel
import FeedPipeline
import FeedPublish
import FeedSources
import FeedStore
import Foundation
import Testing

/// `feedmerge status` and `output/status.json`: a real sources file, the state in a real SQLite file written by
/// `StateStore`, the report written into a real output folder.
struct StatusReportTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedmerge-status-\(UUID().uuidString)")
    var sourcesPath: String { folder.appendingPathComponent("sources.json").path }
    var statePath: String { folder.appendingPathComponent("state.sqlite").path }

    /// When the report is made: 2026-06-01 12:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_780_315_200)

    static func hoursFromNow(_ hours: Double) -> Date { now.addingTimeInterval(hours * 3_600) }

    /// One source of each kind, in this order: fine, failing and backing off, gone, moved for good, moved on one
    /// run only, new, disabled.
    static let sourcesJSON = """
        {
          "title": "Status test",
          "sources": [
            { "name": "Akimat", "url": "https://akimat.kz/rss", "role": "origin" },
            { "name": "Paper", "url": "https://paper.kz/rss" },
            { "name": "Closed", "url": "https://closed.kz/rss" },
            { "name": "Moved", "url": "http://moved.kz/rss" },
            { "name": "Moving", "url": "http://moving.kz/rss" },
            { "name": "New", "url": "https://new.kz/rss" },
            { "name": "Paused", "url": "https://paused.kz/rss", "enabled": false }
          ]
        }
        """

    /// The states of the sources above as fetching records them, and of one that sources.json no longer lists.
    static func states(file: SourcesFile) -> [SourceState] {
        func state(_ url: String) -> SourceState {
            let source = file.sources.first { $0.url == url }
            return SourceState(url: url, settingsHash: source.map { SourceState.settingsHash(of: $0) })
        }
        var akimat = state("https://akimat.kz/rss")
        akimat.lastAttempt = hoursFromNow(-3)
        akimat.lastSuccess = hoursFromNow(-3)
        var paper = state("https://paper.kz/rss")
        paper.lastAttempt = hoursFromNow(-0.25)
        paper.lastSuccess = hoursFromNow(-50)
        paper.lastError = "HTTP 503 Service Unavailable"
        paper.consecutiveFailures = 4
        paper.nextAttempt = hoursFromNow(0.75)
        var closed = state("https://closed.kz/rss")
        closed.lastAttempt = hoursFromNow(-1)
        closed.lastSuccess = hoursFromNow(-30 * 24)
        closed.isGone = true
        closed.consecutiveFailures = 1
        closed.lastError = "HTTP 410 Gone: the feed was removed; fix or remove it in sources.json"
        var moved = state("http://moved.kz/rss")
        moved.lastAttempt = hoursFromNow(-0.5)
        moved.lastSuccess = hoursFromNow(-0.5)
        moved.permanentRedirect = "https://moved.kz/feed"
        moved.permanentRedirectRuns = SourceState.redirectRunsBeforeSuggesting
        var moving = state("http://moving.kz/rss")
        moving.lastAttempt = hoursFromNow(-0.5)
        moving.lastSuccess = hoursFromNow(-0.5)
        moving.permanentRedirect = "https://moving.kz/feed"
        moving.permanentRedirectRuns = 1
        var paused = state("https://paused.kz/rss")
        paused.lastAttempt = hoursFromNow(-24 * 5)
        paused.lastError = "timed out after 30 s"
        paused.consecutiveFailures = 2
        paused.nextAttempt = hoursFromNow(-24 * 4)
        var dropped = state("https://dropped.kz/rss")
        dropped.lastAttempt = hoursFromNow(-24 * 40)
        dropped.lastSuccess = hoursFromNow(-24 * 40)
        return [akimat, paper, closed, moved, moving, paused, dropped]
    }

    /// The sources file and a state file in a fresh folder; `body` gets the sources file as checked.
    func withFiles(writingState: Bool = true, _ body: (SourcesFile) throws -> Void) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(Self.sourcesJSON.utf8).write(to: URL(fileURLWithPath: sourcesPath))
        let file = try SourcesChecker(isKnownCharset: { _ in true }).load(fileAt: sourcesPath).file
        if writingState { try StateStore(path: statePath).save(Self.states(file: file)) }
        try body(file)
    }

    func load() throws -> StatusReport {
        try StatusReport.load(sourcesPath: sourcesPath, statePath: statePath, now: Self.now).report
    }

    @Test func eachSourceShowsItsHealthFromTheStateFile() throws {
        try withFiles { _ in
            let report = try load()
            #expect(report.generated == Self.now)
            #expect(report.sources.map(\.name) == ["Akimat", "Paper", "Closed", "Moved", "Moving", "New", "Paused"])
            #expect(
                report.sources.map(\.health) == [.ok, .failing, .gone, .ok, .ok, .neverFetched, .disabled])
            let status = Dictionary(uniqueKeysWithValues: report.sources.map { ($0.name ?? "", $0) })

            let akimat = try #require(status["Akimat"])
            #expect(akimat.lastSuccess == Self.hoursFromNow(-3) && akimat.lastError == nil)
            #expect(akimat.nextAttempt == nil && akimat.consecutiveFailures == 0 && akimat.suggestedURL == nil)

            let paper = try #require(status["Paper"])
            #expect(paper.lastError == "HTTP 503 Service Unavailable")
            #expect(paper.consecutiveFailures == 4)
            #expect(paper.nextAttempt == Self.hoursFromNow(0.75))
            #expect(paper.lastSuccess == Self.hoursFromNow(-50))

            let closed = try #require(status["Closed"])
            #expect(closed.isGone && closed.nextAttempt == nil)

            // Moved for good: seen on enough runs to suggest the new URL; on one run only, shown but not suggested.
            #expect(status["Moved"]?.suggestedURL == "https://moved.kz/feed")
            #expect(status["Moving"]?.suggestedURL == nil)
            #expect(status["Moving"]?.permanentRedirect == "https://moving.kz/feed")
            #expect(status["Moving"]?.permanentRedirectRuns == 1)

            let new = try #require(status["New"])
            #expect(new.isEnabled && new.lastAttempt == nil && new.lastSuccess == nil && new.nextAttempt == nil)

            // Disabled: not fetched, so no next attempt, but what was recorded before is still shown.
            let paused = try #require(status["Paused"])
            #expect(!paused.isEnabled && paused.nextAttempt == nil)
            #expect(paused.lastError == "timed out after 30 s" && paused.consecutiveFailures == 2)

            #expect(report.removed.map(\.url) == ["https://dropped.kz/rss"])
            #expect(report.removed.first?.health == .removed && report.removed.first?.name == nil)

            let summary = report.summary
            #expect(summary.sources == 7 && summary.ok == 3 && summary.failing == 1 && summary.gone == 1)
            #expect(summary.neverFetched == 1 && summary.disabled == 1 && summary.removed == 1)
        }
    }

    @Test func aMissingStateFileMeansNothingWasFetchedAndIsNotCreated() throws {
        try withFiles(writingState: false) { _ in
            let report = try load()
            #expect(report.sources.filter(\.isEnabled).allSatisfy { $0.health == .neverFetched })
            #expect(report.sources.last?.health == .disabled)
            #expect(report.removed.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: statePath))
        }
    }

    /// The next run tries an edited entry again, gone or backing off: the report says so.
    @Test func anEditedEntryIsNoLongerGoneNorWaiting() throws {
        try withFiles { file in
            var edited = file
            for index in edited.sources.indices { edited.sources[index].charset = "windows-1251" }
            let states = try StateStore(path: statePath).sourceStates()
            let report = StatusReport.report(file: edited, states: states, now: Self.now)
            let closed = try #require(report.sources.first { $0.name == "Closed" })
            #expect(!closed.isGone && closed.health == .failing && closed.nextAttempt == nil)
            let paper = try #require(report.sources.first { $0.name == "Paper" })
            #expect(paper.nextAttempt == nil && paper.lastError == "HTTP 503 Service Unavailable")
        }
    }

    @Test func aBrokenSourcesFileNamesItsLineAndColumn() throws {
        try withFiles { _ in
            try Data("{\n  \"title\": \"x\",\n  \"sources\": [ { \"name\": \"A\" } ]\n}\n".utf8)
                .write(to: URL(fileURLWithPath: sourcesPath))
            #expect {
                try load()
            } throws: { error in
                "\(error)".contains("sources.json:3:16: error: source 1 has no \"url\"")
            }
        }
    }

    @Test func theJSONIsTheSameBytesForTheSameInputWithRFC3339Dates() throws {
        try withFiles { _ in
            let first = try load().json()
            let second = try load().json()
            #expect(first == second)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(first)) as? [String: Any])
            #expect(object["generated"] as? String == "2026-06-01T12:00:00Z")
            let summary = try #require(object["summary"] as? [String: Any])
            #expect(summary["sources"] as? Int == 7 && summary["failing"] as? Int == 1 && summary["gone"] as? Int == 1)
            let sources = try #require(object["sources"] as? [[String: Any]])
            #expect(sources.count == 7)
            let paper = try #require(sources.first { $0["name"] as? String == "Paper" })
            #expect(paper["health"] as? String == "failing")
            #expect(paper["last_error"] as? String == "HTTP 503 Service Unavailable")
            #expect(paper["consecutive_failures"] as? Int == 4)
            #expect(paper["next_attempt"] as? String == "2026-06-01T12:45:00Z")
            #expect(paper["last_success"] as? String == "2026-05-30T10:00:00Z")
            #expect(paper["enabled"] as? Bool == true && paper["gone"] as? Bool == false)
            #expect(paper["suggested_url"] is NSNull)
            let moved = try #require(sources.first { $0["name"] as? String == "Moved" })
            #expect(moved["suggested_url"] as? String == "https://moved.kz/feed")
            // Every key of every source, always, in one order; every date RFC 3339 in UTC.
            let keys = [
                "name", "url", "enabled", "health", "last_attempt", "last_success", "last_error",
                "consecutive_failures", "next_attempt", "gone", "permanent_redirect", "permanent_redirect_runs",
                "suggested_url",
            ]
            #expect(sources.allSatisfy { Set($0.keys) == Set(keys) })
            let text = String(decoding: first, as: UTF8.self)
            let paperStart = try #require(text.range(of: "\"name\": \"Paper\""))
            let positions = keys.compactMap {
                text.range(of: "\"\($0)\":", range: paperStart.lowerBound..<text.endIndex)
            }
            #expect(positions.map(\.lowerBound) == positions.map(\.lowerBound).sorted())
            let dates = sources.flatMap { source in
                ["last_attempt", "last_success", "next_attempt"].compactMap { source[$0] as? String }
            }
            #expect(dates.count == 12)
            #expect(dates.allSatisfy { $0.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil })
            #expect(text.hasSuffix("}\n"))
        }
    }

    @Test func theReportIsWrittenAtomicallyIntoTheOutputFolder() throws {
        try withFiles { _ in
            let output = folder.appendingPathComponent("output")
            let report = try load()
            #expect(try report.write(to: OutputFolder(path: output.path)))
            let written = FileManager.default.contents(atPath: output.appendingPathComponent("status.json").path)
            #expect(written == Data(report.json()))
            // The same report again changes nothing; no temporary file is left behind.
            #expect(try !report.write(to: OutputFolder(path: output.path)))
            #expect(try FileManager.default.contentsOfDirectory(atPath: output.path) == ["status.json"])
            // A later report replaces it.
            var later = report
            later.generated = Self.hoursFromNow(0.25)
            #expect(try later.write(to: OutputFolder(path: output.path)))
            let replaced = FileManager.default.contents(atPath: output.appendingPathComponent("status.json").path)
            #expect(replaced == Data(later.json()))
        }
    }

    @Test func theTerminalReportHasABlockPerSourceWithTimesAndHints() throws {
        try withFiles { _ in
            let text = try load().text()
            let lines = text.components(separatedBy: "\n")
            #expect(
                lines.first
                    == "7 sources: 3 ok, 1 failing, 1 gone, 1 never fetched, 1 disabled (as of 2026-06-01T12:00:00Z)")
            let expected = """
                Paper (failing)
                  url           https://paper.kz/rss
                  last success  2026-05-30T10:00:00Z (2 d ago)
                  last error    HTTP 503 Service Unavailable
                  failures      4 in a row
                  next attempt  2026-06-01T12:45:00Z (in 45 min)

                """
            #expect(text.contains(expected))
            #expect(text.contains("Akimat (ok)\n  url           https://akimat.kz/rss\n"))
            #expect(text.contains("  last success  2026-06-01T09:00:00Z (3 h ago)\n  next attempt  next run\n"))
            #expect(text.contains("Closed (gone: HTTP 410)\n"))
            #expect(text.contains("  next attempt  none until its entry in sources.json changes\n"))
            #expect(text.contains("  moved to      https://moved.kz/feed (put this URL in sources.json)\n"))
            #expect(
                text.contains("  redirected    https://moving.kz/feed (301/308 on 1 run in a row; suggested from 3)\n"))
            #expect(text.contains("New (never fetched)\n  url           https://new.kz/rss\n  last success  never\n"))
            #expect(text.contains("Paused (disabled)\n"))
            #expect(text.contains("  next attempt  none: disabled in sources.json\n"))
            #expect(text.contains("No longer in the sources file"))
            #expect(
                text.contains("https://dropped.kz/rss (removed)\n  last success  2026-04-22T12:00:00Z (40 d ago)\n"))
            #expect(text.hasSuffix("\n") && !text.hasSuffix("\n\n"))
        }
    }
}
