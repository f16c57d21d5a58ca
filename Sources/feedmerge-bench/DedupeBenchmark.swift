import FeedDedupe
import FeedParse
import Foundation

/// The repost detector over 100,000 generated entries: a year of 40 outlets, 15% of the stories reposted one
/// to three times with the edits regional press makes, and one story in ten a templated twin of another (same
/// wording, another place, person and figures).
///
/// The floor is the part no detector can skip: turning the same entries' HTML into plain text (libxml2's HTML
/// parser, `PlainText.paragraphs`), in the same process and on the same cores. The generated truth also gives
/// pairwise precision and recall, to show that the workload merges what it should (the labelled development
/// set in ../shared/dedup, not this, judges quality).
enum DedupeBenchmark {
    static let entries = 100_000
    static let outlets = 40
    static let days = 365

    struct DedupeReport: Codable, Sendable {
        var entries: Int
        var stories: Int
        var floorSeconds: Double
        var seconds: Double
        var foundStories: Int
        var precision: Double
        var recall: Double
        var peakRSSKB: Int
    }

    /// The child: generates the entries, measures the floor, then the detector.
    static func runChild() throws -> DedupeReport {
        let (entries, truth) = generate(count: Self.entries)
        let floorStart = ContinuousClock.now
        let paragraphs = plainTextFloor(entries)
        let floor = ContinuousClock.now - floorStart
        precondition(paragraphs > 0)
        let start = ContinuousClock.now
        let stories = Deduplicator().stories(of: entries)
        let elapsed = ContinuousClock.now - start
        let (precision, recall) = pairwise(predicted: stories, truth: truth)
        return DedupeReport(
            entries: entries.count, stories: Set(truth).count, floorSeconds: floor.seconds, seconds: elapsed.seconds,
            foundStories: Set(stories).count, precision: precision, recall: recall,
            peakRSSKB: Measurement.maxRSSKB())
    }

    static func lines(_ report: DedupeReport) -> [String] {
        [
            "dedupe: \(report.entries) generated entries (\(report.stories) stories, 15% reposted, 10% templated"
                + " twins) over \(days) days from \(outlets) outlets",
            String(
                format: "  plain text of every entry (floor) %.2f s; detector %.2f s = %.1f x floor; goal 10 s: %@",
                report.floorSeconds, report.seconds, report.seconds / report.floorSeconds,
                report.seconds < 10 ? "ok" : "OVER"),
            String(
                format: "  %d stories found; pairwise P %.3f R %.3f against the generated truth", report.foundStories,
                report.precision, report.recall),
            "  peak RSS \(Report.megabytes(kilobytes: report.peakRSSKB)) MB (goal 1 GB)",
        ]
    }

    /// Paragraph count, so the work cannot be optimized away.
    private static func plainTextFloor(_ entries: [DedupeEntry]) -> Int {
        let counts = entries.concurrentMap { entry in
            PlainText.paragraphs(fromHTML: entry.html).count + PlainText.paragraphs(fromHTML: entry.title).count
        }
        return counts.reduce(0, +)
    }

    private static func pairwise(predicted: [Int], truth: [Int]) -> (Double, Double) {
        func pairs(_ groups: [Int: Int]) -> Int { groups.values.reduce(0) { $0 + $1 * ($1 - 1) / 2 } }
        var byPredicted: [Int: Int] = [:]
        var byTruth: [Int: Int] = [:]
        var byBoth: [Int: Int] = [:]
        for index in predicted.indices {
            byPredicted[predicted[index], default: 0] += 1
            byTruth[truth[index], default: 0] += 1
            byBoth[predicted[index] &* 1_000_003 &+ truth[index], default: 0] += 1
        }
        let correct = Double(pairs(byBoth))
        return (correct / Double(max(1, pairs(byPredicted))), correct / Double(max(1, pairs(byTruth))))
    }

    /// A story as generated: the parts a repost edits.
    private struct Story {
        var title: String
        var place: String
        /// Millions of tenge, in the lead.
        var amount: Int
        var paragraphs: [String]
        var footer: String
        var published: Date
        var source: Int
    }

