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
}

/// Reads text straight from its UTF-8 into normalized words (see `TextNormalizer` for what is folded), hashing
/// each word as it goes; optionally splits it into sentences on the way.
///
/// This is the detector's hot loop: every entry's text passes through it once. Letters of Russian, Kazakh and
/// ASCII are told apart by their code points; only other scripts consult the Unicode tables.
enum WordScanner {
    /// Where a sentence starts: the index of its first word in `WordBuffer.words`, and the UTF-8 offset of its
    /// first character in the text scanned (`composed(text)`).
    struct SentenceStart: Sendable {
        var word: Int
        var offset: Int
    }

    /// `text` in composed form (NFC), as the scanner reads it: the offsets of `SentenceStart` are in this text.
    /// Composing is costly and rarely needed: only combining marks (U+0300-U+036F, lead bytes CC and CD) change.
    static func composed(_ text: String) -> String {
        var text = text
        guard text.withUTF8({ $0.contains { $0 == 0xCC || $0 == 0xCD } }) else { return text }
        return text.precomposedStringWithCanonicalMapping
    }

    /// Appends the words of `text` to `buffer`. With `splittingSentences`, returns where each sentence starts
    /// (a sentence ends at `.`, `!`, `?` or `…` followed by white space and a capital letter, a digit, a quote or
    /// a dash); else nothing.
    @discardableResult
    static func scan(_ text: String, into buffer: inout WordBuffer, splittingSentences: Bool = false)
        -> [SentenceStart]
    {
        var text = composed(text)
        return text.withUTF8 { utf8 in
            // Lower-casing makes at most three letters of one, and a look-alike two bytes of one: the normalized
            // letters fit three times the text.
            let capacity = 3 * utf8.count + 16
            let scratch = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            defer { scratch.deallocate() }
            var state = State(buffer: buffer, out: scratch, splittingSentences: splittingSentences)
            buffer = WordBuffer()  // the state's arrays are then the only references, and grow in place
            state.run(utf8)
            state.buffer.bytes.append(contentsOf: UnsafeBufferPointer(start: scratch, count: state.outCount))
            buffer = state.buffer
            return state.sentences
        }
    }

    /// The scanner's state across one text.
    private struct State {
        var buffer: WordBuffer
        /// The normalized letters of this text, before they join `buffer.bytes` (at `base`).
        let out: UnsafeMutablePointer<UInt8>
        var outCount = 0
        let base: Int
        let splittingSentences: Bool
        var sentences: [SentenceStart] = []
        let firstWord: Int
        // The word being read: its letters are `out[wordStart..<outCount]`.
        var wordStart = 0
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

        init(buffer: WordBuffer, out: UnsafeMutablePointer<UInt8>, splittingSentences: Bool) {
            self.buffer = buffer
            self.out = out
            self.splittingSentences = splittingSentences
            firstWord = buffer.words.count
            base = buffer.bytes.count
        }

