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
    /// (so that `shortened` still sees that there was more).
    static func plainText(fromHTML html: String, limit: Int = .max) -> String {
        var words = TextAccumulator()
        // The start of the text is enough for a short summary: markup around it is rarely longer than this.
        let scalars = limit == .max ? Array(html.unicodeScalars) : Array(html.unicodeScalars.prefix(16 * limit + 4_096))
        var index = 0
        while index < scalars.count && words.count <= limit {
            let scalar = scalars[index]
            if scalar == "<", let end = tagEnd(in: scalars, from: index) {
                if isBlockTag(scalars[(index + 1)..<end]) { words.appendSpace() }
                index = end + 1
            } else if scalar == "&", let (decoded, end) = entity(in: scalars, from: index) {
                words.append(decoded)
                index = end + 1
            } else {
                words.append(scalar)
                index += 1
            }
        }
        return words.text
    }

    /// `text` cut to at most `limit` characters, at a space when there is one in the second half, with an
    /// ellipsis when anything was cut.
    static func shortened(_ text: String, toAtMost limit: Int) -> String {
        // Counted in Unicode scalars, which for the languages of these feeds are their letters (and far cheaper
        // to count than characters).
        let scalars = text.unicodeScalars
        // More than `limit`: a scalar at offset `limit` exists.
        guard limit > 1, let end = scalars.index(scalars.startIndex, offsetBy: limit - 1, limitedBy: scalars.endIndex),
            let beyond = scalars.index(end, offsetBy: 1, limitedBy: scalars.endIndex), beyond != scalars.endIndex
        else { return text }
        var cut = scalars[..<end]
        // Cut inside a word: back to the space before it, unless that loses more than half.
        if scalars[end] != " ", let space = cut.lastIndex(of: " "),
            scalars.distance(from: cut.startIndex, to: space) >= limit / 2
        {
            cut = cut[..<space]
        }
        while let last = cut.last, last == " " || last == "," || last == ";" || last == ":" || last == "—" {
            cut = cut.dropLast()
        }
        return String(String.UnicodeScalarView(cut)) + "…"
    }

    /// The index of the `>` closing a tag, comment or declaration opened at `start`; nil when the `<` does not
    /// open one (`a < b` is text).
    private static func tagEnd(in scalars: [Unicode.Scalar], from start: Int) -> Int? {
        guard start + 1 < scalars.count else { return nil }
        let next = scalars[start + 1]
        guard next.properties.isAlphabetic || next == "/" || next == "!" || next == "?" else { return nil }
        if next == "!", start + 3 < scalars.count, scalars[start + 2] == "-", scalars[start + 3] == "-" {
            var index = start + 4
            while index + 2 < scalars.count {
                if scalars[index] == "-", scalars[index + 1] == "-", scalars[index + 2] == ">" { return index + 2 }
                index += 1
            }
            return nil
        }
        var quote: Unicode.Scalar?
        for index in (start + 1)..<scalars.count {
            let scalar = scalars[index]
            if let open = quote {
                if scalar == open { quote = nil }
            } else if scalar == "\"" || scalar == "'" {
                quote = scalar
            } else if scalar == ">" {
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

    /// Whether the tag (its text between `<` and `>`) separates words: a block, a cell or a line break.
    private static func isBlockTag(_ tag: ArraySlice<Unicode.Scalar>) -> Bool {
        var name = String.UnicodeScalarView()
        for scalar in tag.drop(while: { $0 == "/" }) {
            guard scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) else { break }
            name.append(scalar)
        }
        return blockTags.contains(String(name).lowercased())
    }

    private static let namedEntities: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
    ]

    /// The character an entity or character reference at `start` stands for, and the index of its `;`.
    private static func entity(in scalars: [Unicode.Scalar], from start: Int) -> (Unicode.Scalar, Int)? {
        var name = ""
        var index = start + 1
        while index < scalars.count, index - start <= 10 {
            let scalar = scalars[index]
            if scalar == ";" {
                guard let decoded = decode(name) else { return nil }
                return (decoded, index)
            }
            name.unicodeScalars.append(scalar)
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

    /// Text built a character at a time, white space collapsed as it comes.
    private struct TextAccumulator {
        private var scalars = String.UnicodeScalarView()
        private var isSpacePending = false
        /// Scalars appended so far (at least the characters).
        private(set) var count = 0

        var text: String { String(scalars) }

        mutating func appendSpace() {
            isSpacePending = !scalars.isEmpty
        }

        mutating func append(_ scalar: Unicode.Scalar) {
            let isSpace =
                scalar.value < 0x80
                ? scalar == " " || (0x09...0x0D).contains(scalar.value)
                : scalar.value >= 0x400 && scalar.value < 0x500 ? false : scalar.properties.isWhitespace
            if isSpace {
                appendSpace()
                return
            }
            if isSpacePending {
                scalars.append(" ")
                count += 1
                isSpacePending = false
            }
            scalars.append(scalar)
            count += 1
        }
    }
}
