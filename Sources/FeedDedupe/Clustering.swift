import Foundation

/// The stories built so far, and the comparison of one entry with them.
struct Clustering {
    struct Story {
        var members: [Int]
        /// The member with the longest text: what every new member's guards are checked against.
        var representative: Int
        var start: Date
    }

    let entries: [DedupeEntry]
    let texts: [Compared]
    let corpus: Corpus
    let settings: Deduplicator.Settings
    private(set) var stories: [Story] = []
    /// By entry: the number of its story (-1 until it is added).
    private var storyNumberOfEntry: [Int]
    /// By entry: its link in canonical form.
    private let canonicalURLs: [String?]
    /// Whether entries are added in order of publication, so that a postings list is too and its lookup can
    /// stop at the first posting older than the window.
    var postingsInOrder = true
    /// By word number, for rare words: the stories with a member that has the word, with when that member was
    /// published, oldest first (entries arrive in order of publication), so a lookup stops at the window.
    private var candidatesByWord: [[(story: Int, published: Date)]]
    private let rareLimit: Int
    /// Canonical article URL → the story that has it.
    private var storyByURL: [String: Int] = [:]

    init(entries: [DedupeEntry], texts: [Compared], corpus: Corpus, settings: Deduplicator.Settings) {
        self.entries = entries
        self.texts = texts
        self.corpus = corpus
        self.settings = settings
        storyNumberOfEntry = Array(repeating: -1, count: entries.count)
        canonicalURLs = entries.map { $0.url.flatMap(CanonicalURL.canonical) }
        rareLimit = max(settings.rareFloor, Int((Double(entries.count) * settings.rareShare).rounded()))
        candidatesByWord = Array(repeating: [], count: corpus.wordCount)
    }

    /// Adds entry `index` to the story it repeats, or to a new one; returns the story's number.
    @discardableResult
    mutating func add(_ index: Int) -> Int {
        if let url = canonicalURLs[index], let story = storyByURL[url], identityHolds(index, story) {
            join(index, story)
            return story
        }
        let rareWords = texts[index].words.filter { corpus.documentFrequency[Int($0)] <= rareLimit }
        let published = entries[index].published
        let oldest = published.addingTimeInterval(-settings.window)
        var shared: [Int: Double] = [:]
        for word in rareWords {
            for posting in candidatesByWord[Int(word)].reversed() {
                if posting.published < oldest {
                    if postingsInOrder { break } else { continue }
                }
                shared[posting.story, default: 0] += corpus.weights[Int(word)]
            }
        }
        let candidates = shared.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(settings.candidates)
        var best: (story: Int, score: Double)?
        for (story, _) in candidates {
            guard let score = score(index, joining: stories[story]), score > best?.score ?? 0 else { continue }
            best = (story, score)
        }
        if let best {
            join(index, best.story, rareWords: rareWords)
            return best.story
        }
        stories.append(Story(members: [], representative: index, start: published))
        join(index, stories.count - 1, rareWords: rareWords)
        return stories.count - 1
    }

    /// Puts entry `index` in story `story` without comparing (an assignment from an earlier run).
    mutating func place(_ index: Int, in story: Int) {
        join(index, story)
    }

    /// Starts a story with entry `index` without comparing; returns its number.
    mutating func placeInNewStory(_ index: Int) -> Int {
        stories.append(Story(members: [], representative: index, start: entries[index].published))
        join(index, stories.count - 1)
        return stories.count - 1
    }

    /// The number of the story entry `index` is in (once added).
    func storyNumber(of index: Int) -> Int { storyNumberOfEntry[index] }

    /// By entry: the entry that started its story (once all are added).
    var firstEntryOfStory: [Int] { storyNumberOfEntry.map { stories[$0].members[0] } }

    /// The same article address within the window is the same story, unless the guards say the texts tell two
    /// (a site that reuses a slug for next year's meeting).
    private func identityHolds(_ index: Int, _ story: Int) -> Bool {
        entries[index].published.timeIntervalSince(stories[story].start) <= settings.window
            && guardsHold(index, stories[story].representative)
    }

    /// Adds entry `index` to `story` and indexes it: by its link, and by its rare words (`rareWords`, when the
    /// caller has them already).
    private mutating func join(_ index: Int, _ story: Int, rareWords: Set<Int32>? = nil) {
        let text = texts[index]
        let published = entries[index].published
        stories[story].members.append(index)
        if text.length > texts[stories[story].representative].length {
            stories[story].representative = index
        }
        storyNumberOfEntry[index] = story
        if let url = canonicalURLs[index] { storyByURL[url] = story }
        let rareWords = rareWords ?? text.words.filter { corpus.documentFrequency[Int($0)] <= rareLimit }
        for word in rareWords where !candidatesByWord[Int(word)].suffix(3).contains(where: { $0.story == story }) {
            candidatesByWord[Int(word)].append((story, published))
        }
    }

    /// How well entry `index` matches `story`, or nil when it must not join it.
    private func score(_ index: Int, joining story: Story) -> Double? {
        let entry = entries[index]
        guard entry.published.timeIntervalSince(story.start) <= settings.window,
            !story.members.contains(where: { entries[$0].source == entry.source })
        else { return nil }
        let best = story.members.prefix(settings.membersCompared).compactMap { match(index, $0) }.max()
        guard let best, guardsHold(index, story.representative) else { return nil }
        return best
    }

