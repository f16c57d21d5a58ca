/// Lines that outlets add to or drop from a release without changing the story: photo credits, press-service
/// signatures, "subscribe" calls, editors' intros, "read also" links, and the "Напомним, ..." paragraph that
/// recalls an earlier story (it would tie a follow-up to the story it recalls).
enum Boilerplate {
    /// The paragraphs and sentences of `paragraphs` that tell the story.
    static func storyText(of paragraphs: [String]) -> [String] {
        var kept: [String] = []
        for paragraph in paragraphs {
            let start = leadingWords(of: paragraph)
            if droppedParagraphs.contains(where: { start.hasPrefix($0 + " ") }) { continue }
            for sentence in sentences(of: paragraph) {
                let sentenceStart = leadingWords(of: sentence)
                // A recall ("Напомним, ...") inside a paragraph: the rest of the paragraph recalls too.
                if droppedParagraphs.contains(where: { sentenceStart.hasPrefix($0 + " ") }) { break }
                if !droppedSentences.contains(where: { sentenceStart.hasPrefix($0 + " ") }) {
                    kept.append(String(sentence))
                }
            }
        }
        return kept
    }

    /// Paragraphs dropped whole, by how they start (lower case, words separated by one space).
    static let droppedParagraphs: [String] = [
        "напомним", "еске салайық", "айта кетейік", "читайте", "оқи отырыңыз", "оқыңыз", "см также",
    ]

    /// Sentences dropped, by how they start.
    static let droppedSentences: [String] = [
        "фото", "фотограф", "на фото", "на снимке", "видео", "источник", "пресс служба", "пресс центр",
        "баспасөз қызметі", "суретте", "сурет", "подписывайтесь", "подпишитесь", "по материалам",
        "в редакцию поступила", "публикуем", "предлагаем вниманию",
    ]

    /// The first words of `text`, normalized and joined by single spaces, with a trailing space so that
    /// `фото` does not match `фотовыставка`.
    private static func leadingWords(of text: some StringProtocol) -> String {
        TextNormalizer.words(String(text.prefix(48))).prefix(3).joined(separator: " ") + " "
    }

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
            if let sentenceEnd = end, !scalar.properties.isWhitespace {
                if startsSentence(scalar) {
                    sentences.append(paragraph[start..<sentenceEnd])
                    start = index
                }
                end = nil
            }
            if scalar == "." || scalar == "!" || scalar == "?" || scalar == "\u{2026}" {
                let next = scalars.index(after: index)
                if next < scalars.endIndex, scalars[next].properties.isWhitespace { end = next }
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

    private static func startsSentence(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isUppercase || scalar.properties.numericType == .decimal
            || ["«", "\"", "\u{201C}", "\u{201E}", "\u{2013}", "\u{2014}"].contains(scalar)
    }
}
