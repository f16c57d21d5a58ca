import FeedModel
import Foundation

/// One normalized word as the scanner read it: its key, where its letters are in the buffer, and what its
/// spelling in the text said about it.
struct ScannedWord: Sendable {
    /// FNV-1a of the normalized UTF-8 (`StableHash.fnv1a` of the word's text).
    var key: UInt64
    /// The normalized UTF-8 is `WordBuffer.bytes[start..<start + byteCount]`.
    var start: Int32
    var byteCount: Int32
    var scalarCount: Int32
    /// How many digits, for a word of digits only (0 otherwise): `1 500` is joined by it.
    var digitCount: Int32
    /// Written with a capital letter.
    var isCapitalized: Bool
    /// First in its sentence: at the start, after `.`, `!`, `?` or `…`, or after an opening quote or dash.
    var startsSentence: Bool
    /// Starts with a digit.
    var isNumber: Bool
    /// Only spaces (ordinary, no-break or thin) stand between it and the word before.
    var followsSpaceOnly: Bool
}

/// The words of some text, normalized, with their letters in one byte buffer (no string per word).
struct WordBuffer: Sendable {
    var bytes: [UInt8] = []
    var words: [ScannedWord] = []

    func text(of word: ScannedWord) -> String {
        String(decoding: bytes[Int(word.start)..<Int(word.start + word.byteCount)], as: UTF8.self)
    }

    func scalars(of word: ScannedWord) -> [Unicode.Scalar] {
        Array(text(of: word).unicodeScalars)
    }
}

/// Reads text straight from its UTF-8 into normalized words (see `TextNormalizer` for what is folded), hashing
/// each word as it goes; optionally splits it into sentences on the way.
///
/// This is the detector's hot loop: every entry's text passes through it once. Letters of Russian, Kazakh and
/// ASCII are told apart by their code points; only other scripts consult the Unicode tables.
enum WordScanner {
    /// Where a sentence starts: the index of its first word in `WordBuffer.words`, and the UTF-8 offset of its
    /// first character in the text scanned.
    struct SentenceStart: Sendable {
        var word: Int
        var offset: Int
    }

    /// Appends the words of `text` to `buffer`. With `splittingSentences`, returns where each sentence starts
    /// (a sentence ends at `.`, `!`, `?` or `…` followed by white space and a capital letter, a digit, a quote or
    /// a dash); else nothing.
    @discardableResult
    static func scan(_ text: String, into buffer: inout WordBuffer, splittingSentences: Bool = false)
        -> [SentenceStart]
    {
        var text = text
        // Composing is costly and rarely needed: only combining marks (U+0300-U+036F, lead bytes CC and CD) change.
        if text.withUTF8({ $0.contains { $0 == 0xCC || $0 == 0xCD } }) {
            text = text.precomposedStringWithCanonicalMapping
        }
        var state = State(buffer: buffer, splittingSentences: splittingSentences)
        buffer = WordBuffer()  // the state's arrays are then the only references, and grow in place
        text.withUTF8 { state.run($0) }
        buffer = state.buffer
        return state.sentences
    }

    /// The scanner's state across one text.
    private struct State {
        var buffer: WordBuffer
        let splittingSentences: Bool
        var sentences: [SentenceStart] = []
        let firstWord: Int
        // The word being read.
        var wordStart: Int
        var scalarCount: Int32 = 0
        var digits: Int32 = 0
        var others: Int32 = 0
        var isCapitalized = false
        var startsWithDigit = false
        var hasCyrillic = false
        var hasLookAlike = false
        // Between words.
        var sentenceStart = true
        var gapIsSpaceOnly = false

        init(buffer: WordBuffer, splittingSentences: Bool) {
            self.buffer = buffer
            self.splittingSentences = splittingSentences
            firstWord = buffer.words.count
            wordStart = buffer.bytes.count
        }

        var wordIsEmpty: Bool { buffer.bytes.count == wordStart }

        mutating func run(_ utf8: UnsafeBufferPointer<UInt8>) {
            if splittingSentences { sentences.append(SentenceStart(word: buffer.words.count, offset: 0)) }
            var previous: UInt32 = 0  // the scalar before, for a decimal separator
            var sentenceEnd = false  // after a sentence's last mark, while only white space follows
            var index = 0
            while index < utf8.count {
                let (scalar, length) = Self.decode(utf8, at: index)
                if splittingSentences {
                    if sentenceEnd && !Self.isSpace(scalar) {
                        if Self.startsSentence(scalar) {
                            endWord()
                            sentences.append(SentenceStart(word: buffer.words.count, offset: index))
                        }
                        sentenceEnd = false
                    }
                    if scalar == 0x2E || scalar == 0x21 || scalar == 0x3F || scalar == 0x2026,
                        index + length < utf8.count, Self.isSpace(Self.decode(utf8, at: index + length).scalar)
                    {
                        sentenceEnd = true
                    }
                }
                read(scalar, utf8: utf8, at: index, length: length, previous: previous)
                previous = scalar
                index += length
            }
            endWord()
        }

