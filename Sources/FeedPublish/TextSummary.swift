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
        return shortened(plainText(fromHTML: html, limit: length), toAtMost: length)
    }

    /// The text of `html`: tags removed (block tags and `<br>` become a space), entities decoded, white space
    /// collapsed to single spaces and trimmed; read no further than needed for `limit` characters and one more
    /// (so that `shortened` still sees that there was more). Read as UTF-8 bytes: tags and entities are ASCII.
    static func plainText(fromHTML html: String, limit: Int = .max) -> String {
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
                } else {
                    let length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
                    let next = min(index + length, bytes.count)
                    words.append(UnsafeBufferPointer(rebasing: bytes[index..<next]))
                    index = next
                }
            }
            return words.text
        }
    }

    /// `text` cut to at most `limit` characters, at a space when there is one in the second half, with an
    /// ellipsis when anything was cut. Characters are counted as Unicode scalars, which for the languages of
    /// these feeds are their letters (and far cheaper to count).
    static func shortened(_ text: String, toAtMost limit: Int) -> String {
        var text = text
        return text.withUTF8 { utf8 in
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
    }

    /// Whether byte `offset` of `utf8` begins a character as a reader sees it (a grapheme cluster), by the
    /// standard library's rules. It looks at what comes before only as far as those rules need: a letter and the
    /// accents after it, never the whole text.
    private static func isCharacterBoundary(_ offset: Int, in utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let text = String(decoding: utf8, as: UTF8.self)
        return text.utf8.index(text.startIndex, offsetBy: offset).samePosition(in: text) != nil
    }

    /// The index of the `>` closing a tag, comment or declaration opened at `start`; nil when the `<` does not
    /// open one (`a < b` is text).
    private static func tagEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
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

    private static let blockTags: Set<String> = [
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
        "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table",
        "td", "th", "tr", "ul",
    ]

    /// Whether the tag (its bytes between `<` and `>`) separates words: a block, a cell or a line break.
    private static func isBlockTag(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var index = start
        while index < end && bytes[index] == UInt8(ascii: "/") { index += 1 }
        // The name, lower case, in a small string (no allocation: the longest block tag has 10 letters).
        var name = ""
        while index < end, name.utf8.count <= 10 {
            let byte = bytes[index] | 0x20  // lower case, for letters
            guard (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (0x30...0x39).contains(bytes[index])
            else { break }
            name.unicodeScalars.append(Unicode.Scalar((0x30...0x39).contains(bytes[index]) ? bytes[index] : byte))
            index += 1
        }
        return blockTags.contains(name)
    }

    private static let namedEntities: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
    ]

    /// The character an entity or character reference at `start` stands for, and the index of its `;`.
    private static func entity(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (Unicode.Scalar, Int)? {
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
        private var bytes: [UInt8] = []
        private var isSpacePending = false
        /// Characters (Unicode scalars) appended so far.
        private(set) var count = 0

        init(capacity: Int) {
            bytes.reserveCapacity(capacity)
        }

        var text: String { String(decoding: bytes, as: UTF8.self) }

        mutating func appendSpace() {
            isSpacePending = !bytes.isEmpty
        }

        /// One character, as its UTF-8 bytes.
        mutating func append(_ utf8: UnsafeBufferPointer<UInt8>) {
            if Self.isSpace(utf8) {
                appendSpace()
                return
            }
            if isSpacePending {
                bytes.append(UInt8(ascii: " "))
                count += 1
                isSpacePending = false
            }
            bytes.append(contentsOf: utf8)
            count += 1
        }

        mutating func append(_ scalar: Unicode.Scalar) {
            var utf8: [UInt8] = []
            UTF8.encode(scalar) { utf8.append($0) }
            utf8.withUnsafeBufferPointer { append($0) }
        }

        /// ASCII white space, and otherwise what Unicode calls white space (no-break and other spaces); Cyrillic
        /// letters (lead bytes D0-D3) never are.
        private static func isSpace(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
            guard let lead = utf8.first else { return false }
            if lead < 0x80 { return lead == 0x20 || (0x09...0x0D).contains(lead) }
            if (0xD0...0xD3).contains(lead) { return false }
            return isSpaceInTables(utf8)
        }

        @inline(never)
        private static func isSpaceInTables(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
            String(decoding: utf8, as: UTF8.self).unicodeScalars.first?.properties.isWhitespace ?? false
        }
    }
}
