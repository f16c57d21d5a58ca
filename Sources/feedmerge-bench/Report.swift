import CLibXML2
import Foundation

/// The printed result: one table for both sets, the goals, and the checks that keep the figures honest
/// (feedmerge read every entry the generator wrote; peak RSS really is each child's own).
///
/// Why separate: the table is what people paste into docs/benchmarks.md and compare across commits, so its
/// layout lives in one place. MB are 10^6 bytes throughout, RSS included.
struct Report {
    let manifest: CorpusManifest
    let folder: URL
    let runs: Int
    let reports: [ChildReport]
    var paired: [PairedReport] = []

    static let goalLine = "goal (judged by the paired ratio): >= 50% of floor; < 35% is a defect"

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f", Double(bytes) / 1e6)
    }

    static func megabytes(kilobytes: Int) -> String {
        String(format: "%.0f", Double(kilobytes) * 1024 / 1e6)
    }

    static func seconds(_ value: Double) -> String {
        String(format: "%.3f s", value)
    }

    static func seconds(_ duration: Duration) -> String {
        seconds(Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }

    private func report(_ mode: MeasureMode, _ set: CorpusSet) -> ChildReport? {
        reports.first { $0.mode == mode && $0.set == set }
    }

    /// The ratio the goal is judged by: the median over interleaved pairs of passes in one process (see
    /// `Measurement.runPaired`). Best-against-best favours the shorter measurement on a shared machine whose
    /// load comes in bursts: a 0.2 s floor run fits into a quiet moment far more often than a 0.7 s feedmerge
    /// run (the floor of (b) was seen at 0.17 s and 0.28 s within one minute).
    private func pairedRatio(_ set: CorpusSet) -> Double? {
        paired.first { $0.set == set }?.medianRatio
    }

    /// Runs each child makes (see `Bench.benchmark`).
    static let runsPerRound = 2

    var text: String {
        var lines: [String] = []
        let version = String(cString: cxml_dotted_version())
        lines.append("")
        lines.append(
            "feedmerge-bench: libxml2 \(version), \(runs) rounds x \(Self.runsPerRound) runs (MB/s: best run;"
                + " paired: median of floor/feedmerge over alternating passes in one process), MB = 10^6 bytes,"
                + " corpus \(folder.path)"
        )
        lines.append(composition(.corpus))
        lines.append(composition(.big))
        lines.append("")

        let header = [
            "set", "MB", "entries", "floor MB/s", "feedmerge MB/s", "entries/s", "best/best", "paired",
            "RSS floor", "RSS feedmerge",
        ]
        var rows = [header]
        for set in CorpusSet.allCases {
            rows.append(row(set))
        }
        lines += Self.aligned(rows)
        lines.append("")
        lines += memoryLines()
        lines.append(Self.goalLine)
        lines += verdicts()
        lines += checks()
        return lines.joined(separator: "\n")
    }

    private func composition(_ set: CorpusSet) -> String {
        let files = manifest.files(in: set)
        let bytes = Self.megabytes(files.reduce(0) { $0 + $1.bytes })
        func counts<T: RawRepresentable & Hashable>(_ key: (CorpusFile) -> T, _ order: [T]) -> String
        where T.RawValue == String {
            order.compactMap { value in
                let count = files.filter { key($0) == value }.count
                return count == 0 ? nil : "\(value.rawValue) \(count)"
            }.joined(separator: ", ")
        }
        let kinds = counts(\.kind, FeedKind.allCases)
        let encodings = counts(\.encoding, [.utf8, .windows1251, .koi8r])
        let languages = counts(\.language, [.russian, .kazakh, .mixed])
        let sizes = files.map(\.bytes)
        let range = "\(Self.megabytes(sizes.min() ?? 0))-\(Self.megabytes(sizes.max() ?? 0)) MB"
        let label = set == .corpus ? "\(files.count) feeds of \(range)" : "1 feed"
        let dirty = files.filter(\.hasUndeclaredEntities).count
        let entities = dirty > 0 ? "; \(dirty) with HTML entities XML does not define" : ""
        return "(\(set.rawValue)) \(label), \(bytes) MB: \(kinds)\n    \(encodings); \(languages)\(entities)"
    }

    private func row(_ set: CorpusSet) -> [String] {
        let files = manifest.files(in: set)
        let bytes = files.reduce(0) { $0 + $1.bytes }
        let entries = files.reduce(0) { $0 + $1.entries }
        let floor = report(.floor, set)
        let feedmerge = report(.feedmerge, set)
        let rate = { (report: ChildReport?) -> String in
            report.map { String(format: "%.1f", Double(bytes) / 1e6 / $0.best) } ?? "-"
        }
        let entriesPerSecond = feedmerge.map { Self.grouped(Int((Double($0.entries) / $0.best).rounded())) } ?? "-"
        var ratio = "-"
        if let floor, let feedmerge {
            ratio = String(format: "%.0f%%", floor.best / feedmerge.best * 100)
        }
        let paired = pairedRatio(set).map { String(format: "%.0f%%", $0 * 100) } ?? "-"
        let rss = { (report: ChildReport?) -> String in
            report.map { Self.megabytes(kilobytes: $0.peakRSSKB) + " MB" } ?? "-"
        }
        let label = set == .corpus ? "(a) \(files.count) feeds" : "(b) 1 feed"
        return [
            label, Self.megabytes(bytes), Self.grouped(entries), rate(floor), rate(feedmerge), entriesPerSecond,
            ratio, paired, rss(floor), rss(feedmerge),
        ]
    }

    /// Columns right-aligned except the first.
    private static func aligned(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in
            rows.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
        }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
    }

    private func memoryLines() -> [String] {
        var lines: [String] = []
        let largest = manifest.files(in: .big).map(\.bytes).max() ?? 0
        let limit = 3 * largest + 50_000_000
        if let feedmerge = report(.feedmerge, .big) {
            let peak = feedmerge.peakRSSKB * 1024
            let verdict = peak <= limit ? "ok" : "OVER"
            lines.append(
                "memory (b): feedmerge peak RSS \(Self.megabytes(peak)) MB vs goal 3 x \(Self.megabytes(largest))"
                    + " + 50 = \(Self.megabytes(limit)) MB: \(verdict)")
        }
        let loaded = reports.map {
            "\($0.mode.rawValue) (\($0.set.rawValue)) \(Self.megabytes(kilobytes: $0.inputRSSKB))"
        }
        if !loaded.isEmpty {
            lines.append("RSS with the input loaded, before parsing (MB): " + loaded.joined(separator: ", "))
        }
        return lines
    }

    private func verdicts() -> [String] {
        CorpusSet.allCases.compactMap { set in
            guard let ratio = pairedRatio(set).map({ $0 * 100 }) else { return nil }
            let verdict = ratio >= 50 ? "meets the goal" : ratio >= 35 ? "below the goal" : "DEFECT"
            return "  (\(set.rawValue)) \(String(format: "%.0f%%", ratio)): \(verdict)"
        }
    }

    /// Only what is off: entry counts, refusals, unexpected malformed documents, inherited RSS.
    private func checks() -> [String] {
        var lines: [String] = []
        for report in reports {
            let files = manifest.files(in: report.set)
            let label = "\(report.mode.rawValue) (\(report.set.rawValue))"
            switch report.mode {
            case .feedmerge:
                let written = files.reduce(0) { $0 + $1.entries }
                if report.entries != written || report.failures > 0 {
                    lines.append(
                        "check: \(label) read \(Self.grouped(report.entries)) entries of \(Self.grouped(written)),"
                            + " refused \(report.failures) documents")
                }
            case .floor:
                let dirty = files.filter(\.hasUndeclaredEntities).count
                if report.malformed != dirty {
                    lines.append(
                        "check: libxml2 found \(report.malformed) documents not well-formed in"
                            + " (\(report.set.rawValue)), \(dirty) expected (those with undeclared HTML entities)")
                }
            }
            if let highWater = report.highWaterKB, abs(highWater - report.peakRSSKB) > max(2048, highWater / 20) {
                lines.append(
                    "check: \(label) ru_maxrss \(Self.megabytes(kilobytes: report.peakRSSKB)) MB but VmHWM"
                        + " \(Self.megabytes(kilobytes: highWater)) MB (ru_maxrss inherited from the parent?)")
            }
        }
        return lines
    }
}
