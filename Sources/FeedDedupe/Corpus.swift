import Foundation

/// Statistics over all the texts compared: every word gets a number, and with it how rare it is, which words
/// may be typos of one another, and which are names.
struct Corpus {
    /// Word key (FNV-1a of its UTF-8) → its number.
    private var numbers = WordTable()
    /// By word number: its letters, `letters[letterStart[w]..<letterStart[w + 1]]`.
    private var letters: [Unicode.Scalar] = []
    private var letterStart: [Int32] = [0]
    /// By word number: in how many texts it occurs, and its weight, log(1 + texts / that).
    private(set) var documentFrequency: [Int32] = []
    private(set) var weights: [Double] = []
    /// By word number: in how many texts it is written as a name, and in how many in lower case.
    private var asName: [Int32] = []
    private var inLowercase: [Int32] = []
    /// By word number: the words one typo away (one letter left out, added, mistyped or moved).
    /// Stored flat: the neighbours of word `w` are `neighbourList[neighbourStart[w]..<neighbourStart[w + 1]]`.
    private var neighbourStart: [Int32] = [0]
    private var neighbourList: [Int32] = []

    /// By word number: more often written as a name (capitalized inside a sentence) than in lower case.
    private(set) var isName: [Bool] = []

    var wordCount: Int { documentFrequency.count }

    /// The words one typo away from `word`.
    func typoNeighbours(of word: Int32) -> ArraySlice<Int32> {
        neighbourList[Int(neighbourStart[Int(word)])..<Int(neighbourStart[Int(word) + 1])]
    }

    func scalars(of word: Int32) -> ArraySlice<Unicode.Scalar> {
        letters[Int(letterStart[Int(word)])..<Int(letterStart[Int(word) + 1])]
    }

    /// The text with its words as numbers; counts its words.
    mutating func register(_ text: StoryText) -> Compared {
        let numbers = text.vocabulary.map { number(of: $0, letters: text.letters) }
        func mapped(_ positions: [Int32]) -> [Int32] { positions.map { numbers[Int($0)] }.sorted() }
        let words = mapped(text.words)
        for word in words { documentFrequency[Int(word)] += 1 }
        let names = mapped(text.names)
        for name in names { asName[Int(name)] += 1 }
        for word in text.lowercaseWords { inLowercase[Int(numbers[Int(word)])] += 1 }
        return Compared(
            words: words, titleWords: mapped(text.titleWords), names: names,
            innerTitleWords: mapped(text.innerTitleWords), capitalizedTitleWords: mapped(text.capitalizedTitleWords),
            figures: text.figures, length: text.length)
    }

    /// Weights, names and typo neighbours, once every text is registered.
    mutating func finish(textCount: Int) {
        let count = Double(max(textCount, 1))
        weights = documentFrequency.map { $0 > 0 ? log(1 + count / Double($0)) : 0 }
        isName = zip(asName, inLowercase).map { $0 > 0 && $0 >= $1 }
        (neighbourStart, neighbourList) = Self.typoNeighbours(letters: letters, starts: letterStart)
    }

    private mutating func number(of word: ScannedWord, letters text: [UInt8]) -> Int32 {
        let next = Int32(documentFrequency.count)
        let number = numbers.number(of: word.key, orInsert: next)
        guard number == next else { return number }
        let utf8 = text[Int(word.start)..<Int(word.start + word.byteCount)]
        letters.append(contentsOf: String(decoding: utf8, as: UTF8.self).unicodeScalars)
        letterStart.append(Int32(letters.count))
        documentFrequency.append(0)
        asName.append(0)
        inLowercase.append(0)
        return number
    }

