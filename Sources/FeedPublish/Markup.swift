import CByteScan
import FeedModel

/// Text made safe to write into XML or HTML, whatever a source put in it.
///
/// Feed text can hold anything: control characters, characters XML forbids, `]]>`, markup. Everything written
/// goes through here, so the output is always well-formed: `&`, `<` and `>` are escaped, and `"` too in attribute
/// values (no CDATA sections, so `]]>` needs nothing more); the characters `PublishableText` names (those XML 1.0
/// does not allow, the C1 controls, and the bidirectional embeddings, overrides and isolates, with which a title can
/// show its text reversed: `\u{202E}txt.exe`) are dropped. Swift strings hold no lone surrogates (the parser turned
/// them into U+FFFD).
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
                if PublishableText.unwritableLength(utf8, at: index) > 0 { return false }
                index += 1
            }
            return true
        }
        guard !clean else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter(isWritable)))
    }

    /// Whether XML 1.0 allows the character, and we want it.
    public static func isWritable(_ scalar: Unicode.Scalar) -> Bool {
        PublishableText.isWritable(scalar)
    }

    /// Appends `text`, escaped, to `bytes` (UTF-8): what is safe is copied in runs, between the bytes that need a
    /// second look (the four it escapes, and those that may begin a character it drops or, in an attribute, a tab
    /// or line break it turns into a space), found 16 bytes at a time (`CByteScan`).
    public static func append(_ text: String, to bytes: inout [UInt8], inAttribute: Bool) {
        var text = text
        text.withUTF8 { utf8 in
            guard let start = utf8.baseAddress else { return }
            var runStart = 0
            var index = 0
            func flush(skipping count: Int) {
                if runStart < index {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                }
                index += count
                runStart = index
            }
            while true {
                index += feedmerge_markup_special(start + index, utf8.count - index)
                guard index < utf8.count else { break }
                let byte = utf8[index]
                switch byte {
                case UInt8(ascii: "&"):
                    flush(skipping: 1)
                    bytes.append(literal: "&amp;")
                case UInt8(ascii: "<"):
                    flush(skipping: 1)
                    bytes.append(literal: "&lt;")
                case UInt8(ascii: ">"):
                    flush(skipping: 1)
                    bytes.append(literal: "&gt;")
                case UInt8(ascii: "\"") where inAttribute:
                    flush(skipping: 1)
                    bytes.append(literal: "&quot;")
                case 0x09 where inAttribute, 0x0A where inAttribute, 0x0D where inAttribute:
                    flush(skipping: 1)
                    bytes.append(UInt8(ascii: " "))
                case _ where PublishableText.mayBeginUnwritable(byte):
                    let dropped = PublishableText.unwritableLength(utf8, at: index)
                    if dropped > 0 { flush(skipping: dropped) } else { index += 1 }
                default:
                    index += 1
                }
            }
            flush(skipping: 0)
        }
    }
}