        var wordIsEmpty: Bool { outCount == wordStart }

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
                if scalar > 0x7F && readLetterOfOtherScript(scalar) { return }
            }
            if (scalar == 0x2C || scalar == 0x2E) && index > 0 && index + 1 < utf8.count
                && Self.isDecimal(previous) && Self.isDecimal(Self.decode(utf8, at: index + 1).scalar)
            {
                out[outCount] = 0x2E  // 1,5 and 1.5 are one number
                outCount += 1
                scalarCount += 1
                others += 1
                return
            }
            endWord()
            if Self.isSentenceBreak(scalar) { sentenceStart = true }
            if !(scalar == 0x20 || scalar == 0xA0 || scalar == 0x2009 || scalar == 0x202F) { gapIsSpaceOnly = false }
        }

        /// A letter or digit beyond the common ones, looked up in the Unicode tables; false for anything else.
        /// (Kept out of `read`: the tables' types make every call of a function that touches them costly.)
        @inline(never)
        private mutating func readLetterOfOtherScript(_ scalar: UInt32) -> Bool {
            guard let unicode = Unicode.Scalar(scalar),
                unicode.properties.isAlphabetic || unicode.properties.numericType == .decimal
            else { return false }
            if wordIsEmpty { isCapitalized = unicode.properties.isUppercase }
            for lower in unicode.properties.lowercaseMapping.unicodeScalars {
                let value = lower.value
                let isDigit =
                    (0x30...0x39).contains(value) || (value > 0x7F && lower.properties.numericType == .decimal)
                append(value, isDigit: isDigit)
            }
            return true
        }

        private mutating func append(_ value: UInt32, isDigit: Bool) {
            let letter = value == 0x451 ? 0x435 : value  // ё → е
            if wordIsEmpty { startsWithDigit = isDigit }
            write(letter)
            scalarCount += 1
            if isDigit {
                digits += 1
                return
            }
            others += 1
            if (0x400...0x4FF).contains(letter) {
                hasCyrillic = true
            } else if letter < 0x80 && Self.isLookAlike(letter) {
                hasLookAlike = true
            }
        }

        /// Appends a letter's UTF-8 to `out`.
        @inline(__always)
        private mutating func write(_ value: UInt32) {
            switch value {
            case ..<0x80:
                out[outCount] = UInt8(value)
                outCount += 1
            case ..<0x800:
                out[outCount] = UInt8(0xC0 | value >> 6)
                out[outCount + 1] = UInt8(0x80 | value & 0x3F)
                outCount += 2
            case ..<0x10000:
                out[outCount] = UInt8(0xE0 | value >> 12)
                out[outCount + 1] = UInt8(0x80 | (value >> 6) & 0x3F)
                out[outCount + 2] = UInt8(0x80 | value & 0x3F)
                outCount += 3
            default:
                out[outCount] = UInt8(0xF0 | value >> 18)
                out[outCount + 1] = UInt8(0x80 | (value >> 12) & 0x3F)
                out[outCount + 2] = UInt8(0x80 | (value >> 6) & 0x3F)
                out[outCount + 3] = UInt8(0x80 | value & 0x3F)
                outCount += 4
            }
        }

        /// FNV-1a of `out[start..<end]`, continuing `hash`.
        private func hash(from start: Int, to end: Int, continuing hash: UInt64 = StableHash.offsetBasis) -> UInt64 {
            StableHash.fnv1a(continuing: hash, bytes: UnsafeBufferPointer(start: out + start, count: end - start))
        }

        private mutating func endWord() {
            guard !wordIsEmpty else { return }
            if hasCyrillic && hasLookAlike { mapLookAlikes() }
            let byteCount = outCount - wordStart
            let digitCount = others == 0 ? digits : 0
            if digitCount == 3, gapIsSpaceOnly, buffer.words.count > firstWord,
                buffer.words[buffer.words.count - 1].digitCount >= 1
            {
                // `1 500 000` written with spaces between groups of three is one number. The last word's
                // letters end where these begin.
                let last = buffer.words.count - 1
                buffer.words[last].key = hash(from: wordStart, to: outCount, continuing: buffer.words[last].key)
                buffer.words[last].byteCount += Int32(byteCount)
                buffer.words[last].scalarCount += scalarCount
                buffer.words[last].digitCount += 3
            } else {
                buffer.words.append(
                    ScannedWord(
                        key: hash(from: wordStart, to: outCount), start: Int32(base + wordStart),
                        byteCount: Int32(byteCount), scalarCount: scalarCount, digitCount: digitCount,
                        isCapitalized: isCapitalized, startsSentence: sentenceStart, isNumber: startsWithDigit,
                        followsSpaceOnly: gapIsSpaceOnly))
            }
            wordStart = outCount
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
            let latin = Array(UnsafeBufferPointer(start: out + wordStart, count: outCount - wordStart))
            outCount = wordStart
            for byte in latin {
                let cyrillic = byte < 0x80 ? Self.lookAlike(of: UInt32(byte)) : 0
                if cyrillic != 0 {
                    write(cyrillic)
                } else {
                    out[outCount] = byte
                    outCount += 1
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
            if (0x400...0x4FF).contains(value) { return false }
            return isDecimalInTables(value)
        }

        @inline(never)
        static func isDecimalInTables(_ value: UInt32) -> Bool {
            Unicode.Scalar(value)?.properties.numericType == .decimal
        }

        static func isSpace(_ value: UInt32) -> Bool {
            if value < 0x80 { return value == 0x20 || value == 0x09 || value == 0x0A }
            if (0x400...0x4FF).contains(value) { return false }
            return isSpaceInTables(value)
        }

        @inline(never)
        static func isSpaceInTables(_ value: UInt32) -> Bool {
            Unicode.Scalar(value)?.properties.isWhitespace ?? false
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
            default: return isCapitalOrDigitInTables(value)
            }
        }

        @inline(never)
        static func isCapitalOrDigitInTables(_ value: UInt32) -> Bool {
            guard let scalar = Unicode.Scalar(value) else { return false }
            return scalar.properties.isUppercase || scalar.properties.numericType == .decimal
        }

        /// The Cyrillic letter a lower-case Latin letter passes for (0: none). Upper-case look-alikes such as `M`,
        /// `T`, `H`, `B`, `K` arrive lower-cased; `i` is the Kazakh and Ukrainian `і`.
        static func lookAlike(of latin: UInt32) -> UInt32 {
            switch latin {
            case 0x61: 0x430  // a
            case 0x62: 0x432  // b: в
            case 0x63: 0x441  // c
            case 0x65: 0x435  // e
            case 0x68: 0x43D  // h: н
            case 0x69: 0x456  // i: і
            case 0x6B: 0x43A  // k
            case 0x6D: 0x43C  // m
            case 0x6F: 0x43E  // o
            case 0x70: 0x440  // p: р
            case 0x74: 0x442  // t
            case 0x78: 0x445  // x
            case 0x79: 0x443  // y: у
            default: 0
            }
        }

        static func isLookAlike(_ latin: UInt32) -> Bool { lookAlike(of: latin) != 0 }
    }
}
