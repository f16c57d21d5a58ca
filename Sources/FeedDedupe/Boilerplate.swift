import FeedModel

/// Lines that outlets add to or drop from a release without changing the story: photo credits, press-service
/// signatures, "subscribe" calls, editors' intros, "read also" links, and the "Напомним, ..." paragraph that
/// recalls an earlier story (it would tie a follow-up to the story it recalls).
enum Boilerplate {
    /// The sentences of `paragraphs` that tell the story.
    static func storyText(of paragraphs: [String]) -> [String] {
        var buffer = WordBuffer()
        var kept: [String] = []
        for paragraph in paragraphs.map(WordScanner.composed) {
            let utf8 = Array(paragraph.utf8)
            keepStory(of: paragraph, in: &buffer) { start, end in kept.append(sentence(utf8[start..<end])) }
        }
        return kept
    }

    /// Appends the words of the sentences of `paragraphs` that tell the story to `buffer`.
    static func storyWords(of paragraphs: [String], into buffer: inout WordBuffer) {
        for paragraph in paragraphs { keepStory(of: paragraph, in: &buffer) { _, _ in } }
    }

    /// Scans `paragraph` into `buffer` and drops the words of the sentences that are not the story;
    /// `kept` learns the UTF-8 offsets of each sentence kept.
    private static func keepStory(of paragraph: String, in buffer: inout WordBuffer, kept: (Int, Int) -> Void) {
        let first = buffer.words.count
        let sentences = WordScanner.scan(paragraph, into: &buffer, splittingSentences: true)
        var write = first
        for (number, sentence) in sentences.enumerated() {
            let next = number + 1 < sentences.count ? sentences[number + 1] : nil
            let words = sentence.word..<(next?.word ?? buffer.words.count)
            func starts(with prefix: [UInt64]) -> Bool {
                words.count >= prefix.count && zip(words, prefix).allSatisfy { buffer.words[$0].key == $1 }
            }
            // A recall ("Напомним, ...") or a "read also": the rest of the paragraph goes with it.
            if paragraphEnds.contains(where: starts) { break }
            if sentenceDrops.contains(where: starts) { continue }
            for word in words {
                buffer.words[write] = buffer.words[word]
                write += 1
            }
            kept(sentence.offset, next?.offset ?? paragraph.utf8.count)
        }
        buffer.words.removeSubrange(write...)
    }

    /// Paragraphs dropped from the sentence that starts with one of these to their end (lower case, words separated by one space).
    static let droppedParagraphs: [String] = [
        "напомним", "еске салайық", "айта кетейік", "читайте", "оқи отырыңыз", "оқыңыз", "см также",
    ]

    private static let paragraphEnds = droppedParagraphs.map { $0.split(separator: " ").map(StableHash.fnv1a) }
    private static let sentenceDrops = droppedSentences.map { $0.split(separator: " ").map(StableHash.fnv1a) }

    /// Sentences dropped, by how they start.
    static let droppedSentences: [String] = [
        "фото", "фотограф", "на фото", "на снимке", "видео", "источник", "пресс служба", "пресс центр",
        "баспасөз қызметі", "суретте", "сурет", "подписывайтесь", "подпишитесь", "по материалам",
        "в редакцию поступила", "публикуем", "предлагаем вниманию",
    ]

    /// Sentences end at `.`, `!`, `?` or `…` followed by white space and a capital letter, a digit, a quote or a
    /// dash.
    static func sentences(of paragraph: String) -> [String] {
        let paragraph = WordScanner.composed(paragraph)
        var buffer = WordBuffer()
        let starts = WordScanner.scan(paragraph, into: &buffer, splittingSentences: true)
        let utf8 = Array(paragraph.utf8)
        return starts.indices.map { number in
            sentence(utf8[starts[number].offset..<(number + 1 < starts.count ? starts[number + 1].offset : utf8.count)])
        }
    }

    /// A sentence's text from its bytes, without the white space before the next one.
    private static func sentence(_ utf8: ArraySlice<UInt8>) -> String {
        String(String(decoding: utf8, as: UTF8.self).reversed().drop(while: \.isWhitespace).reversed())
    }

    /// The parts of a title separated by `.`, `:`, `!`, `?` or `|` and white space: a rubric, a place, the
    /// headline.
    static func titleParts(of title: String) -> [String] {
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var afterSeparator = false
        for scalar in title.unicodeScalars {
            if afterSeparator
                && (scalar == " " || scalar == "\t" || scalar.value > 0x7F && scalar.properties.isWhitespace)
            {
                parts.append(String(current))
                current = String.UnicodeScalarView()
                afterSeparator = false
                continue
            }
            afterSeparator = scalar == "." || scalar == ":" || scalar == "!" || scalar == "?" || scalar == "|"
            current.append(scalar)
        }
        parts.append(String(current))
        return parts
    }
}