        private mutating func read(
            _ scalar: UInt32, utf8: UnsafeBufferPointer<UInt8>, at index: Int, length: Int, previous: UInt32
        ) {
            switch scalar {
            case 0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF:
                return  // soft hyphen and zero-width characters: inside words, not between them
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x400...0x45F, 0x490...0x4BF, 0x4D8...0x4E9:
                let lower = Self.lowercasedCommonLetter(scalar)
                if wordIsEmpty { isCapitalized = lower != scalar }
                append(lower, isDigit: scalar <= 0x39)
                return
            case 0x80...0xA9, 0xAB...0xB4, 0xB6...0xB9, 0xBB...0xBF, 0x2000...0x206F:
                break  // Latin-1 signs and general punctuation («», —, no-break space): no letters among them
            default:
                if let unicode = Unicode.Scalar(scalar), scalar > 0x7F,
                    unicode.properties.isAlphabetic || unicode.properties.numericType == .decimal
                {
                    if wordIsEmpty { isCapitalized = unicode.properties.isUppercase }
                    for lower in unicode.properties.lowercaseMapping.unicodeScalars {
                        let value = lower.value
                        let isDigit =
                            (0x30...0x39).contains(value) || (value > 0x7F && lower.properties.numericType == .decimal)
                        append(value, isDigit: isDigit)
                    }
                    return
                }
            }
            if (scalar == 0x2C || scalar == 0x2E) && index > 0 && index + 1 < utf8.count
                && Self.isDecimal(previous) && Self.isDecimal(Self.decode(utf8, at: index + 1).scalar)
            {
                buffer.bytes.append(0x2E)  // 1,5 and 1.5 are one number
                scalarCount += 1
                others += 1
                return
            }
            endWord()
            if Self.isSentenceBreak(scalar) { sentenceStart = true }
            if !(scalar == 0x20 || scalar == 0xA0 || scalar == 0x2009 || scalar == 0x202F) { gapIsSpaceOnly = false }
        }

        private mutating func append(_ value: UInt32, isDigit: Bool) {
            let letter = value == 0x451 ? 0x435 : value  // ё → е
            if wordIsEmpty { startsWithDigit = isDigit }
            Self.appendUTF8(letter, to: &buffer.bytes)
            scalarCount += 1
            if isDigit {
                digits += 1
                return
            }
            others += 1
            if (0x400...0x4FF).contains(letter) {
                hasCyrillic = true
            } else if letter < 0x80 && Self.lookAlikes[Int(letter)] != 0 {
                hasLookAlike = true
            }
        }

        private mutating func endWord() {
            guard !wordIsEmpty else { return }
            if hasCyrillic && hasLookAlike { mapLookAlikes() }
            let byteCount = buffer.bytes.count - wordStart
            let digitCount = others == 0 ? digits : 0
            if digitCount == 3, gapIsSpaceOnly, buffer.words.count > firstWord,
                buffer.words[buffer.words.count - 1].digitCount >= 1
            {
                // `1 500 000` written with spaces between groups of three is one number. The last word's
                // letters end where these begin.
                let last = buffer.words.count - 1
                buffer.words[last].key = StableHash.fnv1a(
                    continuing: buffer.words[last].key, bytes: buffer.bytes[wordStart...])
                buffer.words[last].byteCount += Int32(byteCount)
                buffer.words[last].scalarCount += scalarCount
                buffer.words[last].digitCount += 3
            } else {
                buffer.words.append(
                    ScannedWord(
                        key: StableHash.fnv1a(bytes: buffer.bytes[wordStart...]), start: Int32(wordStart),
                        byteCount: Int32(byteCount), scalarCount: scalarCount, digitCount: digitCount,
                        isCapitalized: isCapitalized, startsSentence: sentenceStart, isNumber: startsWithDigit,
                        followsSpaceOnly: gapIsSpaceOnly))
            }
            wordStart = buffer.bytes.count
            scalarCount = 0
            digits = 0
            others = 0
            hasCyrillic = false
            hasLookAlike = false
            gapIsSpaceOnly = true
            sentenceStart = false
        }

