import Foundation

/// Text reduced to what two reposts of one release still share: the words, in one spelling.
///
/// Regional reposts change case, swap «» for "", type Latin look-alikes inside Cyrillic words (a Latin `о` in
/// `акимат`), carry soft hyphens and no-break spaces, and write figures as `1 500` or `1500`, `1,5` or `1.5`.
/// All of that is folded here; what tells stories apart is kept: Kazakh letters stay distinct (`қ` is not `к`),
/// `й` is not folded into `и` (only `ё` into `е`, as Russian spelling itself allows), and digits stay digits.
public enum TextNormalizer {
    /// A normalized word and what its spelling in the text said about it.
    public struct Token: Sendable, Hashable {
        /// The word, normalized (a number keeps its digits and a `.` for its decimal separator).
        public var text: String
        /// Written with a capital letter.
        public var isCapitalized: Bool
        /// First in its sentence: at the start, after `.`, `!`, `?` or `…`, or after an opening quote or dash.
        public var startsSentence: Bool
        /// Starts with a digit.
        public var isNumber: Bool
        /// How many digits, for a word of digits only (0 otherwise): `1 500` is joined by it.
        var digitCount: Int
        /// Only spaces (ordinary, no-break or thin) stand between it and the word before: `1 500` may be one
        /// number, `2, 500` is two.
        var followsSpaceOnly: Bool
    }

    /// The words of `text`, normalized, in order.
    public static func words(_ text: String) -> [String] {
        tokens(text).map(\.text)
    }

