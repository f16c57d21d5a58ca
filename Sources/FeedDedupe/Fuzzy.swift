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
}
