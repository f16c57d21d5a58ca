/// Plain text from a story's sanitized HTML, for the places that show text and no markup: the page's summaries
/// and JSON Feed's `summary`.
///
/// The result is text, never markup: whatever this stripper misreads is escaped by `Markup` when written, so a
/// mistake here can garble a summary but never inject anything. It reads the sanitizer's output (tags, the five
/// entities it writes, numeric references), not arbitrary HTML; anything else is kept as the text it is.
enum TextSummary {
    /// The most characters of a summary.
    static let length = 300

    /// The start of `html` as plain text, shortened to `length` characters.
    static func summary(of html: String?) -> String {
        guard let html, !html.isEmpty else { return "" }
        // The text stays bytes until it is cut: one `String` made, not two.
        return plainTextBytes(fromHTML: html, limit: length).withUnsafeBufferPointer {
            shortened($0, toAtMost: length)
        }
    }

    /// The text of `html`: tags removed (block tags and `<br>` become a space), entities decoded, white space
    /// collapsed to single spaces and trimmed; read no further than needed for `limit` characters and one more
    /// (so that `shortened` still sees that there was more). Read as UTF-8 bytes: tags and entities are ASCII.
    static func plainText(fromHTML html: String, limit: Int = .max) -> String {
        String(decoding: plainTextBytes(fromHTML: html, limit: limit), as: UTF8.self)
    }

    /// `plainText(fromHTML:limit:)` as UTF-8.
    private static func plainTextBytes(fromHTML html: String, limit: Int) -> [UInt8] {
        var html = html
        return html.withUTF8 { bytes in
            var words = TextAccumulator(capacity: limit == .max ? bytes.count : min(bytes.count, 4 * limit + 8))
            var index = 0
            while index < bytes.count && words.count <= limit {
                let byte = bytes[index]
                if byte == UInt8(ascii: "<"), let end = tagEnd(in: bytes, from: index) {
                    if isBlockTag(bytes, from: index + 1, to: end) { words.appendSpace() }
                    index = end + 1
                } else if byte == UInt8(ascii: "&"), let (decoded, end) = entity(in: bytes, from: index) {
                    words.append(decoded)
                    index = end + 1
                } else if let space = spaceLength(bytes, at: index) {
                    words.appendSpace()
                    index += space
                } else {
                    // This character and those after it up to the next tag, entity or space: copied at once.
                    var end = index + 1
                    var characters = 1
                    var count = words.count + words.pendingSpace + 1  // after this character
                    while end < bytes.count {
                        let next = bytes[end]
                        if next & 0xC0 == 0x80 {  // continues a character
                            end += 1
                            continue
                        }
                        guard next != UInt8(ascii: "<"), next != UInt8(ascii: "&"), count <= limit,
                            spaceLength(bytes, at: end) == nil
                        else { break }
                        characters += 1
                        count += 1
                        end += 1
                    }
                    words.append(UnsafeBufferPointer(rebasing: bytes[index..<end]), characters: characters)
                    index = end
                }
            }
            return words.bytes
        }
    }

    /// `text` cut to at most `limit` characters, at a space when there is one in the second half, with an
    /// ellipsis when anything was cut. Characters are counted as Unicode scalars, which for the languages of
    /// these feeds are their letters (and far cheaper to count).
    static func shortened(_ text: String, toAtMost limit: Int) -> String {
        var text = text
        return text.withUTF8 { shortened($0, toAtMost: limit) }
    }

    /// `shortened(_:toAtMost:)` of text as UTF-8.
    private static func shortened(_ utf8: UnsafeBufferPointer<UInt8>, toAtMost limit: Int) -> String {
        // Where each scalar starts: bytes that do not continue a sequence (10xxxxxx).
        var scalars = 0
        var end = utf8.count  // the byte offset of scalar `limit - 1`
        for (offset, byte) in utf8.enumerated() where byte & 0xC0 != 0x80 {
            if scalars == limit - 1 { end = offset }
            scalars += 1
            if scalars > limit { break }
        }
        guard limit > 1, scalars > limit else { return String(decoding: utf8, as: UTF8.self) }
        var cut = end
        // Cut inside a word: back to the space before it, unless that loses more than half.
        if utf8[end] != UInt8(ascii: " "), let space = utf8[..<end].lastIndex(of: UInt8(ascii: " ")),
            utf8[..<space].reduce(0, { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }) >= limit / 2
        {
            cut = space
        }
        while cut > 0 {
            let last = utf8[cut - 1]
            if last == UInt8(ascii: " ") || last == UInt8(ascii: ",") || last == UInt8(ascii: ";")
                || last == UInt8(ascii: ":")
            {
                cut -= 1
            } else if cut >= 3 && utf8[cut - 3] == 0xE2 && utf8[cut - 2] == 0x80 && last == 0x94 {
                cut -= 3  // an em dash
            } else {
                break
            }
        }
        var head = String(decoding: UnsafeBufferPointer(rebasing: utf8[..<cut]), as: UTF8.self)
        // A cut before a non-ASCII character may split what a reader sees as one (a letter and its accent, a
        // flag, an emoji sequence): then the split character goes too.
        if cut < utf8.count && utf8[cut] >= 0x80 && !Self.isCharacterBoundary(cut, in: utf8) {
            head.removeLast()
        }
        return head + "…"
    }

    /// Whether byte `offset` of `utf8` begins a character as a reader sees it (a grapheme cluster), by the
    /// standard library's rules. It looks at what comes before only as far as those rules need: a letter and the
    /// accents after it, never the whole text.
    private static func isCharacterBoundary(_ offset: Int, in utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let text = String(decoding: utf8, as: UTF8.self)
        return text.utf8.index(text.startIndex, offsetBy: offset).samePosition(in: text) != nil
    }

