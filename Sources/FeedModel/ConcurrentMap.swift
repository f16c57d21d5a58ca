import Dispatch

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
