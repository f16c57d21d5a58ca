/// Text made safe to write into XML or HTML, whatever a source put in it.
///
/// Feed text can hold anything: control characters, characters XML forbids, `]]>`, markup. Everything written
/// goes through here, so the output is always well-formed: `&`, `<`, `>` and `"` are escaped (no CDATA sections,
/// so `]]>` needs nothing more), and characters XML 1.0 does not allow (C0 controls other than tab, line feed and
/// carriage return, U+FFFE and U+FFFF) are dropped, as are the C1 controls (U+0080-U+009F), which are allowed but
/// never meant. Swift strings hold no lone surrogates (the parser turned them into U+FFFD).
public enum Markup {
    /// `text` escaped for character data (element content).
    public static func escaped(_ text: String) -> String {
        escape(text, inAttribute: false)
    }

    /// `text` escaped for an attribute value in double quotes; line breaks and tabs become spaces (an attribute
    /// holds one line).
    public static func attribute(_ text: String) -> String {
        escape(text, inAttribute: true)
    }

    /// Whether XML 1.0 allows the character, and we want it.
    public static func isWritable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: true
        case 0x00...0x1F, 0x7F...0x9F, 0xFFFE, 0xFFFF: false
        default: true
        }
    }

    private static func escape(_ text: String, inAttribute: Bool) -> String {
        // Most text needs nothing: look first, copy only when something changes.
        let needsWork = text.utf8.contains { byte in
            byte < 0x20 || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                || byte == UInt8(ascii: "\"") || byte == 0x7F || byte == 0xC2 || byte == 0xEF
        }
        guard needsWork else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result.append(contentsOf: "&amp;".unicodeScalars)
            case "<": result.append(contentsOf: "&lt;".unicodeScalars)
            case ">": result.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": result.append(contentsOf: "&quot;".unicodeScalars)
            case "\t" where inAttribute, "\n" where inAttribute, "\r" where inAttribute: result.append(" ")
            case _ where !isWritable(scalar): continue
            default: result.append(scalar)
            }
        }
        return String(result)
    }
}