    /// Words of four letters or more that become the same word when at most one letter is deleted from each
    /// (symmetric deletion, as in SymSpell): one typo apart. A variant shared by more than 64 words says
    /// nothing and is skipped.
    ///
    /// Variants are not spelled out: each is a 64-bit hash of the letters that remain, and words that share a
    /// hash are found by sorting.
    static func typoNeighbours(letters: [Unicode.Scalar], starts: [Int32]) -> (starts: [Int32], list: [Int32]) {
        var variants: [(hash: UInt64, word: Int32)] = []
        var own: [UInt64] = []
        for word in 0..<(starts.count - 1) {
            let scalars = letters[Int(starts[word])..<Int(starts[word + 1])]
            guard scalars.count >= 4, let first = scalars.first, first.properties.numericType != .decimal else {
                continue
            }
            own.removeAll(keepingCapacity: true)
            own.append(variantHash(scalars, without: -1))
            for index in 0..<scalars.count { own.append(variantHash(scalars, without: index)) }
            own.sort()
            var last: UInt64?
            for hash in own where hash != last {
                variants.append((hash, Int32(word)))
                last = hash
            }
        }
        variants.sort { ($0.hash, $0.word) < ($1.hash, $1.word) }
        var pairs: [(Int32, Int32)] = []
        var groupStart = 0
        while groupStart < variants.count {
            var groupEnd = groupStart + 1
            while groupEnd < variants.count && variants[groupEnd].hash == variants[groupStart].hash { groupEnd += 1 }
            if groupEnd - groupStart > 1 && groupEnd - groupStart <= 64 {
                for a in groupStart..<groupEnd {
                    for b in groupStart..<groupEnd where a != b { pairs.append((variants[a].word, variants[b].word)) }
                }
            }
            groupStart = groupEnd
        }
        pairs.sort { $0 < $1 }
        var neighbourStart = [Int32](repeating: 0, count: starts.count)
        var neighbourList: [Int32] = []
        var pair = 0
        for word in 0..<(starts.count - 1) {
            var last: Int32 = -1
            while pair < pairs.count && pairs[pair].0 == Int32(word) {
                if pairs[pair].1 != last { neighbourList.append(pairs[pair].1) }
                last = pairs[pair].1
                pair += 1
            }
            neighbourStart[word + 1] = Int32(neighbourList.count)
        }
        return (neighbourStart, neighbourList)
    }

    /// The words one typo apart, by word, for words given as their letters.
    static func typoNeighbours(of words: [[Unicode.Scalar]]) -> [[Int32]] {
        var starts: [Int32] = [0]
        for word in words { starts.append(starts[starts.count - 1] + Int32(word.count)) }
        let (neighbourStart, list) = typoNeighbours(letters: words.flatMap { $0 }, starts: starts)
        return words.indices.map { Array(list[Int(neighbourStart[$0])..<Int(neighbourStart[$0 + 1])]) }
    }

    /// A hash of `scalars` with the letter at `without` left out (none when -1).
    private static func variantHash(_ scalars: ArraySlice<Unicode.Scalar>, without skipped: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for (offset, scalar) in scalars.enumerated() where offset != skipped {
            hash = (hash ^ UInt64(scalar.value)) &* 0x0000_0100_0000_01B3
        }
        return (hash ^ UInt64(scalars.count - (skipped < 0 ? 0 : 1))) &* 0x9E37_79B9_7F4A_7C15
    }
}

/// Word keys → word numbers: an open-addressing table (the keys are hashes already, so no hashing again).
struct WordTable {
    private var keys: [UInt64] = Array(repeating: 0, count: 1 << 16)
    private var values: [Int32] = Array(repeating: -1, count: 1 << 16)
    private var count = 0

    /// The number of `key`, or `new` when the table did not have it (and now has).
    mutating func number(of key: UInt64, orInsert new: Int32) -> Int32 {
        if count * 2 >= keys.count { grow() }
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while values[slot] >= 0 {
            if keys[slot] == key { return values[slot] }
            slot = (slot + 1) & mask
        }
        keys[slot] = key
        values[slot] = new
        count += 1
        return new
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = Array(repeating: 0, count: oldKeys.count * 2)
        values = Array(repeating: -1, count: oldKeys.count * 2)
        count = 0
        for slot in oldKeys.indices where oldValues[slot] >= 0 {
            _ = number(of: oldKeys[slot], orInsert: oldValues[slot])
        }
    }
}
