import FeedModel
import Synchronization
import Testing

/// The work queue a publish renders its groups of stories with, while it reads the next ones. A queue that never
/// lets its helpers go would hang: the time limit makes that a failure.
@Suite(.timeLimit(.minutes(1)))
struct SharedWorkTests {
    @Test(arguments: [0, 1, 3])
    func everyItemIsWorkedOnOnceAndAllBeforeFinishReturns(helpers: Int) {
        let done = Mutex([Int](repeating: 0, count: 5_000))
        let work = SharedWork<Int>(helpers: helpers) { item in
            done.withLock { $0[item] += 1 }
        }
        for item in 0..<5_000 { work.add(item) }
        work.finish()
        #expect(done.withLock { $0 } == [Int](repeating: 1, count: 5_000))
    }

    /// Nothing added: `finish` still returns (the helpers are let go).
    @Test func finishingWithoutItemsReturns() {
        let work = SharedWork<Int>(helpers: 2) { _ in Issue.record("worked on nothing") }
        work.finish()
    }
}
