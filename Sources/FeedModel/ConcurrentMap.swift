import Dispatch
import Foundation
import Synchronization

extension RandomAccessCollection where Index == Int, Self: Sendable {
    /// `transform` of every element, in order, computed on every core, `chunk` elements at a time: for work that
    /// is the same for each element and independent of the others (a text read, a file rendered).
    ///
    /// Inlinable, so that each caller gets a copy specialized to its types (a generic one works through value
    /// witnesses: a retain, a release and a metadata look-up for every element).
    @inlinable
    package func concurrentMap<T: Sendable>(chunk: Int = 64, _ transform: @Sendable (Element) -> T) -> [T] {
        let count = self.count
        let results = [T?](unsafeUninitializedCapacity: count) { buffer, initialized in
            buffer.initialize(repeating: nil)
            nonisolated(unsafe) let output = buffer
            let base = startIndex
            DispatchQueue.concurrentPerform(iterations: (count + chunk - 1) / chunk) { part in
                for offset in (part * chunk)..<Swift.min(count, (part + 1) * chunk) {
                    output[offset] = transform(self[base + offset])
                }
            }
            initialized = count
        }
        return results.compactMap { $0 }
    }
}

/// Items handed over one at a time as they come (`add`) and worked on at once by helper threads, then, once the
/// caller has handed over the last (`finish`), by the caller's thread too: a producer that uses a core of its own
/// (a reader) keeps exactly one core, where handing each item to the global queue would run more threads than
/// there are cores, the producer starved among them.
///
/// Items are taken in the order they were added. Every `SharedWork` must be finished (`finish`): until then its
/// helpers wait for more.
package final class SharedWork<Item: Sendable>: Sendable {
    private struct Queue {
        /// Taken items are let go (set to nil) at once.
        var items: [Item?] = []
        var next = 0
        var isFinished = false
    }

    private let queue = Mutex(Queue())
    private let wake = DispatchSemaphore(value: 0)
    private let helpers = DispatchGroup()
    private let helperCount: Int
    private let work: @Sendable (Item) -> Void

    /// `helpers`: threads working while the caller produces (by default, one fewer than the cores).
    package init(
        helpers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount - 1),
        _ work: @escaping @Sendable (Item) -> Void
    ) {
        helperCount = helpers
        self.work = work
        for _ in 0..<helpers {
            DispatchQueue.global().async(group: self.helpers) { [self] in
                while true {
                    wake.wait()
                    while let item = take() { work(item) }
                    if queue.withLock({ $0.isFinished && $0.next == $0.items.count }) { return }
                }
            }
        }
    }

    package func add(_ item: Item) {
        queue.withLock { $0.items.append(item) }
        wake.signal()
    }

    /// No more items: the caller's thread works on those left, then waits for the helpers to end theirs.
    package func finish() {
        queue.withLock { $0.isFinished = true }
        for _ in 0..<helperCount { wake.signal() }
        while let item = take() { work(item) }
        helpers.wait()
    }

    private func take() -> Item? {
        queue.withLock { queue in
            guard queue.next < queue.items.count else { return nil }
            defer {
                queue.items[queue.next] = nil
                queue.next += 1
            }
            return queue.items[queue.next]
        }
    }
}
