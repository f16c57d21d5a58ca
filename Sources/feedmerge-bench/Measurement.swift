import FeedModel
import FeedParse
import Foundation

/// One measurement per child process: the parent spawns this same executable with a hidden mode, the child
/// loads its files, times N runs and prints one JSON line.
///
/// Why separate processes: peak RSS (`getrusage` `ru_maxrss`) only means something for a process that did
/// one thing, and a fresh process keeps one measurement's heap, caches and libxml2 state out of the next.
/// Caveat: on Linux, a child started through `posix_spawn` (Foundation's `Process`) inherits its parent's
/// `ru_maxrss` (the kernel carries the peak over across `exec`), so the parent stays small (the corpus is
/// generated in a child too) and the child also reports `VmHWM`, which is its own, as a cross-check.
enum MeasureMode: String, Codable, CaseIterable, Sendable {
    case floor
    case feedmerge
}

struct ChildReport: Codable, Sendable {
    var mode: MeasureMode
    var set: CorpusSet
    var files: Int
    var bytes: Int
    /// Entries feedmerge returned (0 for the floor).
    var entries: Int
    /// Each run's wall time in seconds, monotonic clock.
    var seconds: [Double]
    /// `ru_maxrss` once the input is loaded, before parsing.
    var inputRSSKB: Int
    /// `ru_maxrss` at the end.
    var peakRSSKB: Int
    /// `VmHWM` from /proc/self/status at the end, when readable.
    var highWaterKB: Int?
    /// Floor: documents libxml2 did not find well-formed.
    var malformed: Int
    /// feedmerge: documents it refused (threw).
    var failures: Int
    /// feedmerge: warnings over all documents, last run.
    var warnings: Int

    var best: Double {
        seconds.min() ?? .nan
    }

    /// This report and another child's of the same measurement: all runs, the higher peaks.
    func merged(with other: ChildReport) -> ChildReport {
        var merged = other
        merged.seconds = seconds + other.seconds
        merged.inputRSSKB = max(inputRSSKB, other.inputRSSKB)
        merged.peakRSSKB = max(peakRSSKB, other.peakRSSKB)
        merged.highWaterKB = [highWaterKB, other.highWaterKB].compactMap { $0 }.max()
        return merged
    }
}

/// Interleaved passes of the floor and feedmerge over one set, for the ratio the goal is judged by.
struct PairedReport: Codable, Sendable {
    var set: CorpusSet
    var floorSeconds: [Double]
    var feedmergeSeconds: [Double]

    /// The median of the pairs' floor/feedmerge ratios.
    var medianRatio: Double? {
        let ratios = zip(floorSeconds, feedmergeSeconds).map { $0 / $1 }.sorted()
        guard !ratios.isEmpty else { return nil }
        let middle = ratios.count / 2
        return ratios.count % 2 == 1 ? ratios[middle] : (ratios[middle - 1] + ratios[middle]) / 2
    }
}

enum Measurement {
    /// The set's files, read into memory and touched (so no page is faulted in while timing).
    static func loadInputs(set: CorpusSet, folder: URL) throws -> (files: [CorpusFile], inputs: [Data]) {
        let manifestURL = folder.appendingPathComponent(CorpusGenerator.manifestName)
        let manifest = try JSONDecoder().decode(CorpusManifest.self, from: Data(contentsOf: manifestURL))
        let files = manifest.files(in: set)
        var inputs: [Data] = []
        var checksum = 0
        for file in files {
            let data = try Data(contentsOf: folder.appendingPathComponent(file.name))
            checksum &+= data.withUnsafeBytes { bytes in
                stride(from: 0, to: bytes.count, by: 4096).reduce(0) { $0 &+ Int(bytes[$1]) }
            }
            inputs.append(data)
        }
        // Keeps the loading loop from being optimized away.
        if checksum == 42 { FileHandle.standardError.write(Data(" ".utf8)) }
        return (files, inputs)
    }

    /// What one pass over the set counted.
    struct Pass {
        var seconds = 0.0
        var entries = 0
        var malformed = 0
        var failures = 0
        var warnings = 0
    }

    /// One timed pass of `mode` over the inputs.
    static func pass(_ mode: MeasureMode, files: [CorpusFile], inputs: [Data], parser: FeedParser) -> Pass {
        var pass = Pass()
        let elapsed = ContinuousClock().measure {
            switch mode {
            case .floor:
                for data in inputs where !data.withUnsafeBytes({ FloorParser.parse($0) }) {
                    pass.malformed += 1
                }
            case .feedmerge:
                for (index, data) in inputs.enumerated() {
                    do {
                        let result = try parser.parse(
                            data, url: files[index].url, charset: nil, name: files[index].name)
                        pass.entries += result.feed.entries.count
                        pass.warnings += result.warnings.count
                    } catch {
                        pass.failures += 1
                    }
                }
            }
        }
        pass.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return pass
    }

