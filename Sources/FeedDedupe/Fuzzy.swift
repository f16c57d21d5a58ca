/// Typo-tolerant comparison: the typos of hurried reposting are one letter left out, typed twice, swapped with
/// its neighbour or mistyped. (Words one typo apart are linked once per corpus, by symmetric deletion:
/// `Corpus.typoNeighbours`.)
enum Fuzzy {
    /// Whether deleting one letter of `longer` gives `shorter`.
    static func isOneLetterLonger<Letter: Equatable>(_ longer: [Letter], than shorter: [Letter]) -> Bool {
        guard longer.count == shorter.count + 1 else { return false }
        var prefix = 0
        while prefix < shorter.count && longer[prefix] == shorter[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < shorter.count - prefix
            && longer[longer.count - 1 - suffix] == shorter[shorter.count - 1 - suffix]
        {
            suffix += 1
        }
        return prefix + suffix >= shorter.count
    }

    /// Whether at most two edits (a letter added, left out, mistyped, or two neighbours swapped) turn `a` into
    /// `b` (optimal string alignment distance).
    static func withinTwoEdits(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
        guard abs(a.count - b.count) <= 2 else { return false }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count] <= 2
    }
}