    /// The length in bytes of the white space character at `index` (what Unicode calls White_Space: ASCII
    /// spaces and controls, next line, no-break and the typographic spaces, the line and paragraph separators),
    /// or nil when there is none. Cyrillic letters and most punctuation begin with other bytes, and cost one test.
    private static func spaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let lead = bytes[index]
        if lead < 0x80 { return lead == 0x20 || (0x09...0x0D).contains(lead) ? 1 : nil }
        guard lead == 0xC2 || lead == 0xE1 || lead == 0xE2 || lead == 0xE3, index + 1 < bytes.count else {
            return nil
        }
        let second = bytes[index + 1]
        if lead == 0xC2 { return second == 0x85 || second == 0xA0 ? 2 : nil }
        guard index + 2 < bytes.count else { return nil }
        let third = bytes[index + 2]
        switch (lead, second) {
        case (0xE1, 0x9A): return third == 0x80 ? 3 : nil  // U+1680
        case (0xE2, 0x80): return (0x80...0x8A).contains(third) || [0xA8, 0xA9, 0xAF].contains(third) ? 3 : nil
        case (0xE2, 0x81): return third == 0x9F ? 3 : nil  // U+205F
        case (0xE3, 0x80): return third == 0x80 ? 3 : nil  // U+3000
        default: return nil
        }
    }

    /// The index of the `>` closing a tag, comment or declaration opened at `start`; nil when the `<` does not
    /// open one (`a < b` is text).
    static func tagEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start + 1 < bytes.count else { return nil }
        let next = bytes[start + 1]
        let isLetter = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(next | 0x20)
        guard isLetter || next == UInt8(ascii: "/") || next == UInt8(ascii: "!") || next == UInt8(ascii: "?") else {
            return nil
        }
        if next == UInt8(ascii: "!"), start + 3 < bytes.count, bytes[start + 2] == UInt8(ascii: "-"),
            bytes[start + 3] == UInt8(ascii: "-")
        {
            var index = start + 4
            while index + 2 < bytes.count {
                if bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "-"),
                    bytes[index + 2] == UInt8(ascii: ">")
                {
                    return index + 2
                }
                index += 1
            }
            return nil
        }
        var quote: UInt8?
        for index in (start + 1)..<bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return index
            }
        }
        return nil
    }

    /// The tags that separate words, each name's bytes in one number (`packed`): the longest has 10 letters.
    private static let blockTags: Set<UInt128> = Set(
        [
            "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
            "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table",
            "td", "th", "tr", "ul",
        ].map { packed($0.utf8) })

    /// Up to 16 bytes as one number, the first in the highest byte used.
    private static func packed(_ bytes: some Sequence<UInt8>) -> UInt128 {
        bytes.reduce(0) { $0 << 8 | UInt128($1) }
    }

    /// Whether the tag (its bytes between `<` and `>`) separates words: a block, a cell or a line break.
    static func isBlockTag(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var index = start
        while index < end && bytes[index] == UInt8(ascii: "/") { index += 1 }
        // The name, lower case, read until a byte that is neither a letter nor a digit; longer than any block tag
        // is no block tag.
        var name: UInt128 = 0
        var length = 0
        while index < end {
            let byte = bytes[index]
            let lower = byte | 0x20  // lower case, for letters (and digits are unchanged)
            guard (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(lower) || (0x30...0x39).contains(byte) else {
                break
            }
            length += 1
            guard length <= 10 else { return false }
            name = name << 8 | UInt128(lower)
            index += 1
        }
        return blockTags.contains(name)
    }

    private static let namedEntities: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
    ]

    /// The character an entity or character reference at `start` stands for, and the index of its `;`.
    static func entity(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (Unicode.Scalar, Int)? {
        var index = start + 1
        while index < bytes.count, index - start <= 10 {
            if bytes[index] == UInt8(ascii: ";") {
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + 1)..<index]), as: UTF8.self)
                guard let decoded = decode(name) else { return nil }
                return (decoded, index)
            }
            index += 1
        }
        return nil
    }

    private static func decode(_ name: String) -> Unicode.Scalar? {
        guard name.hasPrefix("#") else { return namedEntities[name] }
        let digits = name.dropFirst()
        let value: UInt32?
        if digits.first == "x" || digits.first == "X" {
            value = UInt32(digits.dropFirst(), radix: 16)
        } else {
            value = UInt32(digits, radix: 10)
        }
        return value.flatMap(Unicode.Scalar.init)
    }

    /// Text built a character at a time as UTF-8, white space collapsed as it comes.
    private struct TextAccumulator {
        private(set) var bytes: [UInt8] = []
        private var isSpacePending = false
        /// Characters (Unicode scalars) appended so far.
        private(set) var count = 0

        init(capacity: Int) {
            bytes.reserveCapacity(capacity)
        }

        mutating func appendSpace() {
            isSpacePending = !bytes.isEmpty
        }

        /// 1 when a space is due before the next character, else 0.
        var pendingSpace: Int { isSpacePending ? 1 : 0 }

        /// Characters that are not white space (`characters` of them), as their UTF-8 bytes.
        mutating func append(_ utf8: UnsafeBufferPointer<UInt8>, characters: Int) {
            if isSpacePending {
                bytes.append(UInt8(ascii: " "))
                count += 1
                isSpacePending = false
            }
            bytes.append(contentsOf: utf8)
            count += characters
        }

        /// One character (a decoded entity), which may be white space.
        mutating func append(_ scalar: Unicode.Scalar) {
            if scalar.properties.isWhitespace {
                appendSpace()
                return
            }
            var utf8: [UInt8] = []
            UTF8.encode(scalar) { utf8.append($0) }
            utf8.withUnsafeBufferPointer { append($0, characters: 1) }
        }
    }
}