    /// The hidden child mode: measures and returns the report the child prints.
    static func runChild(mode: MeasureMode, set: CorpusSet, folder: URL, runs: Int) throws -> ChildReport {
        let (files, inputs) = try loadInputs(set: set, folder: folder)
        var report = ChildReport(
            mode: mode, set: set, files: files.count, bytes: inputs.reduce(0) { $0 + $1.count }, entries: 0,
            seconds: [], inputRSSKB: maxRSSKB(), peakRSSKB: 0, highWaterKB: nil, malformed: 0, failures: 0,
            warnings: 0)
        let parser = FeedParser(defaultTimeZone: nil)
        for _ in 0..<max(1, runs) {
            let pass = pass(mode, files: files, inputs: inputs, parser: parser)
            report.seconds.append(pass.seconds)
            report.entries = pass.entries
            report.malformed = pass.malformed
            report.failures = pass.failures
            report.warnings = pass.warnings
        }
        report.peakRSSKB = maxRSSKB()
        report.highWaterKB = highWaterKB()
        return report
    }

    /// The hidden paired mode: the floor and feedmerge passes alternate in one process, `pairs` times (which
    /// goes first alternates too), so that a burst of load on the machine weighs on both.
    static func runPaired(set: CorpusSet, folder: URL, pairs: Int) throws -> PairedReport {
        let (files, inputs) = try loadInputs(set: set, folder: folder)
        let parser = FeedParser(defaultTimeZone: nil)
        var report = PairedReport(set: set, floorSeconds: [], feedmergeSeconds: [])
        for pair in 0..<max(1, pairs) {
            let order: [MeasureMode] = pair % 2 == 0 ? [.floor, .feedmerge] : [.feedmerge, .floor]
            for mode in order {
                let seconds = pass(mode, files: files, inputs: inputs, parser: parser).seconds
                if mode == .floor {
                    report.floorSeconds.append(seconds)
                } else {
                    report.feedmergeSeconds.append(seconds)
                }
            }
        }
        return report
    }

    static func spawnPaired(set: CorpusSet, folder: URL, pairs: Int) throws -> PairedReport {
        try runReporting(
            ["--child", "paired:\(set.rawValue)", "--corpus-folder", folder.path, "--runs", String(pairs)],
            as: PairedReport.self)
    }

    /// Runs one measurement in a child process and returns what it reported.
    static func spawn(mode: MeasureMode, set: CorpusSet, folder: URL, runs: Int) throws -> ChildReport {
        try runReporting(
            ["--child", "\(mode.rawValue):\(set.rawValue)", "--corpus-folder", folder.path, "--runs", String(runs)],
            as: ChildReport.self)
    }

    /// A child's report: the last JSON line it printed (see `printReport`).
    static func runReporting<Report: Decodable>(_ arguments: [String], as type: Report.Type) throws -> Report {
        let output = try runSelf(arguments, captureOutput: true)
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("{") }) else {
            throw BenchError("the child \(arguments.joined(separator: " ")) printed no report")
        }
        return try JSONDecoder().decode(Report.self, from: Data(line.utf8))
    }

    /// Prints a child's report as one JSON line for the parent (`runReporting`).
    static func printReport(_ report: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
    }

    /// Runs this executable with `arguments`, returning its standard output when captured.
    @discardableResult
    static func runSelf(_ arguments: [String], captureOutput: Bool) throws -> String {
        let process = Process()
        process.executableURL = Bundle.main.executableURL ?? URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = arguments
        let pipe = Pipe()
        if captureOutput { process.standardOutput = pipe }
        try process.run()
        let data = captureOutput ? pipe.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw BenchError("child \(arguments.joined(separator: " ")) failed (status \(process.terminationStatus))")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Peak resident set size of this process, in KiB (Linux reports `ru_maxrss` in KiB).
    static func maxRSSKB() -> Int {
        var usage = rusage()
        guard getrusage(Int32(RUSAGE_SELF.rawValue), &usage) == 0 else { return 0 }
        return Int(usage.ru_maxrss)
    }

    /// `VmHWM` (peak RSS of this address space) in KiB, or nil where /proc is missing.
    static func highWaterKB() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return nil }
        return Int(line.dropFirst("VmHWM:".count).filter(\.isNumber))
    }
}
