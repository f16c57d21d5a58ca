/// Lines that outlets add to or drop from a release without changing the story: photo credits, press-service
/// signatures, "subscribe" calls, editors' intros, "read also" links, and the "Напомним, ..." paragraph that
/// recalls an earlier story (it would tie a follow-up to the story it recalls).
enum Boilerplate {
    /// The paragraphs and sentences of `paragraphs` that tell the story.
    static func storyText(of paragraphs: [String]) -> [String] {
        keptSentences(of: paragraphs).map { String($0.sentence) }
    }

    /// The words of the story: the tokens of the sentences `storyText` keeps.
    static func storyTokens(of paragraphs: [String]) -> [TextNormalizer.Token] {
        keptSentences(of: paragraphs).flatMap(\.tokens)
    }

    private static func keptSentences(
        of paragraphs: [String]
    ) -> [(sentence: Substring, tokens: [TextNormalizer.Token])] {
        var kept: [(sentence: Substring, tokens: [TextNormalizer.Token])] = []
        for paragraph in paragraphs {
            for sentence in sentences(of: paragraph) {
                let tokens = TextNormalizer.tokens(sentence)
                func starts(with prefix: [String]) -> Bool {
                    tokens.count >= prefix.count && zip(tokens, prefix).allSatisfy { $0.text == $1 }
                }
                // A recall ("Напомним, ...") or a "read also": the rest of the paragraph goes with it.
                if paragraphEnds.contains(where: starts) { break }
                if !sentenceDrops.contains(where: starts) { kept.append((sentence, tokens)) }
            }
        }
        return kept
    }

    /// Paragraphs dropped from the sentence that starts with one of these to their end (lower case, words separated by one space).
    static let droppedParagraphs: [String] = [
        "напомним", "еске салайық", "айта кетейік", "читайте", "оқи отырыңыз", "оқыңыз", "см также",
    ]

    private static let paragraphEnds = droppedParagraphs.map { $0.split(separator: " ").map(String.init) }
    private static let sentenceDrops = droppedSentences.map { $0.split(separator: " ").map(String.init) }

    /// Sentences dropped, by how they start.
    static let droppedSentences: [String] = [
        "фото", "фотограф", "на фото", "на снимке", "видео", "источник", "пресс служба", "пресс центр",
        "баспасөз қызметі", "суретте", "сурет", "подписывайтесь", "подпишитесь", "по материалам",
        "в редакцию поступила", "публикуем", "предлагаем вниманию",
    ]

    /// Sentences end at `.`, `!`, `?` or `…` followed by white space and a capital letter, a digit, a quote or a
    /// dash.
    static func sentences(of paragraph: String) -> [Substring] {
        var sentences: [Substring] = []
        var start = paragraph.startIndex
        var end: String.Index?  // just after a sentence's last mark, while only white space follows it
        var index = paragraph.startIndex
        let scalars = paragraph.unicodeScalars
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if let sentenceEnd = end, !isSpace(scalar) {
                if startsSentence(scalar) {
                    sentences.append(paragraph[start..<sentenceEnd])
                    start = index
                }
                end = nil
            }
            if scalar == "." || scalar == "!" || scalar == "?" || scalar == "\u{2026}" {
                let next = scalars.index(after: index)
                if next < scalars.endIndex, isSpace(scalars[next]) { end = next }
            }
            index = scalars.index(after: index)
        }
        sentences.append(paragraph[start...])
        return sentences
    }

    /// The parts of a title separated by `.`, `:`, `!`, `?` or `|` and white space: a rubric, a place, the
    /// headline.
    static func titleParts(of title: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var afterSeparator = false
        for character in title {
            if afterSeparator && character.isWhitespace {
                parts.append(current)
                current = ""
                afterSeparator = false
                continue
            }
            afterSeparator = ".:!?|".contains(character)
            current.append(character)
        }
        parts.append(current)
        return parts
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x80 ? scalar == " " || scalar == "\t" || scalar == "\n" : scalar.properties.isWhitespace
    }

    private static func startsSentence(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isUppercase || scalar.properties.numericType == .decimal
            || ["«", "\"", "\u{201C}", "\u{201E}", "\u{2013}", "\u{2014}"].contains(scalar)
    }
}
