import FeedModel
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
        var clustering = prepare(entries)
        for index in Self.publicationOrder(entries) { clustering.add(index) }
        return clustering.firstEntryOfStory
    }

    /// The story id of each of `entries`, from one run to the next: an entry in `known` stays in the story it was
    /// given (ids never change); every other entry joins one of those stories or the story of another entry, or
    /// starts a story whose id comes from its own uid. `known` maps uids to story ids; all the entries compared
    /// (the history's window and the run's new entries) are in `entries`.
    public func assign(_ entries: [DedupeEntry], known: [String: String]) -> [String] {
        var clustering = prepare(entries)
        let order = Self.publicationOrder(entries)
        var storyIDs: [Int: String] = [:]  // clustering's story number → id
        var storyNumbers: [String: Int] = [:]
        // Earlier assignments first, so that a new entry older than a known story's members still finds it.
        for index in order {
            guard let id = known[entries[index].uid] else { continue }
            if let number = storyNumbers[id] {
                clustering.place(index, in: number)
            } else {
                let number = clustering.placeInNewStory(index)
                storyNumbers[id] = number
                storyIDs[number] = id
            }
        }
        clustering.postingsInOrder = known.isEmpty
        for index in order where known[entries[index].uid] == nil {
            let number = clustering.add(index)
            if storyIDs[number] == nil {
                let id = Self.storyID(forFirstEntry: entries[index].uid)
                storyIDs[number] = id
                storyNumbers[id] = number
            }
        }
        return entries.indices.map { storyIDs[clustering.storyNumber(of: $0)] ?? "" }
    }

    /// A new story's id: a `tag:` URI (RFC 4151) from its first entry's uid, the same in every run.
    public static func storyID(forFirstEntry uid: String) -> String {
        "tag:feedmerge,2026:story:" + String(StableHash.fnv1a(uid), radix: 16)
    }

    /// Entry indices, oldest first (ties in input order).
    private static func publicationOrder(_ entries: [DedupeEntry]) -> [Int] {
        entries.indices.sorted { (entries[$0].published, $0) < (entries[$1].published, $1) }
    }

    private func prepare(_ entries: [DedupeEntry]) -> Clustering {
        // Texts are read in chunks on every core, and each chunk is folded into the corpus's word numbers (one
        // core) while the next chunk is read, so that the texts of all entries are never held together.
        var corpus = Corpus()
        var texts: [Compared] = []
        texts.reserveCapacity(entries.count)
        let chunk = 4_096
        let starts = Array(stride(from: 0, to: entries.count, by: chunk))
        func slice(_ start: Int) -> ArraySlice<DedupeEntry> { entries[start..<min(entries.count, start + chunk)] }
        var read = starts.first.map { Self.storyTexts(of: slice($0)) } ?? []
        for number in starts.indices {
            let next = ReadAhead()
            if number + 1 < starts.count {
                let entries = slice(starts[number + 1])
                DispatchQueue.global().async(group: next.group) { next.texts = Self.storyTexts(of: entries) }
            }
            for text in read { texts.append(corpus.register(text)) }
            next.group.wait()
            read = next.texts
        }
        corpus.finish(textCount: entries.count)
        for index in texts.indices { texts[index].weigh(in: corpus) }
        return Clustering(entries: entries, texts: texts, corpus: corpus, settings: settings)
    }
}

/// The texts of the next chunk, read on other threads; `group` says when they are there.
private final class ReadAhead: @unchecked Sendable {
    let group = DispatchGroup()
    var texts: [StoryText] = []
}

extension Deduplicator {
    /// The story texts of `entries`, read on every core.
    static func storyTexts(of entries: ArraySlice<DedupeEntry>) -> [StoryText] {
        entries.concurrentMap { StoryText(title: $0.title, html: $0.html) }
    }
}
