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
    /// The words of the longer text while two are compared.
    private var marks: WordMarks

    init(entries: [DedupeEntry], texts: [Compared], corpus: Corpus, settings: Deduplicator.Settings) {
        self.entries = entries
        self.texts = texts
        self.corpus = corpus
        self.settings = settings
        storyNumberOfEntry = Array(repeating: -1, count: entries.count)
        canonicalURLs = entries.map { $0.url.flatMap(CanonicalURL.canonical) }
        rareLimit = max(settings.rareFloor, Int((Double(entries.count) * settings.rareShare).rounded()))
        candidatesByWord = Array(repeating: [], count: corpus.wordCount)
        marks = WordMarks(wordCount: corpus.wordCount)
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
            guard let score = score(index, joining: story), score > best?.score ?? 0 else { continue }
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
    private mutating func join(_ index: Int, _ story: Int, rareWords: [Int32]? = nil) {
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
    private mutating func score(_ index: Int, joining number: Int) -> Double? {
        let story = stories[number]
        let entry = entries[index]
        guard entry.published.timeIntervalSince(story.start) <= settings.window,
            !story.members.contains(where: { entries[$0].source == entry.source })
        else { return nil }
        var best: Double?
        for member in story.members.prefix(settings.membersCompared) {
            if let score = match(index, member), score > best ?? 0 { best = score }
        }
        guard let best, guardsHold(index, story.representative) else { return nil }
        return best
    }

    /// The evidence that entries `a` and `b` are one story: containment plus a little for shared title words;
    /// nil when the guards keep them apart.
    mutating func match(_ a: Int, _ b: Int) -> Double? {
        let first = texts[a]
        let second = texts[b]
        let (short, long) = first.weight <= second.weight ? (first, second) : (second, first)
        marks.mark(long.words)
        let found = short.containment(inMarked: marks, atLeast: settings.containment, corpus: corpus)
        marks.clear(long.words)
        guard let containment = found else { return nil }
        if short.figures.isEmpty && short.names.isEmpty
            && first.titleNames.sortedIntersectionCount(second.titleNames) == 0
        {
            return nil  // nothing in the text to tell it from another story of the same template
        }
        guard guardsHold(a, b) else { return nil }
        let titleOverlap =
            Double(first.titleWords.sortedIntersectionCount(second.titleWords))
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
            !long.titleWords.sortedContains($0) && long.match(for: $0, corpus: corpus) == nil
        }
        if !titleOnlyInShort.isEmpty {
            let titleOnlyInLong = long.titleNames.filter {
                !short.titleWords.sortedContains($0) && short.match(for: $0, corpus: corpus) == nil
            }
            if !titleOnlyInLong.isEmpty { return false }
        }
        return true
    }
}

/// A set of word numbers as bits: which words the text being compared with has, looked up in constant time.
struct WordMarks {
    private var bits: [UInt64]

    init(wordCount: Int) {
        bits = Array(repeating: 0, count: wordCount / 64 + 1)
    }

    func contains(_ word: Int32) -> Bool {
        bits[Int(word) >> 6] & (1 << (UInt64(word) & 63)) != 0
    }

    mutating func mark(_ words: [Int32]) {
        for word in words { bits[Int(word) >> 6] |= 1 << (UInt64(word) & 63) }
    }

    /// Unmarks `words` (what `mark` marked), leaving the set empty again without touching the rest.
    mutating func clear(_ words: [Int32]) {
        for word in words { bits[Int(word) >> 6] = 0 }
    }
}