    /// Entries and, for each, the number of its true story: `count` entries from `outlets` outlets over `days`
    /// days from `start` (the run benchmark's feeds are made of these too).
    static func generate(
        count: Int, outlets: Int = Self.outlets, days: Int = Self.days,
        start: Date = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01
    ) -> (entries: [DedupeEntry], truth: [Int]) {
        var text = TextGenerator(seed: 0x6465_6475_7065)  // "dedupe"
        var entries: [DedupeEntry] = []
        var truth: [Int] = []
        var templates: [[String]] = []
        var storyNumber = 0
        while entries.count < count {
            let dayShare = Double(entries.count) / Double(count) * Double(days)
            let published = start.addingTimeInterval(dayShare * 86_400 + Double(text.rng.below(3_600)))
            let source = text.rng.below(outlets)
            let place = String(decoding: text.place(), as: UTF8.self)
            let person = text.personName()
            let amount = text.rng.between(1_000, 9_999)
            var body: [String]
            if !templates.isEmpty && text.rng.percent(10) {
                body = text.rng.pick(templates)  // a templated twin: the same wording about another place
            } else {
                body = (0..<text.rng.between(3, 7)).map { _ in paragraph(&text) }
                if templates.count < 500 { templates.append(body) }
            }
            body.insert("Слово взял \(person), он рассказал о ходе работ.", at: 0)
            var titleBytes: [UInt8] = []
            text.sentence(.russian, into: &titleBytes, words: 5...9, final: false)
            let story = Story(
                title: String(decoding: titleBytes, as: UTF8.self) + " в \(place)", place: place, amount: amount,
                paragraphs: body,
                footer: "Пресс-служба акимата \(place)", published: published, source: source)
            entries.append(entry(story, uid: entries.count, reposted: false, text: &text))
            truth.append(storyNumber)
            if text.rng.percent(15) {
                var used: Set<Int> = [source]
                for _ in 0..<text.rng.between(1, 3) {
                    var repost = story
                    repost.source = text.rng.below(outlets)
                    guard used.insert(repost.source).inserted, entries.count < count else { continue }
                    repost.published = story.published.addingTimeInterval(Double(text.rng.between(-1_800, 172_800)))
                    entries.append(entry(repost, uid: entries.count, reposted: true, text: &text))
                    truth.append(storyNumber)
                }
            }
            storyNumber += 1
        }
        return (entries, truth)
    }

    private static func paragraph(_ text: inout TextGenerator) -> String {
        var bytes: [UInt8] = []
        for index in 0..<text.rng.between(2, 3) {
            if index > 0 { bytes.append(UInt8(ascii: " ")) }
            text.sentence(text.rng.percent(15) ? .kazakh : .russian, into: &bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The entry's HTML; a repost gets some of the edits outlets make.
    private static func entry(_ story: Story, uid: Int, reposted: Bool, text: inout TextGenerator) -> DedupeEntry {
        // "1 250 млн" in the release; a repost may write "1,25 млрд".
        var lead =
            "В городе \(story.place) завершили работу. На эти цели выделено \(story.amount / 1000) "
            + String(String(story.amount % 1000 + 1000).dropFirst()) + " млн тенге."
        if reposted && text.rng.percent(20) {
            lead =
                "В городе \(story.place) завершили работу. На эти цели выделено \(story.amount / 1000),"
                + String(String(story.amount % 1000 + 1000).dropFirst()) + " млрд тенге."
        }
        var paragraphs = [lead] + story.paragraphs
        var title = story.title
        var footer: String? = story.footer
        if reposted {
            if text.rng.percent(25) { paragraphs = [paragraphs[0]] }  // a summary-only feed
            if text.rng.percent(30) { footer = text.rng.percent(50) ? nil : "Фото: редакция" }
            if text.rng.percent(30) { title = "Новости. " + title }
            if text.rng.percent(30) {
                paragraphs = paragraphs.map { typo(in: $0, text: &text) }
            }
        }
        var html = paragraphs.map { "<p>\($0)</p>" }.joined()
        if let footer { html += "<p><em>\(footer)</em></p>" }
        return DedupeEntry(
            uid: String(uid), source: "https://outlet\(story.source).kz/rss", title: title, published: story.published,
            html: html)
    }

    /// Two neighbouring letters of one word swapped.
    private static func typo(in paragraph: String, text: inout TextGenerator) -> String {
        var scalars = Array(paragraph.unicodeScalars)
        guard scalars.count > 10 else { return paragraph }
        let at = text.rng.between(1, scalars.count - 3)
        if scalars[at].properties.isAlphabetic && scalars[at + 1].properties.isAlphabetic {
            scalars.swapAt(at, at + 1)
        }
        return String(String.UnicodeScalarView(scalars))
    }
}

extension Duration {
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
