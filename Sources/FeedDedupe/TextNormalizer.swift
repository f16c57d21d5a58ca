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
    }

    /// The words of `text`, normalized, in order.
    public static func words(_ text: String) -> [String] {
        tokens(text).map(\.text)
    }

    /// The words of `text`, normalized, in order, each with its case and place in the sentence.
    public static func tokens(_ text: some StringProtocol) -> [Token] {
        var buffer = WordBuffer()
        WordScanner.scan(String(text), into: &buffer)
        return buffer.words.map { word in
            Token(
                text: buffer.text(of: word), isCapitalized: word.isCapitalized, startsSentence: word.startsSentence,
                isNumber: word.isNumber)
        }
    }
}
