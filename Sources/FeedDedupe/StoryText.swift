import FeedModel
import FeedParse

/// What the detector reads from one entry, before anything is compared: the words of its story text (boilerplate
/// removed), its title, the names and the figures it mentions.
///
/// Words are kept as their keys and letters (`vocabulary`), and every list below holds positions in the
/// vocabulary, so that reading a text makes no string per word; the corpus turns the keys into word numbers.
struct StoryText: Sendable {
    /// The distinct words of the text and the title, in order of their keys; their letters are in `letters`.
    var vocabulary: [ScannedWord]
    var letters: [UInt8]
    /// Distinct words of the story text.
    var words: [Int32]
    /// How many words the story text has (repeats counted): which of two texts is the shorter.
    var length: Int
    var titleWords: [Int32]
    /// Title words that do not open a part of the title ("Новости. ...", "Аксу: ...").
    var innerTitleWords: [Int32]
    /// Inner title words written with a capital letter (in a title not all in capitals).
    var capitalizedTitleWords: [Int32]
    /// Words written with a capital letter inside a sentence: names of people and places.
    var names: [Int32]
    /// Words written in lower case somewhere: with `names` over many texts, which words are names.
    var lowercaseWords: [Int32]
    var figures: [Figure]

    init(title: String, html: String) {
        var buffer = WordBuffer()
        Boilerplate.storyWords(of: PlainText.paragraphs(fromHTML: html), into: &buffer)
        let storyWordCount = buffer.words.count
        length = storyWordCount
        figures = Figure.figures(in: buffer.words[...], of: buffer)

        let plainTitle = PlainText.paragraphs(fromHTML: title).joined(separator: " ")
        var partStarts: [Int] = []
        for part in Boilerplate.titleParts(of: plainTitle) {
            partStarts.append(buffer.words.count)
            WordScanner.scan(part, into: &buffer)
        }
        // In a title in capitals, a capital letter says nothing.
        let titleHasLowercase = plainTitle.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x61...0x7A, 0x430...0x45F: true
            case ..<0x80, 0x400...0x42F: false
            default: scalar.properties.isLowercase
            }
        }

        // Each word's place in the vocabulary, and what the text does with it.
        var order = buffer.words.indices.map { (key: buffer.words[$0].key, index: $0) }
        order.sort { $0.key < $1.key }
        var vocabulary: [ScannedWord] = []
        var uses: [Use] = []
        for (_, index) in order {
            let word = buffer.words[index]
            if vocabulary.last?.key != word.key {
                vocabulary.append(word)
                uses.append([])
            }
            let isWord = !word.isNumber && word.scalarCount > 2
            if index < storyWordCount {
                uses[uses.count - 1].insert(.story)
                if word.isCapitalized && !word.startsSentence && isWord { uses[uses.count - 1].insert(.name) }
                if !word.isCapitalized && !word.isNumber { uses[uses.count - 1].insert(.lowercase) }
            } else {
                uses[uses.count - 1].insert(.title)
                if !partStarts.contains(index) {
                    uses[uses.count - 1].insert(.innerTitle)
                    if titleHasLowercase && word.isCapitalized && isWord {
                        uses[uses.count - 1].insert(.capitalizedTitle)
                    }
                }
            }
        }
        self.vocabulary = vocabulary
        letters = buffer.bytes
        (words, names, lowercaseWords, titleWords, innerTitleWords, capitalizedTitleWords) = ([], [], [], [], [], [])
        for (position, use) in uses.enumerated() {
            let position = Int32(position)
            if use.contains(.story) { words.append(position) }
            if use.contains(.name) { names.append(position) }
            if use.contains(.lowercase) { lowercaseWords.append(position) }
            if use.contains(.title) { titleWords.append(position) }
            if use.contains(.innerTitle) { innerTitleWords.append(position) }
            if use.contains(.capitalizedTitle) { capitalizedTitleWords.append(position) }
        }
    }

    /// The word at `position` in the vocabulary, spelled out (for tests and diagnostics).
    func text(_ position: Int32) -> String {
        let word = vocabulary[Int(position)]
        return String(decoding: letters[Int(word.start)..<Int(word.start + word.byteCount)], as: UTF8.self)
    }

    /// What a text does with a word.
    private struct Use: OptionSet {
        let rawValue: UInt8
        static let story = Use(rawValue: 1)
        static let name = Use(rawValue: 2)
        static let lowercase = Use(rawValue: 4)
        static let title = Use(rawValue: 8)
        static let innerTitle = Use(rawValue: 16)
        static let capitalizedTitle = Use(rawValue: 32)
    }
}