    /// The evidence that entries `a` and `b` are one story: containment plus a little for shared title words;
    /// nil when the guards keep them apart.
    func match(_ a: Int, _ b: Int) -> Double? {
        let first = texts[a]
        let second = texts[b]
        let (short, long) = first.weight <= second.weight ? (first, second) : (second, first)
        guard let containment = short.containment(in: long, atLeast: settings.containment, corpus: corpus) else {
            return nil
        }
        if short.figures.isEmpty && short.names.isEmpty
            && first.titleNames.isDisjoint(with: second.titleNames)
        {
            return nil  // nothing in the text to tell it from another story of the same template
        }
        guard guardsHold(a, b) else { return nil }
        let titleOverlap =
            Double(first.titleWords.intersection(second.titleWords).count)
            / Double(max(1, min(first.titleWords.count, second.titleWords.count)))
        return containment + 0.2 * titleOverlap
    }

    /// No figure disagreement, no name of the shorter text missing from the longer (one in four forgiven), and
    /// no titles naming two different places.
    private func guardsHold(_ a: Int, _ b: Int) -> Bool {
        let first = texts[a]
        let second = texts[b]
        guard Compared.figureConflicts(first.figures, second.figures) == 0 else { return false }
        let (short, long) = first.length <= second.length ? (first, second) : (second, first)
        let missing = short.names.filter {
            long.match(for: $0, corpus: corpus) == nil && !long.hasName(near: $0, corpus: corpus)
        }.count
        guard missing <= short.names.count / 4 else { return false }
        let titleOnlyInShort = short.titleNames.filter {
            !long.titleWords.contains($0) && long.match(for: $0, corpus: corpus) == nil
        }
        if !titleOnlyInShort.isEmpty {
            let titleOnlyInLong = long.titleNames.filter {
                !short.titleWords.contains($0) && short.match(for: $0, corpus: corpus) == nil
            }
            if !titleOnlyInLong.isEmpty { return false }
        }
        return true
    }
}

/// A story text prepared for comparison: its words as numbers of the corpus.
struct Compared {
    let words: Set<Int32>
    /// The same words, in order of their numbers.
    let sortedWords: [Int32]
    let titleWords: Set<Int32>
    let names: [Int32]
    let innerTitleWords: [Int32]
    let capitalizedTitleWords: [Int32]
    let figures: [Figure]
    /// How many words the story text has (repeats counted): which of two texts is the shorter.
    let length: Int
    /// Title words that the corpus writes as names, or that the title capitalizes inside it.
    private(set) var titleNames: Set<Int32> = []
    /// The summed weight (rarity) of its words.
    private(set) var weight = 0.0

    init(
        words: Set<Int32>, titleWords: Set<Int32>, names: [Int32], innerTitleWords: [Int32],
        capitalizedTitleWords: [Int32], figures: [Figure], length: Int
    ) {
        self.words = words
        sortedWords = words.sorted()
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
        titleNames = Set(innerTitleWords.filter { corpus.isName[Int($0)] } + capitalizedTitleWords)
    }

    /// `word` itself if this text has it, else a word of this text it may be a typo of.
    func match(for word: Int32, corpus: Corpus) -> Int32? {
        if words.contains(word) { return word }
        return corpus.typoNeighbours(of: word).first(where: words.contains)
    }

    /// Whether this text has a name of six letters or more within two typos of `name` (for names a hurried
    /// typist mangled twice).
    func hasName(near name: Int32, corpus: Corpus) -> Bool {
        let scalars = corpus.scalars(of: name)
        guard scalars.count >= 6 else { return false }
        return names.contains { Fuzzy.withinTwoEdits(scalars, corpus.scalars(of: $0)) }
    }

    /// The weighted share of this text's words found in `other` (a typo counts as the word it misspells), or nil
    /// as soon as it can no longer reach `threshold`, counting every word still to look at as found.
    ///
    /// Both word lists are sorted, so exact matches come from one merge; only a word without an exact match
    /// and with typo neighbours in the corpus costs a lookup.
    func containment(in other: Compared, atLeast threshold: Double, corpus: Corpus) -> Double? {
        var found = 0.0
        var total = 0.0
        var unseen = weight
        var otherIndex = 0
        let otherWords = other.sortedWords
        for word in sortedWords {
            unseen -= corpus.weights[Int(word)]
            while otherIndex < otherWords.count && otherWords[otherIndex] < word { otherIndex += 1 }
            if otherIndex < otherWords.count && otherWords[otherIndex] == word {
                found += corpus.weights[Int(word)]
                total += corpus.weights[Int(word)]
                continue
            }
            let neighbours = corpus.typoNeighbours(of: word)
            if !neighbours.isEmpty, let match = neighbours.first(where: other.words.contains) {
                found += corpus.weights[Int(match)]
                total += corpus.weights[Int(match)]
            } else {
                total += corpus.weights[Int(word)]
                // Only a word not found lowers the share: stop once even finding all the rest would not do.
                if found + unseen < threshold * (total + unseen) { return nil }
            }
        }
        let containment = total > 0 ? found / total : 0
        return containment >= threshold ? containment : nil
    }

    /// How many context words hold figures in both texts that cannot be one another.
    static func figureConflicts(_ a: [Figure], _ b: [Figure]) -> Int {
        func byContext(_ figures: [Figure]) -> [String: [Figure]] {
            var result: [String: [Figure]] = [:]
            for figure in figures {
                if let before = figure.before { result["<" + before, default: []].append(figure) }
                if let after = figure.after { result[">" + after, default: []].append(figure) }
            }
            return result
        }
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        let other = byContext(b)
        var conflicts = 0
        for (context, figures) in byContext(a) {
            guard let others = other[context] else { continue }
            if !figures.contains(where: { figure in others.contains(where: figure.matches) }) { conflicts += 1 }
        }
        return conflicts
    }
}
