import FeedModel
import Foundation
import Testing

@testable import FeedPublish

/// Dates and files as the publisher writes them.
struct OutputFolderTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedmerge-out-\(UUID().uuidString)")

    @Test func datesAreRFC3339InUTCAsFoundationWritesThem() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        var seconds: Int64 = -2_208_988_800  // 1900-01-01
        var wrong: [String] = []
        while seconds < 4_102_444_800 {  // 2100-01-01
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            if RFC3339.string(date) != formatter.string(from: date) { wrong.append(formatter.string(from: date)) }
            seconds += 86_399 * 7 + 3_601  // every weekday and hour, over leap years and 2000
        }
        #expect(wrong.isEmpty)
        #expect(RFC3339.string(Date(timeIntervalSince1970: 1_795_775_700.9)) == "2026-11-27T10:35:00Z")
        #expect(RFC3339.string(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
    }

    @Test func aFileIsReplacedWholeAndLeftAloneWhenItsBytesStay() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = OutputFolder(path: folder.path)
        let path = folder.appendingPathComponent("feed.atom").path
        #expect(try output.write(Array("one".utf8), as: "feed.atom"))
        let written = try FileManager.default.attributesOfItem(atPath: path)
        Thread.sleep(forTimeInterval: 0.01)
        #expect(try !output.write(Array("one".utf8), as: "feed.atom"))
        #expect(
            try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
                == written[.modificationDate] as? Date)
        #expect(try output.write(Array("two, longer".utf8), as: "feed.atom"))
        #expect(FileManager.default.contents(atPath: path) == Data("two, longer".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["feed.atom"])
    }

    /// A feed is written in parts (its head, each entry, its end), never joined in memory: the file is the parts
    /// one after the other, however they are cut, and the same bytes cut otherwise are still unchanged.
    @Test func aFileInPartsIsThePartsInOrder() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = OutputFolder(path: folder.path)
        let path = folder.appendingPathComponent("feed.json").path
        let big = [UInt8](repeating: UInt8(ascii: "x"), count: 3 << 20)  // larger than one write
        let parts: [[UInt8]] = [Array("{".utf8), [], big, Array("ж".utf8), big, Array("}\n".utf8)]
        let whole = Array(parts.joined())
        let staged = try output.stage(parts: parts, as: "feed.json")
        #expect(try output.commit([staged]) == [true])
        #expect(FileManager.default.contents(atPath: path) == Data(whole))
        let again = try output.stage(parts: [Array(whole.prefix(10)), Array(whole.dropFirst(10))], as: "feed.json")
        #expect(!again.changed)
        var changed = whole
        changed[changed.count - 3] = UInt8(ascii: "y")
        #expect(try output.stage(parts: [changed], as: "feed.json").changed)
    }

    /// A file streamed in appends is the appends in order; the same bytes again leave the published file alone,
    /// and the same start with more after it, or less, is a change.
    @Test func aStreamedFileIsItsAppendsInOrder() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = OutputFolder(path: folder.path)
        let path = folder.appendingPathComponent("feed.atom").path
        let big = [UInt8](repeating: UInt8(ascii: "x"), count: 3 << 20)
        let parts: [[UInt8]] = [Array("<feed>".utf8), big, [], Array("ж".utf8), Array("</feed>\n".utf8)]
        func stream(_ appends: [[[UInt8]]]) throws -> OutputFolder.StagedFile {
            let file = try StreamedFile("feed.atom", in: output)
            for parts in appends { file.append(parts) }
            return try file.finish()
        }
        #expect(try output.commit([try stream([Array(parts[..<2]), Array(parts[2...])])]) == [true])
        #expect(FileManager.default.contents(atPath: path) == Data(parts.joined()))
        let written = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date

        #expect(try !stream([[Array(parts.joined())]]).changed)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["feed.atom"])
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date == written)
        let longer = try stream([parts, [Array("more".utf8)]])
        #expect(longer.changed)
        output.discard([longer])
        let shorter = try stream([Array(parts.dropLast())])
        #expect(shorter.changed)
        output.discard([shorter])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["feed.atom"])
    }

    @Test func aFileThatCannotBeWrittenLeavesEveryOldFileAsItWas() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = OutputFolder(path: folder.path)
        #expect(
            try output.write([("index.html", Array("old page".utf8)), ("feed.atom", Array("old feed".utf8))]) == [
                true, true,
            ])
        // The second file's temporary file cannot be made (its folder does not exist): nothing is replaced.
        #expect(throws: PublishError.self) {
            try output.write([("index.html", Array("new page".utf8)), ("no-such-folder/feed.atom", Array("x".utf8))])
        }
        #expect(
            FileManager.default.contents(atPath: folder.appendingPathComponent("index.html").path)
                == Data("old page".utf8))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["feed.atom", "index.html"])
    }

    @Test func aReplacedFileKeepsItsMode() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = OutputFolder(path: folder.path)
        let path = folder.appendingPathComponent("feed.atom").path
        try output.write(Array("one".utf8), as: "feed.atom")
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        try output.write(Array("two".utf8), as: "feed.atom")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o640)
    }

    @Test func whatAKilledRunLeftBehindIsCleanedUp() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // A run killed after writing its temporary file and before renaming it.
        try Data("half a feed".utf8).write(to: folder.appendingPathComponent(".feed.atom.4242.tmp"))
        try Data("other".utf8).write(to: folder.appendingPathComponent(".index.html.4242.tmp"))
        #expect(try OutputFolder(path: folder.path).write(Array("whole".utf8), as: "feed.atom"))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
                ".index.html.4242.tmp", "feed.atom",
            ])
    }

    @Test func aFolderThatCannotBeMadeIsNamedInTheError() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let output = OutputFolder(path: file.appendingPathComponent("output").path)
        #expect {
            try output.write(Array("x".utf8), as: "feed.atom")
        } throws: { error in
            (error as? PublishError)?.description.hasPrefix(file.appendingPathComponent("output").path) == true
        }
    }
}
