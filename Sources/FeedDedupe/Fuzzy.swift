/// Typo-tolerant word comparison: the typos of hurried reposting are one letter left out, typed twice, swapped
/// with its neighbour or mistyped.
enum Fuzzy {
    /// Whether `a` and `b` are equal once at most one letter is deleted from each: a letter left out or added,
    /// mistyped, or moved (two swapped neighbours among them).
    static func withinOneEdit(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
        switch a.count - b.count {
        case 0: return a == b || equalAfterDeletingOneFromEach(a, b)
        case 1: return isOneLetterLonger(a, than: b)
        case -1: return isOneLetterLonger(b, than: a)
        default: return false
        }
    }

    /// Whether deleting one letter of `longer` gives `shorter`.
    static func isOneLetterLonger(_ longer: [Unicode.Scalar], than shorter: [Unicode.Scalar]) -> Bool {
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

    /// For words of one length: one letter deleted from each, anywhere, leaves the same word.
    private static func equalAfterDeletingOneFromEach(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
        // Everything before the first difference and after the last must stay; what is between may differ by one
        // letter taken out of each.
        var first = 0
        while first < a.count && a[first] == b[first] { first += 1 }
        var last = a.count - 1
        while last > first && a[last] == b[last] { last -= 1 }
        let middleA = Array(a[first...last])
        let middleB = Array(b[first...last])
        for i in middleA.indices {
            var trimmedA = middleA
            trimmedA.remove(at: i)
            for j in middleB.indices {
                var trimmedB = middleB
                trimmedB.remove(at: j)
                if trimmedA == trimmedB { return true }
            }
        }
        return false
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