    /// The words of `text`, normalized, in order, each with its case and place in the sentence.
    public static func tokens(_ text: some StringProtocol) -> [Token] {
        // Composing is costly and rarely needed: only combining marks (U+0300-U+036F) can change.
        let needsComposing = text.unicodeScalars.contains { (0x300...0x36F).contains($0.value) }
        let scalars = Array(
            (needsComposing ? String(text).precomposedStringWithCanonicalMapping : String(text)).unicodeScalars)
        var tokens: [Token] = []
        var word = String.UnicodeScalarView()
        var isCapitalized = false
        var sentenceStart = true
        // What the word holds so far, so that nothing has to look at it again.
        var hasCyrillic = false
        var hasLookAlike = false
        var digits = 0
        var others = 0
        var startsWithDigit = false
        var gapIsSpaceOnly = false  // what separates the next word from the last one
        func endWord() {
            guard !word.isEmpty else { return }
            let text = hasCyrillic && hasLookAlike ? String(mappingLookAlikes(in: word)) : String(word)
            tokens.append(
                Token(
                    text: text, isCapitalized: isCapitalized, startsSentence: sentenceStart,
                    isNumber: startsWithDigit, digitCount: others == 0 ? digits : 0,
                    followsSpaceOnly: gapIsSpaceOnly))
            word = String.UnicodeScalarView()
            gapIsSpaceOnly = true
            sentenceStart = false
            hasCyrillic = false
            hasLookAlike = false
            digits = 0
            others = 0
        }
        func append(_ lower: Unicode.Scalar, common: Bool) {
            let letter: Unicode.Scalar = lower == "ё" ? "е" : lower
            let digit = common ? (0x30...0x39).contains(letter.value) : isDigit(letter)
            if word.isEmpty { startsWithDigit = digit }
            word.append(letter)
            if digit {
                digits += 1
                return
            }
            others += 1
            if (0x400...0x4FF).contains(letter.value) {
                hasCyrillic = true
            } else if letter.isASCII && lookAlikes[letter] != nil {
                hasLookAlike = true
            }
        }
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar.value {
            case 0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF:
                break  // soft hyphen and zero-width characters: inside words, not between them
            case _ where Self.isCommonLetter(scalar):
                let lower = Self.lowercasedCommonLetter(scalar)
                if word.isEmpty { isCapitalized = lower != scalar }
                append(lower, common: true)
            case _ where scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal:
                if word.isEmpty { isCapitalized = scalar.properties.isUppercase }
                for lower in scalar.properties.lowercaseMapping.unicodeScalars { append(lower, common: false) }
            case _ where isDecimalSeparator(scalars, at: index):
                word.append(".")  // 1,5 and 1.5 are one number
                others += 1
            default:
                endWord()
                if Self.sentenceBreaks.contains(scalar) { sentenceStart = true }
                if !Self.groupSpaces.contains(scalar.value) { gapIsSpaceOnly = false }
            }
            index += 1
        }
        endWord()
        return joiningDigitGroups(tokens)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        (0x30...0x39).contains(scalar.value)
            || (scalar.value > 0x7F && scalar.properties.numericType == .decimal)
    }

    /// After these, the next word starts a sentence (or a quotation, or a speech after a dash), so its capital
    /// letter says nothing about whether it is a name.
    private static let sentenceBreaks: Set<Unicode.Scalar> = [
        ".", "!", "?", "\u{2026}", "«", "\"", "\u{201C}", "\u{201E}", "\u{2013}", "\u{2014}",
    ]

    /// ASCII letters and digits and the Cyrillic letters of Russian and Kazakh: told apart without the Unicode
    /// property tables, which cost more than everything else here.
    private static func isCommonLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x400...0x45F: return true
        case 0x490...0x4BF, 0x4D8...0x4E9: return true
        default: return false
        }
    }

    /// The lower-case form of a letter `isCommonLetter` accepts.
    private static func lowercasedCommonLetter(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let value = scalar.value
        let lower: UInt32
        switch value {
        case 0x41...0x5A, 0x410...0x42F: lower = value + 0x20
        case 0x400...0x40F: lower = value + 0x50
        case 0x490...0x4BF, 0x4D8...0x4E9: lower = value | 1  // upper case even, lower case odd
        default: lower = value
        }
        return Unicode.Scalar(lower) ?? scalar
    }

    /// A comma or point between digits.
    private static func isDecimalSeparator(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard scalars[index] == "," || scalars[index] == ".", index > 0, index + 1 < scalars.count else { return false }
        return scalars[index - 1].properties.numericType == .decimal
            && scalars[index + 1].properties.numericType == .decimal
    }

    /// The spaces written between groups of digits: ordinary, no-break, thin and narrow no-break.
    private static let groupSpaces: Set<UInt32> = [0x20, 0xA0, 0x2009, 0x202F]

    /// `1 500 000` written with spaces between groups of three is one number.
    private static func joiningDigitGroups(_ tokens: [Token]) -> [Token] {
        var result: [Token] = []
        result.reserveCapacity(tokens.count)
        for token in tokens {
            // After a group of 1-3 digits, or a number already joined from groups (4 digits or more).
            if let last = result.last, last.digitCount >= 1, token.digitCount == 3, token.followsSpaceOnly {
                result[result.count - 1].text = last.text + token.text
                result[result.count - 1].digitCount += 3
            } else {
                result.append(token)
            }
        }
        return result
    }

    /// Latin letters that look like Cyrillic ones, inside a word that has Cyrillic letters, become Cyrillic.
    private static func mappingLookAlikes(in word: String.UnicodeScalarView) -> String.UnicodeScalarView {
        guard word.contains(where: isCyrillic), word.contains(where: { lookAlikes[$0] != nil }) else { return word }
        return String.UnicodeScalarView(word.map { lookAlikes[$0] ?? $0 })
    }

    private static func isCyrillic(_ scalar: Unicode.Scalar) -> Bool {
        (0x400...0x4FF).contains(scalar.value)
    }

    /// Lower-case Latin letters and the Cyrillic letters they pass for (upper-case look-alikes such as `M`, `T`,
    /// `H`, `B`, `K` arrive lower-cased). `i` is the Kazakh and Ukrainian `і`.
    private static let lookAlikes: [Unicode.Scalar: Unicode.Scalar] = [
        "a": "а", "b": "в", "c": "с", "e": "е", "h": "н", "i": "і", "k": "к", "m": "м", "o": "о", "p": "р",
        "t": "т", "x": "х", "y": "у",
    ]
}
