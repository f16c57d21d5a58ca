import FeedParse

/// What the detector reads from one entry, before anything is compared: the words of its story text (boilerplate
/// removed), its title, the names and the figures it mentions.
struct StoryText: Sendable {
    /// Distinct normalized words of the story text.
    var words: Set<String>
    /// How many words the story text has (repeats counted): which of two texts is the shorter.
    var length: Int
    var titleWords: Set<String>
    /// Title words that do not open a part of the title ("Новости. ...", "Аксу: ...").
    var innerTitleWords: Set<String>
    /// Inner title words written with a capital letter (in a title not all in capitals).
    var capitalizedTitleWords: Set<String>
    /// Words written with a capital letter inside a sentence: names of people and places.
    var names: Set<String>
    /// Words written in lower case somewhere: with `names` over many texts, which words are names.
    var lowercaseWords: Set<String>
    var figures: [Figure]

    init(title: String, html: String) {
        let tokens = Boilerplate.storyTokens(of: PlainText.paragraphs(fromHTML: html))
        words = Set(tokens.map(\.text))
        length = tokens.count
        names = Set(
            tokens.lazy.filter {
                $0.isCapitalized && !$0.startsSentence && !$0.isNumber && $0.text.unicodeScalars.count > 2
            }
            .map(\.text))
        lowercaseWords = Set(tokens.lazy.filter { !$0.isCapitalized && !$0.isNumber }.map(\.text))
        figures = Figure.figures(in: tokens)
        let plainTitle = PlainText.paragraphs(fromHTML: title).joined(separator: " ")
        titleWords = Set(TextNormalizer.words(plainTitle))
        var inner = Set<String>()
        var capitalized = Set<String>()
        // In a title in capitals, a capital letter says nothing.
        let titleHasLowercase = plainTitle.unicodeScalars.contains { $0.properties.isLowercase }
        for part in Boilerplate.titleParts(of: plainTitle) {
            for token in TextNormalizer.tokens(part).dropFirst() {
                inner.insert(token.text)
                if titleHasLowercase && token.isCapitalized && !token.isNumber && token.text.unicodeScalars.count > 2 {
                    capitalized.insert(token.text)
                }
            }
        }
        innerTitleWords = inner
        capitalizedTitleWords = capitalized
    }
}
