/// A story text prepared for comparison: its words as numbers of the corpus, each list sorted.
struct Compared {
    /// Distinct words of the story text, in order of their numbers.
    let words: [Int32]
    let titleWords: [Int32]
    let names: [Int32]
    let innerTitleWords: [Int32]
    let capitalizedTitleWords: [Int32]
    let figures: [Figure]
    /// How many words the story text has (repeats counted): which of two texts is the shorter.
    let length: Int
    /// Title words that the corpus writes as names, or that the title capitalizes inside it.
    private(set) var titleNames: [Int32] = []
    /// The summed weight (rarity) of its words.
    private(set) var weight = 0.0

    init(
        words: [Int32], titleWords: [Int32], names: [Int32], innerTitleWords: [Int32],
        capitalizedTitleWords: [Int32], figures: [Figure], length: Int
    ) {
        self.words = words
        self.titleWords = titleWords
        self.names = names
        self.innerTitleWords = innerTitleWords
        self.capitalizedTitleWords = capitalizedTitleWords
        self.figures = figures
        self.length = length
    }

    /// Weight and title names, once the corpus is complete.
    mutating func weigh(in corpus: Corpus) {
        weight = words.reduce(0) { $0 + corpus.weights[Int($1)] }
        titleNames = Array(Set(innerTitleWords.filter { corpus.isName[Int($0)] } + capitalizedTitleWords)).sorted()
    }

    /// `word` itself if this text has it, else a word of this text it may be a typo of.
    func match(for word: Int32, corpus: Corpus) -> Int32? {
        if words.sortedContains(word) { return word }
        return corpus.typoNeighbours(of: word).first(where: words.sortedContains)
    }

    /// Whether this text has a name of six letters or more within two typos of `name` (for names a hurried
    /// typist mangled twice).
    func hasName(near name: Int32, corpus: Corpus) -> Bool {
        let scalars = Array(corpus.scalars(of: name))
        guard scalars.count >= 6 else { return false }
        return names.contains { Fuzzy.withinTwoEdits(scalars, Array(corpus.scalars(of: $0))) }
    }

    /// The weighted share of this text's words found in the text whose words are `marked` (a typo counts as the
    /// word it misspells), or nil as soon as it can no longer reach `threshold`, counting every word still to look
    /// at as found.
    func containment(inMarked marked: WordMarks, atLeast threshold: Double, corpus: Corpus) -> Double? {
        var found = 0.0
        var total = 0.0
        var unseen = weight
        for word in words {
            let weight = corpus.weights[Int(word)]
            unseen -= weight
            if marked.contains(word) {
                found += weight
                total += weight
            } else if let match = corpus.typoNeighbours(of: word).first(where: marked.contains) {
                found += corpus.weights[Int(match)]
                total += corpus.weights[Int(match)]
            } else {
                total += weight
                // Only a word not found lowers the share: stop once even finding all the rest would not do.
                if found + unseen < threshold * (total + unseen) { return nil }
            }
        }
        let containment = total > 0 ? found / total : 0
        return containment >= threshold ? containment : nil
    }

    /// How many places (the word before, or the word after) hold figures in both texts that cannot be one
    /// another.
    static func figureConflicts(_ a: [Figure], _ b: [Figure]) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        // A place is a word key, tagged with its side.
        func places(_ figures: [Figure]) -> [(place: UInt64, figure: Int)] {
            var places: [(place: UInt64, figure: Int)] = []
            for (index, figure) in figures.enumerated() {
                if let before = figure.before { places.append((before << 1, index)) }
                if let after = figure.after { places.append((after << 1 | 1, index)) }
            }
            return places.sorted { ($0.place, $0.figure) < ($1.place, $1.figure) }
        }
        let first = places(a)
        let second = places(b)
        var conflicts = 0
        var index = 0
        var otherIndex = 0
        while index < first.count {
            let place = first[index].place
            var end = index
            while end < first.count && first[end].place == place { end += 1 }
            while otherIndex < second.count && second[otherIndex].place < place { otherIndex += 1 }
            var otherEnd = otherIndex
            while otherEnd < second.count && second[otherEnd].place == place { otherEnd += 1 }
            if otherEnd > otherIndex {
                let agree = first[index..<end].contains { mine in
                    second[otherIndex..<otherEnd].contains { a[mine.figure].matches(b[$0.figure]) }
                }
                if !agree { conflicts += 1 }
            }
            index = end
            otherIndex = otherEnd
        }
        return conflicts
    }
}

extension [Int32] {
    /// Whether this sorted list has `value` (binary search).
    func sortedContains(_ value: Int32) -> Bool {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < count && self[low] == value
    }

    /// How many values this sorted list of distinct values shares with `other` (also sorted, distinct).
    func sortedIntersectionCount(_ other: [Int32]) -> Int {
        var shared = 0
        var index = 0
        var otherIndex = 0
        while index < count && otherIndex < other.count {
            if self[index] < other[otherIndex] {
                index += 1
            } else if self[index] > other[otherIndex] {
                otherIndex += 1
            } else {
                shared += 1
                index += 1
                otherIndex += 1
            }
        }
        return shared
    }
}
