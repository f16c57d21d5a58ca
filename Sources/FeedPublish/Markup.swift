/// Text made safe to write into XML or HTML, whatever a source put in it.
///
/// Feed text can hold anything: control characters, characters XML forbids, `]]>`, markup. Everything written
/// goes through here, so the output is always well-formed: `&`, `<`, `>` and `"` are escaped (no CDATA sections,
/// so `]]>` needs nothing more), and characters XML 1.0 does not allow (C0 controls other than tab, line feed and
/// carriage return, U+FFFE and U+FFFF) are dropped, as are the C1 controls (U+0080-U+009F), which are allowed but
/// never meant, and the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), with
/// which a title can show its text reversed (`\u{202E}txt.exe`). Swift strings hold no lone surrogates (the
/// parser turned them into U+FFFD).
public enum Markup {
    /// `text` escaped for character data (element content).
    public static func escaped(_ text: String) -> String {
        var bytes: [UInt8] = []
        append(text, to: &bytes, inAttribute: false)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text` escaped for an attribute value in double quotes; line breaks and tabs become spaces (an attribute
    /// holds one line).
    public static func attribute(_ text: String) -> String {
        var bytes: [UInt8] = []
        append(text, to: &bytes, inAttribute: true)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text` without the characters dropped from everything published (for JSON, which escapes the rest itself).
    public static func writable(_ text: String) -> String {
        var text = text
        let clean = text.withUTF8 { utf8 in
            var index = 0
            while index < utf8.count {
                if unwritableLength(utf8, at: index) > 0 { return false }
                index += 1
            }
            return true
        }
        guard !clean else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter(isWritable)))
    }

    /// How many bytes at `index` make a character that is never written (0: none): a control character, a C1
    /// control, U+FFFE or U+FFFF, or a bidirectional embedding, override or isolate.
    @inline(__always)
    static func unwritableLength(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = utf8[index]
        switch byte {
        case 0x09, 0x0A, 0x0D: return 0
        case 0x00...0x1F, 0x7F: return 1
        case 0xC2: return index + 1 < utf8.count && (0x80...0x9F).contains(utf8[index + 1]) ? 2 : 0
        case 0xE2:
            guard index + 2 < utf8.count else { return 0 }
            let (second, third) = (utf8[index + 1], utf8[index + 2])
            return second == 0x80 && (0xAA...0xAE).contains(third) || second == 0x81 && (0xA6...0xA9).contains(third)
                ? 3 : 0
        case 0xEF: return index + 2 < utf8.count && utf8[index + 1] == 0xBF && utf8[index + 2] >= 0xBE ? 3 : 0
        default: return 0
        }
    }

    /// Whether XML 1.0 allows the character, and we want it.
    public static func isWritable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: true
        case 0x00...0x1F, 0x7F...0x9F, 0xFFFE, 0xFFFF, 0x202A...0x202E, 0x2066...0x2069: false
        default: true
        }
    }

    /// Appends `text`, escaped, to `bytes` (UTF-8): what is safe is copied in runs, byte by byte only where
    /// something changes.
    public static func append(_ text: String, to bytes: inout [UInt8], inAttribute: Bool) {
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            var index = 0
            func flush(skipping count: Int) {
                if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                index += count
                runStart = index
            }
            while index < utf8.count {
                let byte = utf8[index]
                switch byte {
                case UInt8(ascii: "&"):
                    flush(skipping: 1)
                    bytes.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "<"):
                    flush(skipping: 1)
                    bytes.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"):
                    flush(skipping: 1)
                    bytes.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "\""):
                    flush(skipping: 1)
                    bytes.append(contentsOf: "&quot;".utf8)
                case 0x09 where inAttribute, 0x0A where inAttribute, 0x0D where inAttribute:
                    flush(skipping: 1)
                    bytes.append(UInt8(ascii: " "))
                default:
                    let dropped = unwritableLength(utf8, at: index)
                    if dropped > 0 { flush(skipping: dropped) } else { index += 1 }
                }
            }
            flush(skipping: 0)
        }
    }
}
