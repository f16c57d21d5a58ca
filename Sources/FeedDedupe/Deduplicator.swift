import Foundation

/// Groups entries into stories: each repost joins the story it repeats; distinct stories that merely look alike
/// stay apart.
///
/// Entries are taken in order of publication. Each is compared with the stories that share its rare words
/// (candidates), and joins the one it matches best, if any:
/// - **containment**: the share of the shorter text's words (weighted by rarity, typos forgiven) found in the
///   longer one, so that a summary matches the full text it was cut from;
/// - **guards**: no figure that disagrees with the figure written beside the same words, no name of a person or
///   place that the other text lacks, no title naming another place; a text with neither figures nor names
///   needs its title to name the same place;
/// - **one entry per source** in a story, and a **time window** from the story's first entry;
/// - **no chaining**: the guards hold against the story's representative (its longest text), not only against
///   the member it resembles most.
public struct Deduplicator: Sendable {
    public struct Settings: Sendable, Hashable {
        /// How long after a story's first entry a repost may join it.
        public var window: TimeInterval = 3 * 86_400
        /// The least containment that makes two texts one story.
        public var containment = 0.6
        /// How many candidate stories are verified per entry, the most promising first.
        public var candidates = 30
        /// How many members of a candidate story the entry is compared with.
        public var membersCompared = 8
        /// Words in more than this share of the texts (and more than `rareFloor` texts) do not make candidates.
        public var rareShare = 0.025
        public var rareFloor = 100

        public init() {}
    }

    public var settings: Settings

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// For each entry, the index of the entry that started its story (the entry itself when it is the first).
    public func stories(of entries: [DedupeEntry]) -> [Int] {
        let texts = Self.storyTexts(of: entries)
        let corpus = Corpus(texts)
        var clustering = Clustering(entries: entries, texts: texts, corpus: corpus, settings: settings)
        let order = entries.indices.sorted {
            (entries[$0].published, $0) < (entries[$1].published, $1)
        }
        for index in order { clustering.add(index) }
        return clustering.storyOfEntry
    }
}

extension Deduplicator {
    /// The story texts of `entries`, read on every core.
    static func storyTexts(of entries: [DedupeEntry]) -> [StoryText] {
        let placeholder = StoryText(title: "", html: "")
        return [StoryText](unsafeUninitializedCapacity: entries.count) { buffer, count in
            buffer.initialize(repeating: placeholder)
            nonisolated(unsafe) let output = buffer
            let chunk = 64
            DispatchQueue.concurrentPerform(iterations: (entries.count + chunk - 1) / chunk) { part in
                for index in (part * chunk)..<min(entries.count, (part + 1) * chunk) {
                    output[index] = StoryText(title: entries[index].title, html: entries[index].html)
                }
            }
            count = entries.count
        }
    }
}

/// Statistics over all the texts compared: every word gets a number, and with it how rare it is, which words
/// may be typos of one another, and which are names.
struct Corpus {
    /// Word → its number.
    var ids: [String: Int32] = [:]
    /// By word number: in how many texts it occurs, and its weight, log(texts / that).
    var documentFrequency: [Int32] = []
    var weights: [Double] = []
    /// By word number: the words one typo away (one letter left out, added, mistyped or moved).
    var typoNeighbours: [[Int32]] = []
    /// Words more often written as a name (capitalized inside a sentence) than in lower case.
    var nameWords: Set<String> = []

    init(_ texts: [StoryText]) {
        var capitalized: [String: Int] = [:]
        var lowercase: [String: Int] = [:]
        for text in texts {
            for word in text.words {
                let id = self.id(word)
                documentFrequency[Int(id)] += 1
            }
            for word in text.titleWords { _ = self.id(word) }
            for name in text.names { capitalized[name, default: 0] += 1 }
            for word in text.lowercaseWords { lowercase[word, default: 0] += 1 }
        }
        let count = Double(texts.count)
        weights = documentFrequency.map { $0 > 0 ? log(count / Double($0)) : 0 }
        nameWords = Set(capitalized.lazy.filter { $0.value >= lowercase[$0.key, default: 0] }.map(\.key))
        typoNeighbours = Self.typoNeighbours(of: words)
    }

    /// By word number: the word's letters.
    private var words: [[Unicode.Scalar]] = []

    func scalars(of word: Int32) -> [Unicode.Scalar] { words[Int(word)] }

    private mutating func id(_ word: String) -> Int32 {
        if let id = ids[word] { return id }
        let id = Int32(documentFrequency.count)
        ids[word] = id
        documentFrequency.append(0)
        words.append(Array(word.unicodeScalars))
        return id
    }

    /// Words of four letters or more that become the same word when at most one letter is deleted from each
    /// (symmetric deletion, as in SymSpell): one typo apart.
    private static func typoNeighbours(of words: [[Unicode.Scalar]]) -> [[Int32]] {
        var byVariant: [[Unicode.Scalar]: [Int32]] = [:]
        for (index, scalars) in words.enumerated() {
            let id = Int32(index)
            guard scalars.count >= 4, !(scalars.first?.properties.numericType == .decimal) else { continue }
            var variants: Set<[Unicode.Scalar]> = [scalars]
            for index in scalars.indices {
                var variant = scalars
                variant.remove(at: index)
                variants.insert(variant)
            }
            for variant in variants { byVariant[variant, default: []].append(id) }
        }
        var neighbours = [[Int32]](repeating: [], count: words.count)
        for group in byVariant.values where group.count > 1 && group.count <= 64 {
            for id in group {
                neighbours[Int(id)].append(contentsOf: group.lazy.filter { $0 != id })
            }
        }
        return neighbours.map { Array(Set($0)).sorted() }
    }
}
