/// Text reduced to what two reposts of one release still share: the words, in one spelling.
///
/// Regional reposts change case, swap «» for "", type Latin look-alikes inside Cyrillic words (a Latin `о` in
/// `акимат`), carry soft hyphens and no-break spaces, and write figures as `1 500` or `1500`, `1,5` or `1.5`.
/// All of that is folded here; what tells stories apart is kept: Kazakh letters stay distinct (`қ` is not `к`),
/// `й` is not folded into `и` (only `ё` into `е`, as Russian spelling itself allows), and digits stay digits.
public enum TextNormalizer {
    /// The words of `text`, normalized, in order (the scanner's words, spelled out).
    public static func words(_ text: String) -> [String] {
        var buffer = WordBuffer()
        WordScanner.scan(text, into: &buffer)
        return buffer.words.map(buffer.text)
    }
}
