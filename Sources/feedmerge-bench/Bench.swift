import Foundation

/// `feedmerge-bench`: how fast feedmerge turns feed bytes into entries, next to libxml2 parsing the same
/// bytes with no callbacks (the floor). See docs/benchmarks.md.
///
/// Why this file: the entry point and the command line. The parent only makes sure the corpus exists and
/// spawns one child process per measurement, so that each reports its own time and peak memory.
@main
struct Bench {
    static func main() async {
        do {
            let options = try Options(arguments: Array(CommandLine.arguments.dropFirst()))
            switch options.task {
            case .help:
                print(Options.usage)
            case .generate:
                let generator = CorpusGenerator(root: options.corpus, scale: options.scale)
                _ = try generator.generate()
            case .measure(let mode, let set):
                try Measurement.printReport(
                    try Measurement.runChild(
                        mode: mode, set: set, folder: options.corpusFolder ?? options.corpus, runs: options.runs))
            case .paired(let set):
                try Measurement.printReport(
                    try Measurement.runPaired(
                        set: set, folder: options.corpusFolder ?? options.corpus, pairs: options.runs))
            case .serve:
                try await RunBenchmark.serve(folder: options.corpusFolder ?? options.corpus)
            case .dedupe:
                try Measurement.printReport(try DedupeBenchmark.runChild())
            case .benchmark:
                try benchmark(options)
            }
        } catch {
            FileHandle.standardError.write(Data("feedmerge-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    /// The run benchmark's report lines; it needs no corpus on disk (a child generates and serves its feeds).
    private static func measureFetch() throws -> [String] {
        log("measuring feedmerge run over \(RunBenchmark.sources) feeds on loopback ...")
        return try RunBenchmark.lines()
    }

    /// The dedupe benchmark's report lines; it generates its entries in memory.
    private static func measureDedupe() throws -> [String] {
        log("measuring the repost detector over \(DedupeBenchmark.entries) generated entries ...")
        return DedupeBenchmark.lines(
            try Measurement.runReporting(["--child", "dedupe"], as: DedupeBenchmark.DedupeReport.self))
    }

    private static func benchmark(_ options: Options) throws {
        if options.onlyFetch {
            print(try measureFetch().joined(separator: "\n"))
            return
        }
        if options.onlyDedupe {
            print(try measureDedupe().joined(separator: "\n"))
            return
        }
        var fetchLines: [String] = []
        var paired: [PairedReport] = []
        let generator = CorpusGenerator(root: options.corpus, scale: options.scale)
        var manifest = generator.existing()
        if manifest == nil {
            log("generating the corpus in \(generator.folder.path) (once per generator version and scale)")
            let start = ContinuousClock.now
            try Measurement.runSelf(
                ["--child", "generate", "--corpus", options.corpus.path, "--scale", String(options.scale)],
                captureOutput: false)
            manifest = generator.existing()
            log("generated in \(Report.seconds(ContinuousClock.now - start))")
        }
        guard let manifest else { throw BenchError("the corpus in \(generator.folder.path) is incomplete") }

        if !options.skipsFetch { fetchLines = try measureFetch() + [""] + (try measureDedupe()) }
        let modes = options.only.map { [$0] } ?? MeasureMode.allCases
        var reports: [ChildReport] = []
        for set in CorpusSet.allCases {
            let files = manifest.files(in: set)
            let megabytes = Report.megabytes(files.reduce(0) { $0 + $1.bytes })
            log("measuring (\(set.rawValue)), \(megabytes) MB: \(options.runs) rounds of \(modes.map(\.rawValue))")
            // Rounds alternate the modes, each in a fresh child that reads the bytes twice (the first pass warms
            // the allocator and caches up; both count), so that the machine's load, which drifts over minutes
            // on these shared machines, weighs on the floor and on feedmerge alike.
            var byMode: [MeasureMode: ChildReport] = [:]
            for round in 1...options.runs {
                for mode in modes {
                    let report = try Measurement.spawn(
                        mode: mode, set: set, folder: generator.folder, runs: Report.runsPerRound)
                    log(
                        "  round \(round) \(mode.rawValue): "
                            + report.seconds.map { Report.seconds($0) }.joined(separator: ", "))
                    byMode[mode] = byMode[mode].map { $0.merged(with: report) } ?? report
                }
            }
            reports += modes.compactMap { byMode[$0] }
            if modes.count == MeasureMode.allCases.count {
                let pairs = max(5, 2 * options.runs + 1)
                log("  \(pairs) alternating pairs of passes in one process ...")
                let pairedReport = try Measurement.spawnPaired(set: set, folder: generator.folder, pairs: pairs)
                log(
                    "  pairs floor/feedmerge: "
                        + zip(pairedReport.floorSeconds, pairedReport.feedmergeSeconds).map {
                            String(format: "%.3f/%.3f", $0, $1)
                        }.joined(separator: ", "))
                paired.append(pairedReport)
            }
        }
        var report = Report(manifest: manifest, folder: generator.folder, runs: options.runs, reports: reports)
        report.paired = paired
        print(report.text)
        if !fetchLines.isEmpty { print("\n" + fetchLines.joined(separator: "\n")) }
    }

    static func log(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

struct Options {
    enum Task {
        case benchmark
        case help
        /// Hidden: write the corpus (run as a child so that the parent's peak RSS stays small).
        case generate
        /// Hidden: one measurement, printed as a JSON line.
        case measure(MeasureMode, CorpusSet)
        /// Hidden: generate and serve the run benchmark's feeds (into --corpus-folder) until stdin closes.
        case serve
        /// Hidden: the dedupe benchmark, printed as a JSON line.
        case dedupe
        /// Hidden: alternating floor and feedmerge passes over one set, printed as a JSON line.
        case paired(CorpusSet)
    }

    var task = Task.benchmark
    var corpus = URL(fileURLWithPath: ".build/bench-corpus", isDirectory: true)
    /// The versioned folder inside `corpus`, passed to measuring children.
    var corpusFolder: URL?
    var runs = 3
    var scale = 1.0
    var only: MeasureMode?
    var onlyFetch = false
    var onlyDedupe = false

    /// `--only floor` or `--only feedmerge` measure the parser alone.
    var skipsFetch: Bool { only != nil }

    static let usage = """
        usage: feedmerge-bench [--corpus DIR] [--runs N] [--scale F] [--only floor|feedmerge|run|dedupe]

          --corpus DIR   where the generated corpus is cached (default .build/bench-corpus)
          --runs N       rounds: each mode runs twice per round, rounds alternate the modes, the best run counts
                         (default 3)
          --scale F      corpus size factor, e.g. 0.1 for a quick run (default 1: >= 100 MB and 50,000 entries
                         in feeds of 100 KB - 2 MB, plus one 50 MB feed)
          --only MODE    measure only the floor (libxml2, no callbacks), only feedmerge's parser, only
                         `feedmerge run` over 1,000 feeds on loopback, or only the repost detector over
                         100,000 generated entries
        """

    init(arguments: [String]) throws {
        var remaining = arguments[...]
        func value(_ flag: String) throws -> String {
            guard let next = remaining.popFirst() else { throw BenchError("\(flag) needs a value\n\(Self.usage)") }
            return next
        }
        while let argument = remaining.popFirst() {
            switch argument {
            case "--corpus":
                corpus = URL(fileURLWithPath: try value(argument), isDirectory: true)
            case "--corpus-folder":
                corpusFolder = URL(fileURLWithPath: try value(argument), isDirectory: true)
            case "--runs":
                guard let runs = Int(try value(argument)), runs >= 1 else { throw BenchError("--runs: a number >= 1") }
                self.runs = runs
            case "--scale":
                guard let scale = Double(try value(argument)), scale > 0, scale <= 10 else {
                    throw BenchError("--scale: a number in (0, 10]")
                }
                self.scale = scale
            case "--only":
                let name = try value(argument)
                if name == "run" || name == "fetch" {
                    onlyFetch = true
                } else if name == "dedupe" {
                    onlyDedupe = true
                } else if let mode = MeasureMode(rawValue: name) {
                    only = mode
                } else {
                    throw BenchError("--only: floor, feedmerge, run or dedupe")
                }
            case "--child":
                let spec = try value(argument)
                if spec == "generate" {
                    task = .generate
                } else if spec == "serve" {
                    task = .serve
                } else if spec == "dedupe" {
                    task = .dedupe
                } else if spec.hasPrefix("paired:"), let set = CorpusSet(rawValue: String(spec.dropFirst(7))) {
                    task = .paired(set)
                } else {
                    let parts = spec.split(separator: ":").map(String.init)
                    guard parts.count == 2, let mode = MeasureMode(rawValue: parts[0]),
                        let set = CorpusSet(rawValue: parts[1])
                    else { throw BenchError("--child: generate or MODE:SET") }
                    task = .measure(mode, set)
                }
            case "-h", "--help":
                task = .help
            default:
                throw BenchError("unknown argument \(argument)\n\(Self.usage)")
            }
        }
        corpus = corpus.standardizedFileURL
    }
}
