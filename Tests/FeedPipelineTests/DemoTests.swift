import Foundation
import Testing

/// `feedmerge demo --no-serve`, the real binary over the sample feeds of feeds/demo/ (served by the demo itself on
/// loopback): the merges its README promises, the look-alikes kept apart, the broken feed reported.
struct DemoTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("feedmerge-demo-\(UUID().uuidString)")

    /// The checkout's root, from this file's place in it.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Each story's title and outlets, canonical first, as feeds/demo/README.md lists them.
    static let expected: [String: [String]] = [
        "В Наурызбайском районе открылась школа на 1 500 мест": ["Акимат города Алматы", "Вечерний город"],
        "Абай ауданында ауысымына 500 адам қабылдайтын емхана ашылды": ["Акимат города Шымкент", "Оңтүстік Қазақстан"],
        "В Енбекшинском районе Шымкента отремонтировали 12 улиц": ["Акимат города Шымкент", "Регион-Инфо — Регионы"],
        "В Алатауском районе к газу подключили 2 300 частных домов": [
            "Акимат города Алматы", "Регион-Инфо — Регионы", "Вечерний город",
        ],
        "Маслихат утвердил бюджет Алматы на 2027 год": ["Маслихат города Алматы", "Вечерний город"],
        "На уборку снега в Алматы выйдут 1 200 единиц техники": ["Акимат города Алматы", "Вечерний город"],
        "Қаратау ауданында 320 орындық балабақша пайдалануға берілді": ["Акимат города Шымкент", "Оңтүстік Қазақстан"],
        "В выходные в Алматы пройдут сельскохозяйственные ярмарки на 12 площадках": [
            "Акимат города Алматы", "Регион-Инфо — Регионы",
        ],
        // The look-alikes, each a story of its own.
        "Новогодние ярмарки в Алматы откроются 19 декабря": ["Вечерний город"],
        "В Бостандыкском районе отремонтировали девять улиц": ["Вечерний город"],
        "Актобе. В Актобе открылась школа на 1 200 мест": ["Регион-Инфо — Регионы"],
        // Nobody reposted these.
        "Алматыда 1 желтоқсаннан бастап 14 жаңа автобус бағыты іске қосылады": ["Акимат города Алматы"],
        "Депутаты маслихата проверили ход ремонта поликлиник в Жетысуском районе": ["Маслихат города Алматы"],
        "В Аль-Фарабийском районе открылся центр поддержки предпринимателей": ["Акимат города Шымкент"],
        "Шымкентте «Жыл мұғалімі» қалалық байқауының жеңімпазы анықталды": ["Оңтүстік Қазақстан"],
    ]

    @Test func theDemoMergesTheRepostsItsReadmePromises() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let binary = Bundle.main.bundleURL.appendingPathComponent("feedmerge")
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path), "feedmerge is not built at \(binary.path)")
        let output = folder.appendingPathComponent("output")
        let process = Process()
        process.executableURL = binary
        process.currentDirectoryURL = Self.root
        process.arguments = [
            "demo", "--no-serve", "--state", folder.appendingPathComponent("demo.sqlite").path, "--output", output.path,
        ]
        let printed = Pipe()
        process.standardOutput = printed
        process.standardError = FileHandle.nullDevice
        try process.run()
        let summary = String(decoding: printed.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(summary)")
        #expect(summary.contains("sources: 6 fetched, 0 not modified, 1 failed"))
        #expect(summary.contains("entries: 24 new; stories: 15 new, 9 reposts merged"))
        #expect(summary.contains("not a feed (an HTML page"))

        let data = try Data(contentsOf: output.appendingPathComponent("feed.json"))
        let feed = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let items = try #require(feed["items"] as? [[String: Any]])
        var stories: [String: [String]] = [:]
        for item in items {
            let outlets = (item["_feedmerge"] as? [String: Any])?["outlets"] as? [[String: Any]] ?? []
            stories[item["title"] as? String ?? ""] = outlets.compactMap { $0["name"] as? String }
        }
        #expect(stories == Self.expected)
        // The windows-1251 feed's Cyrillic came through, and the hostile markup did not.
        let atom = try String(contentsOf: output.appendingPathComponent("feed.atom"), encoding: .utf8)
        #expect(atom.contains("Регион-Инфо — Регионы"))
        #expect(!atom.contains("onclick") && !atom.contains("onerror") && !atom.contains("&lt;script"))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("status.json").path))
    }
}