        /// Latin letters that look like Cyrillic ones, inside a word that has Cyrillic letters, become Cyrillic.
        private mutating func mapLookAlikes() {
            let latin = Array(buffer.bytes[wordStart...])
            buffer.bytes.removeSubrange(wordStart...)
            for byte in latin {
                let cyrillic = byte < 0x80 ? Self.lookAlikes[Int(byte)] : 0
                if cyrillic != 0 {
                    Self.appendUTF8(cyrillic, to: &buffer.bytes)
                } else {
                    buffer.bytes.append(byte)
                }
            }
        }

        // MARK: Characters

        static func decode(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> (scalar: UInt32, length: Int) {
            let lead = UInt32(utf8[index])
            if lead < 0x80 { return (lead, 1) }
            if lead < 0xE0 { return ((lead & 0x1F) << 6 | UInt32(utf8[index + 1] & 0x3F), 2) }
            if lead < 0xF0 {
                return ((lead & 0x0F) << 12 | UInt32(utf8[index + 1] & 0x3F) << 6 | UInt32(utf8[index + 2] & 0x3F), 3)
            }
            let value =
                (lead & 0x07) << 18 | UInt32(utf8[index + 1] & 0x3F) << 12 | UInt32(utf8[index + 2] & 0x3F) << 6
                | UInt32(utf8[index + 3] & 0x3F)
            return (value, 4)
        }

        static func appendUTF8(_ value: UInt32, to bytes: inout [UInt8]) {
            switch value {
            case ..<0x80:
                bytes.append(UInt8(value))
            case ..<0x800:
                bytes.append(UInt8(0xC0 | value >> 6))
                bytes.append(UInt8(0x80 | value & 0x3F))
            case ..<0x10000:
                bytes.append(UInt8(0xE0 | value >> 12))
                bytes.append(UInt8(0x80 | (value >> 6) & 0x3F))
                bytes.append(UInt8(0x80 | value & 0x3F))
            default:
                bytes.append(UInt8(0xF0 | value >> 18))
                bytes.append(UInt8(0x80 | (value >> 12) & 0x3F))
                bytes.append(UInt8(0x80 | (value >> 6) & 0x3F))
                bytes.append(UInt8(0x80 | value & 0x3F))
            }
        }

        /// The lower-case form of an ASCII letter or digit, or of a Cyrillic letter of Russian or Kazakh.
        static func lowercasedCommonLetter(_ value: UInt32) -> UInt32 {
            switch value {
            case 0x41...0x5A, 0x410...0x42F: value + 0x20
            case 0x400...0x40F: value + 0x50
            case 0x490...0x4BF, 0x4D8...0x4E9: value | 1  // upper case even, lower case odd
            default: value
            }
        }

        static func isDecimal(_ value: UInt32) -> Bool {
            if value < 0x80 { return (0x30...0x39).contains(value) }
            return Unicode.Scalar(value)?.properties.numericType == .decimal
        }

        static func isSpace(_ value: UInt32) -> Bool {
            if value < 0x80 { return value == 0x20 || value == 0x09 || value == 0x0A }
            return Unicode.Scalar(value)?.properties.isWhitespace ?? false
        }

        /// After these, the next word starts a sentence (or a quotation, or a speech after a dash), so its
        /// capital letter says nothing about whether it is a name.
        static func isSentenceBreak(_ value: UInt32) -> Bool {
            switch value {
            case 0x2E, 0x21, 0x3F, 0x2026, 0xAB, 0x22, 0x201C, 0x201E, 0x2013, 0x2014: true
            default: false
            }
        }

        /// What may open a sentence after a sentence's last mark and white space.
        static func startsSentence(_ value: UInt32) -> Bool {
            switch value {
            case 0x41...0x5A, 0x410...0x42F: return true
            case 0x61...0x7A, 0x430...0x44F: return false
            case 0x30...0x39, 0xAB, 0x22, 0x201C, 0x201E, 0x2013, 0x2014: return true
            default:
                guard let scalar = Unicode.Scalar(value) else { return false }
                return scalar.properties.isUppercase || scalar.properties.numericType == .decimal
            }
        }

        /// By ASCII code: the Cyrillic letter a lower-case Latin letter passes for (0: none). Upper-case
        /// look-alikes such as `M`, `T`, `H`, `B`, `K` arrive lower-cased; `i` is the Kazakh and Ukrainian `і`.
        static let lookAlikes: [UInt32] = {
            var table = [UInt32](repeating: 0, count: 128)
            let pairs: [(Unicode.Scalar, Unicode.Scalar)] = [
                ("a", "а"), ("b", "в"), ("c", "с"), ("e", "е"), ("h", "н"), ("i", "і"), ("k", "к"), ("m", "м"),
                ("o", "о"), ("p", "р"), ("t", "т"), ("x", "х"), ("y", "у"),
            ]
            for (latin, cyrillic) in pairs { table[Int(latin.value)] = cyrillic.value }
            return table
        }()
    }
}
