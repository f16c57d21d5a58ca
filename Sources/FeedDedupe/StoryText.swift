import FeedModel
import FeedParse

/// What the detector reads from one entry, before anything is compared: the words of its story text (boilerplate
/// removed), its title, the names and the figures it mentions.
struct StoryText: Sendable {
    /// Distinct normalized words of the story text.
    var words: Set<Word>
    /// How many words the story text has (repeats counted): which of two texts is the shorter.
    var length: Int
    var titleWords: Set<Word>
    /// Title words that do not open a part of the title ("Новости. ...", "Аксу: ...").
    var innerTitleWords: Set<Word>
    /// Inner title words written with a capital letter (in a title not all in capitals).
    var capitalizedTitleWords: Set<Word>
    /// Words written with a capital letter inside a sentence: names of people and places.
    var names: Set<Word>
    /// Words written in lower case somewhere: with `names` over many texts, which words are names.
    var lowercaseWords: Set<Word>
    var figures: [Figure]

    init(title: String, html: String) {
        let tokens = Boilerplate.storyTokens(of: PlainText.paragraphs(fromHTML: html))
        words = Set(tokens.map { Word($0.text) })
        length = tokens.count
        names = Set(
            tokens.lazy.filter {
                $0.isCapitalized && !$0.startsSentence && !$0.isNumber && $0.text.unicodeScalars.count > 2
            }
            .map { Word($0.text) })
        lowercaseWords = Set(tokens.lazy.filter { !$0.isCapitalized && !$0.isNumber }.map { Word($0.text) })
        figures = Figure.figures(in: tokens)
        let plainTitle = PlainText.paragraphs(fromHTML: title).joined(separator: " ")
        var all = Set<Word>()
        var inner = Set<Word>()
        var capitalized = Set<Word>()
        // In a title in capitals, a capital letter says nothing.
        let titleHasLowercase = plainTitle.unicodeScalars.contains { $0.properties.isLowercase }
        for part in Boilerplate.titleParts(of: plainTitle) {
            let tokens = TextNormalizer.tokens(part)
            all.formUnion(tokens.map { Word($0.text) })
            for token in tokens.dropFirst() {
                let word = Word(token.text)
                inner.insert(word)
                if titleHasLowercase && token.isCapitalized && !token.isNumber && token.text.unicodeScalars.count > 2 {
                    capitalized.insert(word)
                }
            }
        }
        titleWords = all
        innerTitleWords = inner
        capitalizedTitleWords = capitalized
    }
}

/// A normalized word with a fixed-seed 64-bit hash of its UTF-8 (FNV-1a), which sets and the corpus use instead
/// of `String` hashing (that normalizes every non-ASCII string again first).
struct Word: Hashable, Sendable {
    let key: UInt64
    let text: String

    init(_ text: String) {
        self.text = text
        key = StableHash.fnv1a(text)
    }

    static func == (lhs: Word, rhs: Word) -> Bool { lhs.key == rhs.key }
    func hash(into hasher: inout Hasher) { hasher.combine(key) }
}
