import Foundation

/// Text reduced to what two reposts of one release still share: the words, in one spelling.
///
/// Regional reposts change case, swap «» for "", type Latin look-alikes inside Cyrillic words (a Latin `о` in
/// `акимат`), carry soft hyphens and no-break spaces, and write figures as `1 500` or `1500`, `1,5` or `1.5`.
/// All of that is folded here; what tells stories apart is kept: Kazakh letters stay distinct (`қ` is not `к`),
/// `й` is not folded into `и` (only `ё` into `е`, as Russian spelling itself allows), and digits stay digits.
public enum TextNormalizer {
    /// The words of `text`, normalized, in order.
    public static func words(_ text: String) -> [String] {
        let composed = text.precomposedStringWithCanonicalMapping.lowercased()
        var words: [String] = []
        var word = String.UnicodeScalarView()
        func endWord() {
            guard !word.isEmpty else { return }
            words.append(String(mappingLookAlikes(in: word)))
            word = String.UnicodeScalarView()
        }
        let scalars = Array(composed.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar.value {
            case 0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF:
                break  // soft hyphen and zero-width characters: inside words, not between them
            case 0x451:
                word.append("е")  // ё
            case _ where scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal:
                word.append(scalar)
            case _ where isDecimalSeparator(scalars, at: index):
                word.append(".")  // 1,5 and 1.5 are one number
            default:
                endWord()
            }
            index += 1
        }
        endWord()
        return joiningDigitGroups(words)
    }

    /// A comma or point between digits.
    private static func isDecimalSeparator(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard scalars[index] == "," || scalars[index] == ".", index > 0, index + 1 < scalars.count else { return false }
        return scalars[index - 1].properties.numericType == .decimal
            && scalars[index + 1].properties.numericType == .decimal
    }

    /// `1 500 000` written with spaces between groups of three is one number.
    private static func joiningDigitGroups(_ words: [String]) -> [String] {
        var result: [String] = []
        for word in words {
            if let last = result.last, isDigits(last, count: 1...3) || isGroupedNumber(last),
                isDigits(word, count: 3...3)
            {
                result[result.count - 1] = last + word
            } else {
                result.append(word)
            }
        }
        return result
    }

    private static func isDigits(_ word: String, count: ClosedRange<Int>) -> Bool {
        count.contains(word.unicodeScalars.count)
            && word.unicodeScalars.allSatisfy { $0.properties.numericType == .decimal }
    }

    /// A number already joined from groups (4 or more digits, a multiple of three after the first group).
    private static func isGroupedNumber(_ word: String) -> Bool {
        word.unicodeScalars.count > 3 && word.unicodeScalars.allSatisfy { $0.properties.numericType == .decimal }
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
