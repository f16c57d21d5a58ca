import CGlibcMalloc
import Foundation

/// How many heaps glibc's malloc keeps: two a core (and at least four, one for each thread a publish keeps busy),
/// not its eight a core.
///
/// glibc gives a thread that finds the heaps busy a heap (an arena) of its own, up to eight a core, and each keeps
/// what was freed in it for its own thread. A run's fetching, parsing and detecting threads so held up to 315 MB
/// at the peak of a first run over 1,000 feeds, where issue 6's goal is 300 MB; with four arenas on two cores the
/// same run peaked at 267-295 MB, in no more time, and a publish of 10,000 stories took no longer
/// (docs/benchmarks.md, "The full run"). One arena a core saved no more, and once slowed a publish by half. Set before any
/// other thread starts.
enum MallocArenas {
    static func limit() {
        #if canImport(Glibc)
            _ = mallopt(M_ARENA_MAX, Int32(clamping: max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)))
        #endif
    }
}
